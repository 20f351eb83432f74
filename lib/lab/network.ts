/**
 * LabNetwork: where a lab run's clients meet its server nodes. Each connection is a pipe
 * with the run's faults (and the client's own); one tap records them all; each connection
 * is known by its id, the client that opened it and the node that serves it; a node can be
 * restarted.
 */
import type { ByteTransport, Clock, RandomSource } from '../endpoint/transport.ts';
import { createPipe, Tap, type Pipe, type PipeOptions } from './pipe.ts';
import type { LabServer } from './server.ts';

/** Chooses the node for a new connection, e.g. sticky by client, or round robin. */
export type Placement = (connection: { client: string; url: string; number: number }, nodes: readonly string[]) => string;

/** Built-in placements: `sticky` keeps a client on one node (by its name); `round-robin` spreads connections. */
export const PLACEMENTS = {
  /** The same client always lands on the same node: a hash of its name. */
  sticky: ((connection, nodes) => {
    let hash = 2166136261;
    for (let i = 0; i < connection.client.length; i++) hash = Math.imul(hash ^ connection.client.charCodeAt(i), 16777619) >>> 0;
    return nodes[hash % nodes.length];
  }) as Placement,
  /** Each new connection goes to the next node, whoever opens it — what a load balancer without stickiness does. */
  'round-robin': ((connection, nodes) => nodes[(connection.number - 1) % nodes.length]) as Placement,
} as const;

/** Options for {@link LabNetwork}. */
export interface LabNetworkOptions {
  /** The one server (a node named `server`), or several named nodes. */
  server?: LabServer;
  nodes?: Readonly<Record<string, LabServer>>;
  /** Which node serves a new connection (default: sticky). */
  placement?: Placement | keyof typeof PLACEMENTS;
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

/** The client name of connections opened without one (the page). */
export const DEFAULT_CLIENT = 'page';

/** What the network knows of one connection. */
export interface LabConnection {
  id: number;
  /** The client that opened it. */
  client: string;
  /** The node that serves it ('' when it was refused before reaching one). */
  node: string;
  /** The URL the client asked for, when known. */
  url: string;
  pipe: Pipe;
}

/** What a client asks of {@link LabNetwork.connect}. */
export interface ConnectOptions {
  /** Who is connecting (default 'page'). */
  client?: string;
  url?: string;
  /** The object that owns the connection (a LabWebSocket), so {@link LabNetwork.connectionOf} can find it. */
  owner?: object;
  /** Send this connection to a given node, whatever the placement says. */
  node?: string;
}

/** The in-browser network of one lab run. */
export class LabNetwork {
  readonly nodes: ReadonlyMap<string, LabServer>;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly tap: Tap;
  readonly origin: string;
  /** Faults for every new connection; a client's own faults are added to them. */
  faults: PipeOptions;
  /** Faults of one client's connections, by client name. */
  readonly clientFaults = new Map<string, PipeOptions>();
  readonly connections: LabConnection[] = [];
  private readonly placement: Placement;
  private readonly owners = new WeakMap<object, LabConnection>();
  private readonly downUntil = new Map<string, number>();
  private readonly errorListeners: Array<(error: unknown) => void> = [];

  constructor(options: LabNetworkOptions) {
    const nodes = options.nodes ?? (options.server ? { server: options.server } : {});
    if (Object.keys(nodes).length === 0) throw new TypeError('A lab network needs a server or at least one node');
    this.nodes = new Map(Object.entries(nodes));
    this.clock = options.clock;
    this.random = options.random;
    this.faults = options.faults ?? {};
    this.tap = options.tap ?? new Tap();
    this.origin = options.origin ?? LAB_ORIGIN;
    const placement = options.placement ?? 'sticky';
    this.placement = typeof placement === 'function' ? placement : PLACEMENTS[placement];
  }

  /** The only node's server, or the first node's. */
  get server(): LabServer {
    return this.nodes.values().next().value!;
  }

  /** The pipes of every connection so far, in order. */
  get pipes(): Pipe[] {
    return this.connections.map((connection) => connection.pipe);
  }

  /**
   * Opens a connection to a node and returns the client's end. While that node is
   * restarting, the connection is refused: the client's stream ends at once.
   */
  connect(options: ConnectOptions = {}): ByteTransport {
    const id = this.connections.length + 1;
    const client = options.client ?? DEFAULT_CLIENT;
    const url = options.url ?? '';
    const names = [...this.nodes.keys()];
    const node = options.node ?? (names.length === 1 ? names[0] : this.placement({ client, url, number: id }, names));
    const server = this.nodes.get(node);
    if (!server) throw new Error(`No node named "${node}" (the nodes are ${names.join(', ')})`);
    const pipe = createPipe(this.clock, this.tap, { ...this.faults, ...this.clientFaults.get(client) }, id);
    const connection: LabConnection = { id, client, node, url, pipe };
    this.connections.push(connection);
    if (options.owner) this.owners.set(options.owner, connection);
    if (this.isDown(node)) {
      this.tap.record({ kind: 'event', connection: id, at: this.clock.now(), event: 'refused', detail: `${this.nodes.size > 1 ? `Node ${node}` : 'The server'} is restarting: connection refused` });
      // Refused once the caller has attached its listeners, as a socket's error comes after connect() returns.
      this.clock.setTimeout(() => pipe.cut('refused'), 0);
      return pipe.client;
    }
    server.connect(pipe.server, { clock: this.clock, random: this.random });
    return pipe.client;
  }

  /** The connection opened for `owner` (e.g. a LabWebSocket), if any. */
  connectionOf(owner: object): LabConnection | undefined {
    return this.owners.get(owner);
  }

  /** The connection with this id. */
  connection(id: number): LabConnection | undefined {
    return this.connections[id - 1];
  }

  /** Cuts every open connection now (no close frames), as a crash or a pulled cable would; only a node's, when named. */
  cutAll(reason = 'Every connection was cut', node?: string): void {
    for (const connection of this.connections) {
      if ((node === undefined || connection.node === node) && !connection.pipe.closed) connection.pipe.cut(reason);
    }
  }

  /** Restarts a node (default: every node): its connections are cut and new ones refused for `downMs`. */
  restartServer(downMs: number, node?: string): void {
    const which = node === undefined ? 'The server' : `Node ${node}`;
    this.tap.record({ kind: 'event', connection: 0, at: this.clock.now(), event: 'restart', detail: `${which} restarts: connections cut, refused for ${downMs} ms` });
    this.cutAll(`${which} restarted`, node);
    for (const name of node === undefined ? this.nodes.keys() : [node]) this.downUntil.set(name, this.clock.now() + downMs);
  }

  /** Whether a node (default: any node) is refusing connections. */
  isDown(node?: string): boolean {
    const now = this.clock.now();
    if (node !== undefined) return now < (this.downUntil.get(node) ?? -Infinity);
    return [...this.downUntil.values()].some((until) => now < until);
  }

  /**
   * Reports an exception thrown by a page's event listener. A browser reports it to the
   * console and goes on; the lab hands it to its error listeners, or throws it in a later
   * task when there are none, so it is never lost.
   */
  reportError(error: unknown): void {
    if (this.errorListeners.length === 0) {
      queueMicrotask(() => { throw error; });
      return;
    }
    for (const listener of this.errorListeners) listener(error);
  }

  /** Calls `listener` with every exception a page's event listener throws. */
  onError(listener: (error: unknown) => void): void {
    this.errorListeners.push(listener);
  }

  /** Whether the server is refusing connections. */
  get down(): boolean {
    return this.isDown();
  }
}
