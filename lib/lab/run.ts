/**
 * A lab run: server nodes, one network, a seeded random source and a clock — everything a
 * scenario or a check needs, so the same seed replays the same bytes.
 */
import { realClock, seededRandom, virtualClock, type VirtualClock } from '../endpoint/time.ts';
import type { Clock } from '../endpoint/transport.ts';
import { LabNetwork, type Placement, type PLACEMENTS } from './network.ts';
import type { PipeOptions, Tap } from './pipe.ts';
import type { LabServer } from './server.ts';
import { createLabWebSocketClass, type LabPage, type LabWebSocketClass } from './websocket.ts';
import { buildWireLog, type WireLog } from './wire-log.ts';

/** Options for {@link createLabRun}: one `server`, or several named `nodes`. */
export interface LabRunOptions {
  server?: LabServer;
  nodes?: Readonly<Record<string, LabServer>>;
  /** Which node a new connection goes to (default: sticky by client name). */
  placement?: Placement | keyof typeof PLACEMENTS;
  /** Seed for masking keys, handshake keys and random chunk sizes. */
  seed?: number;
  faults?: PipeOptions;
  /** 'virtual' (default) moves time only when told, for tests and instant replays; 'real' uses the platform's timers; or a clock made already (a virtual one stays virtual). */
  clock?: 'virtual' | 'real' | Clock;
  /** The tap to record into (default: a new one), e.g. one a broker records into as well. */
  tap?: Tap;
  /** The origin of the lab's pages (see {@link LabNetworkOptions.origin}). */
  origin?: string;
}

/** Everything a scenario touches. */
export interface LabRun {
  network: LabNetwork;
  /** The WebSocket class bound to this run's network, as the page (client 'page'). */
  WebSocket: LabWebSocketClass;
  /** A WebSocket class for a named client, with faults of its own added to the run's, and its page's origin and browser-added headers. */
  client(name: string, faults?: PipeOptions, page?: LabPage): LabWebSocketClass;
  clock: Clock;
  /** Present with a virtual clock: advance time and let handlers run. */
  virtual?: VirtualClock;
  /** The run so far as a wire log. */
  wireLog(): WireLog;
}

const isVirtual = (clock: Clock): clock is VirtualClock => typeof (clock as Partial<VirtualClock>).runWhile === 'function';

/** Sets up a lab run. */
export function createLabRun(options: LabRunOptions): LabRun {
  const choice = options.clock ?? 'virtual';
  const given = typeof choice === 'object' ? choice : undefined;
  const virtual = choice === 'virtual' ? virtualClock() : given && isVirtual(given) ? given : undefined;
  const clock: Clock = virtual ?? given ?? realClock();
  const network = new LabNetwork({
    server: options.server, nodes: options.nodes, placement: options.placement,
    clock, random: seededRandom(options.seed ?? 1), faults: options.faults, origin: options.origin, tap: options.tap,
  });
  return {
    network,
    WebSocket: createLabWebSocketClass(network),
    client(name, faults, page) {
      if (faults) network.clientFaults.set(name, faults);
      return createLabWebSocketClass(network, { client: name, page });
    },
    clock,
    ...(virtual ? { virtual } : {}),
    wireLog: () => buildWireLog(network.tap.records),
  };
}
