/**
 * A lab run: one server, one network, a seeded random source and a clock — everything a
 * scenario needs, so the same seed replays the same bytes.
 */
import { realClock, seededRandom, virtualClock, type VirtualClock } from '../endpoint/time.ts';
import type { Clock } from '../endpoint/transport.ts';
import { LabNetwork, type LabNetworkOptions } from './network.ts';
import type { PipeOptions } from './pipe.ts';
import type { LabServer } from './server.ts';
import { createLabWebSocketClass, type LabWebSocketClass } from './websocket.ts';
import { buildWireLog, type WireLog } from './wire-log.ts';

/** Options for {@link createLabRun}. */
export interface LabRunOptions {
  server: LabServer;
  /** Seed for masking keys, handshake keys and random chunk sizes. */
  seed?: number;
  faults?: PipeOptions;
  /** 'virtual' (default) moves time only when told, for tests and instant replays; 'real' uses the platform's timers. */
  clock?: 'virtual' | 'real' | Clock;
  /** The origin of the lab's pages (see {@link LabNetworkOptions.origin}). */
  origin?: string;
}

/** Everything a scenario touches. */
export interface LabRun {
  network: LabNetwork;
  /** The WebSocket class bound to this run's network. */
  WebSocket: LabWebSocketClass;
  clock: Clock;
  /** Present with a virtual clock: advance time and let handlers run. */
  virtual?: VirtualClock;
  /** The run so far as a wire log. */
  wireLog(): WireLog;
}

/** Sets up a lab run. */
export function createLabRun(options: LabRunOptions): LabRun {
  const choice = options.clock ?? 'virtual';
  const virtual = choice === 'virtual' ? virtualClock() : undefined;
  const clock: Clock = virtual ?? (choice === 'real' ? realClock() : (choice as Clock));
  const network = new LabNetwork({ server: options.server, clock, random: seededRandom(options.seed ?? 1), faults: options.faults, origin: options.origin });
  return {
    network,
    WebSocket: createLabWebSocketClass(network),
    clock,
    ...(virtual ? { virtual } : {}),
    wireLog: () => buildWireLog(network.tap.records),
  };
}
