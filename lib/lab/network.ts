/**
 * LabNetwork: where a lab run's clients meet its server. Each connection is a pipe with
 * the run's faults; one tap records them all; the server can be restarted.
 */
import type { ByteTransport, Clock, RandomSource } from '../endpoint/transport.ts';
import { createPipe, Tap, type Pipe, type PipeOptions } from './pipe.ts';
import type { LabServer } from './server.ts';

/** Options for {@link LabNetwork}. */
export interface LabNetworkOptions {
  server: LabServer;
  clock: Clock;
  /** Randomness for both ends (masking keys, handshake keys). */
  random: RandomSource;
  /** Faults applied to every new connection. */
  faults?: PipeOptions;
  tap?: Tap;
  /**
   * The origin of the lab's pages: the base that relative WebSocket URLs are parsed
   * against, and the Origin a LabWebSocket sends. Default `http://lab.local`.
   */
  origin?: string;
}

/** The origin of a lab network's pages unless told otherwise. */
export const LAB_ORIGIN = 'http://lab.local';

/** The in-browser network of one lab run. */
export class LabNetwork {
  readonly server: LabServer;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly tap: Tap;
  readonly origin: string;
  faults: PipeOptions;
  readonly pipes: Pipe[] = [];
  private downUntil = -Infinity;
  private connectionCount = 0;

  constructor(options: LabNetworkOptions) {
    this.server = options.server;
    this.clock = options.clock;
    this.random = options.random;
    this.faults = options.faults ?? {};
    this.tap = options.tap ?? new Tap();
    this.origin = options.origin ?? LAB_ORIGIN;
  }

  /**
   * Opens a connection to the server and returns the client's end. While the server is
   * restarting, the connection is refused: the client's stream ends at once.
   */
  connect(): ByteTransport {
    const id = ++this.connectionCount;
    const pipe = createPipe(this.clock, this.tap, this.faults, id);
    this.pipes.push(pipe);
    if (this.clock.now() < this.downUntil) {
      this.tap.record({ kind: 'event', connection: id, at: this.clock.now(), event: 'refused', detail: 'The server is restarting: connection refused' });
      // Refused once the caller has attached its listeners, as a socket's error comes after connect() returns.
      this.clock.setTimeout(() => pipe.cut('refused'), 0);
      return pipe.client;
    }
    this.server.connect(pipe.server, { clock: this.clock, random: this.random });
    return pipe.client;
  }

  /** Cuts every open connection now (no close frames), as a crash or a pulled cable would. */
  cutAll(reason = 'Every connection was cut'): void {
    for (const pipe of this.pipes) if (!pipe.closed) pipe.cut(reason);
  }

  /** Restarts the server: every connection is cut and new ones are refused for `downMs`. */
  restartServer(downMs: number): void {
    this.tap.record({ kind: 'event', connection: 0, at: this.clock.now(), event: 'restart', detail: `The server restarts: connections cut, refused for ${downMs} ms` });
    this.cutAll('The server restarted');
    this.downUntil = this.clock.now() + downMs;
  }

  /** Whether the server is refusing connections. */
  get down(): boolean {
    return this.clock.now() < this.downUntil;
  }
}
