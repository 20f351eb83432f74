/**
 * The lab a check runs in: a fresh network on a virtual clock, seeded, with the lesson
 * endpoints and whatever server code the check mounts, and named clients the check drives.
 * Learner code gets this lab's `WebSocket`, timers and `Date`, so a check that needs five
 * minutes of lab time runs in milliseconds and replays exactly from its seed.
 */
import { seededRandom, unitRandom, type VirtualClock } from '../../lib/endpoint/time.ts';
import { toHex } from '../util/hex.ts';
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import {
  createLabRun, type LabConnection, type LabRun, type LabServer, type LabWebSocketBase, type PipeOptions,
  type WebSocketHandler, type WireEntry, type WireLog,
} from '../../lib/lab/index.ts';

/** A check's failure about what a client saw: `expected` and `actual` are shown side by side. */
export class LabAssertionError extends Error {
  override readonly name = 'AssertionError';
  constructor(message: string, readonly expected?: unknown, readonly actual?: unknown) {
    super(message);
  }
}

/** Lab time as a learner reads it: "12.345 s". */
export const labTime = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

/** Something a client saw, with the lab time it saw it. */
export type ClientEvent =
  | { type: 'open'; at: number; protocol: string }
  | { type: 'message'; at: number; data: string | Uint8Array }
  | { type: 'error'; at: number }
  | { type: 'close'; at: number; code: number; reason: string; wasClean: boolean };

/** How a client's connection ended. */
export interface ClientClose {
  code: number;
  reason: string;
  wasClean: boolean;
  at: number;
}

/** Options for {@link ExerciseLab.connect}. */
export interface ClientOptions {
  protocols?: string | string[];
  /** Faults on this client's connections only: latency, a drop after N bytes … */
  faults?: PipeOptions;
  /** The Origin this client's handshakes carry, for a page on another site (default: the lab's own, http://lab.local). */
  origin?: string;
  /** Headers this client's browser adds to its handshakes on its own, e.g. a Cookie it holds. */
  headers?: Record<string, string>;
}

/** Default wait for something a client expects, in ms of lab time. */
export const DEFAULT_WAIT_MS = 5000;

const describe = (data: string | Uint8Array): string =>
  typeof data === 'string' ? JSON.stringify(data) : `${data.length} bytes [${toHex(data.subarray(0, 16))}${data.length > 16 ? ' …' : ''}]`;

/**
 * A named client a check drives: a browser-style LabWebSocket underneath, with a queue of
 * what it received, so a check can wait for the next message, for nothing, or for the close.
 */
export class TestClient {
  readonly socket: LabWebSocketBase;
  /** Everything the client saw, in order. */
  readonly events: ClientEvent[] = [];
  /** Every message received, in order (text as strings, binary as bytes). */
  readonly messages: Array<string | Uint8Array> = [];
  private read = 0;
  private readonly waiters: Array<() => void> = [];
  private closeInfo?: ClientClose;

  constructor(readonly name: string, readonly lab: ExerciseLab, url: string, options: ClientOptions = {}) {
    const WebSocket = lab.run.client(name, options.faults, { origin: options.origin, headers: options.headers });
    this.socket = new WebSocket(url, options.protocols);
    this.socket.binaryType = 'arraybuffer';
    const now = () => lab.clock.now();
    this.socket.addEventListener('open', () => this.push({ type: 'open', at: now(), protocol: this.socket.protocol }));
    this.socket.addEventListener('message', (event) => {
      const raw = (event as MessageEvent).data as unknown;
      const data = typeof raw === 'string' ? raw : new Uint8Array(raw as ArrayBuffer);
      this.messages.push(data);
      this.push({ type: 'message', at: now(), data });
    });
    this.socket.addEventListener('error', () => this.push({ type: 'error', at: now() }));
    this.socket.addEventListener('close', (event) => {
      const { code, reason, wasClean } = event as Event & { code: number; reason: string; wasClean: boolean };
      this.closeInfo = { code, reason, wasClean, at: now() };
      this.push({ type: 'close', at: now(), code, reason, wasClean });
    });
  }

  /** The connection in the network: its id and the node that serves it. */
  get connection(): LabConnection | undefined {
    return this.lab.run.network.connectionOf(this.socket);
  }

  /** How the connection ended, once it has. */
  get closed(): ClientClose | undefined {
    return this.closeInfo;
  }

  /** Waits until the socket is open; fails, naming the client, if it closes or errors first. */
  async opened(withinMs = DEFAULT_WAIT_MS): Promise<this> {
    await this.until(() => this.events.some((e) => e.type === 'open' || e.type === 'close'), withinMs, 'to open');
    if (!this.events.some((e) => e.type === 'open')) {
      throw new LabAssertionError(`${this.name} could not connect: ${this.story()}`, 'open', this.story());
    }
    return this;
  }

  /** Sends text, or bytes, as the browser's `send` does. */
  send(data: string | Uint8Array): void {
    this.socket.send(data);
  }

  /** Sends a value as JSON text. */
  sendJson(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  /** The next message not yet read; fails, naming the client and what it had, if none comes in time. */
  async receive(withinMs = DEFAULT_WAIT_MS): Promise<string | Uint8Array> {
    await this.until(() => this.read < this.messages.length || this.closeInfo !== undefined, withinMs, 'a message');
    if (this.read >= this.messages.length) {
      throw new LabAssertionError(`${this.name} expected a message but ${this.story()}`, 'a message', this.story());
    }
    return this.messages[this.read++];
  }

  /** The next message, parsed as JSON; fails clearly when it is not. */
  async receiveJson<T = unknown>(withinMs = DEFAULT_WAIT_MS): Promise<T> {
    const message = await this.receive(withinMs);
    if (typeof message !== 'string') throw new LabAssertionError(`${this.name} expected JSON text but received ${describe(message)}`, 'JSON text', describe(message));
    try {
      return JSON.parse(message) as T;
    } catch {
      throw new LabAssertionError(`${this.name} expected JSON but received ${describe(message)}`, 'JSON text', message);
    }
  }

  /**
   * Waits `ms` of lab time and fails if any message is left unread: one that arrived
   * meanwhile, or one that had arrived before and was never taken with `receive` (a second
   * copy right behind the one just read is exactly what this must catch). Channels'
   * `receive_nothing` likewise answers False at once when its queue is not empty.
   */
  async receivesNothing(ms = 1000): Promise<void> {
    await this.lab.sleep(ms);
    if (this.messages.length > this.read) {
      const extra = this.messages.slice(this.read).map(describe);
      throw new LabAssertionError(`${this.name} expected no message for ${labTime(ms)} but received ${extra.join(', ')}`, [], extra);
    }
  }

  /** Starts the closing handshake, as the browser's `close` does. */
  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  /** Waits for the close event; fails, naming the client, if it does not come in time. */
  async closedWith(withinMs = DEFAULT_WAIT_MS): Promise<ClientClose> {
    await this.until(() => this.closeInfo !== undefined, withinMs, 'the connection to close');
    return this.closeInfo!;
  }

  /** Cuts this client's connection without a Close frame, as a pulled cable does. */
  cut(): void {
    this.connection?.pipe.cut(`${this.name}'s connection was cut: no Close frame`);
  }

  /** Stops reading, as a page that hangs does: the server's bytes pile up unread. */
  stopReading(): void {
    this.connection?.pipe.pause('client');
  }

  /** Reads again after {@link stopReading}. */
  resumeReading(): void {
    this.connection?.pipe.resume('client');
  }

  /** "received "a", "b", then the connection closed with 1011 at 0.004 s" — for failure messages. */
  story(): string {
    const parts: string[] = [];
    const received = this.messages.slice(this.read).map(describe);
    parts.push(received.length ? `received ${received.join(', ')}` : 'received nothing new');
    const failed = this.events.find((e) => e.type === 'error');
    if (this.closeInfo) parts.push(`the connection ${failed && !this.events.some((e) => e.type === 'open') ? 'failed' : 'closed'} with ${this.closeInfo.code}${this.closeInfo.reason ? ` "${this.closeInfo.reason}"` : ''} at ${labTime(this.closeInfo.at)}`);
    else parts.push(`it was still ${['connecting', 'open', 'closing', 'closed'][this.socket.readyState]} at ${labTime(this.lab.clock.now())}`);
    return parts.join('; ');
  }

  private push(event: ClientEvent): void {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async until(ready: () => boolean, withinMs: number, what: string): Promise<void> {
    if (ready()) return;
    const deadline = this.lab.clock.now() + withinMs;
    await new Promise<void>((resolve) => {
      const timer = this.lab.clock.setTimeout(() => resolve(), withinMs);
      const check = () => {
        if (ready()) {
          this.lab.clock.clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
    if (!ready() && this.lab.clock.now() >= deadline) {
      throw new LabAssertionError(`${this.name} waited ${labTime(withinMs)} for ${what} and ${this.story()}`, what, this.story());
    }
  }
}

/** A server handler's exception, with the lab time it was thrown. */
export interface ServerError {
  path: string;
  error: unknown;
  at: number;
}

/** Options for {@link ExerciseLab}. */
export interface ExerciseLabOptions {
  seed?: number;
  /** Several nodes instead of one server (the check mounts routes on them itself). */
  nodes?: Readonly<Record<string, LabServer>>;
  placement?: Parameters<typeof createLabRun>[0]['placement'];
}

/** Timers for learner code on the lab's clock: the browser's global functions, virtual. */
export type LabGlobals = {
  WebSocket: LabRun['WebSocket'];
  setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
  clearTimeout(handle?: number): void;
  setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
  clearInterval(handle?: number): void;
  Date: DateConstructor;
  performance: { now(): number };
  Math: Math;
};

/** Options for {@link ExerciseLab.mount}. */
export interface MountOptions {
  /**
   * Bytes that may wait for one client before a send waits too (the route's
   * `FlowOptions.writeLimit`). Once more than this is queued for a client that is not
   * reading, `sendText`, `sendBytes` and `sendJson` on that connection resolve only when the
   * client has taken it (or reject with WebSocketDisconnect if the connection closes first)
   * — the backpressure of Python websockets' `write_limit`, which Uvicorn's send inherits.
   * Without it, the lab server's own flow control applies: sends wait once 64 KiB is queued.
   */
  writeLimit?: number;
}

/** When the lab's `Date` starts: 2026-01-01T00:00:00Z, so dates read like dates. */
export const LAB_EPOCH = Date.UTC(2026, 0, 1);

/** One check's lab. */
export class ExerciseLab {
  readonly run: LabRun;
  readonly clock: VirtualClock;
  /** The server the page's `WebSocket` and the check's clients reach (with several nodes: the first). */
  readonly server: LabServer;
  readonly clients = new Map<string, TestClient>();
  /** Exceptions thrown by server handlers: the server closed those connections with 1011. */
  readonly serverErrors: ServerError[] = [];
  /** Exceptions thrown by the learner's event listeners. */
  readonly listenerErrors: Array<{ error: unknown; at: number }> = [];
  private readonly seed: number;

  constructor(options: ExerciseLabOptions = {}) {
    this.seed = options.seed ?? 1;
    this.run = options.nodes
      ? createLabRun({ nodes: options.nodes, placement: options.placement, seed: this.seed, clock: 'virtual' })
      : createLabRun({ server: createLessonServer(), seed: this.seed, clock: 'virtual' });
    this.clock = this.run.virtual!;
    this.server = this.run.network.server;
    for (const [, node] of this.run.network.nodes) {
      node.on('error', ({ path, error }) => this.serverErrors.push({ path, error, at: this.clock.now() }));
    }
    this.run.network.onError((error) => this.listenerErrors.push({ error, at: this.clock.now() }));
  }

  /**
   * Adds a route on the server (or on every node), e.g. the learner's handler at `/ws/rooms/{room}`.
   * A pattern a lesson endpoint already answers is refused: the first matching route wins,
   * so the check's handler would never run.
   */
  mount(pattern: string, handler: WebSocketHandler, options: MountOptions = {}): this {
    for (const [name, node] of this.run.network.nodes) {
      if (node.patterns.includes(pattern)) {
        throw new Error(`The lab${this.run.network.nodes.size > 1 ? `'s node ${name}` : ''} already has an endpoint at ${pattern}; mount the check's handler at another path`);
      }
    }
    const flow = options.writeLimit === undefined ? {} : { writeLimit: options.writeLimit };
    for (const [, node] of this.run.network.nodes) node.websocket(pattern, handler, flow);
    return this;
  }

  /** Opens a named client at `path` (e.g. `/ws/chat/general`) and waits until it is open. */
  async client(name: string, path: string, options: ClientOptions = {}): Promise<TestClient> {
    return this.connect(name, path, options).opened();
  }

  /** Opens a named client without waiting: for a handshake the check expects to fail. */
  connect(name: string, path: string, options: ClientOptions = {}): TestClient {
    if (this.clients.has(name)) throw new Error(`There is already a client named ${name}`);
    const client = new TestClient(name, this, path, options);
    this.clients.set(name, client);
    return client;
  }

  /** What each client received so far, by name: compare with toEqual to see every client's messages side by side. */
  inboxes(): Record<string, Array<string | Uint8Array>> {
    return Object.fromEntries([...this.clients].map(([name, client]) => [name, [...client.messages]]));
  }

  /** Waits `ms` of lab time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /** Lets the exchange finish: returns once no timer is left (closing handshakes done), or after `limitMs` of lab time. */
  async settle(limitMs = 60_000): Promise<void> {
    const until = this.clock.now() + limitMs;
    // Wait in small steps of lab time until nothing else is scheduled.
    while (this.clock.pending > 0 && this.clock.now() < until) await this.sleep(Math.min(100, until - this.clock.now()));
  }

  /** Resolves with `promise`, or fails saying `what` did not happen within `ms` of lab time. */
  async within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(new LabAssertionError(`${what} did not happen within ${labTime(ms)} of lab time`)), ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** The run so far as a wire log. */
  wireLog(): WireLog {
    return this.run.wireLog();
  }

  /** The frames that crossed the wire, optionally only one connection's. */
  frames(connection?: number): Array<Extract<WireEntry, { kind: 'frame' }>> {
    return this.wireLog().entries.filter((e): e is Extract<WireEntry, { kind: 'frame' }> => e.kind === 'frame' && (connection === undefined || e.connection === connection));
  }

  /** The globals learner code runs with: this lab's WebSocket, timers and clock. */
  globals(): LabGlobals {
    const clock = this.clock;
    const intervals = new Map<number, unknown>();
    let nextInterval = 1 << 30;
    const random = unitRandom(seededRandom(this.seed ^ 0x5eed));
    const LabDate = class extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(LAB_EPOCH + clock.now());
        else super(...(args as [number]));
      }
      static override now(): number {
        return LAB_EPOCH + clock.now();
      }
    } as DateConstructor;
    const labMath = Object.create(Math, {
      // Seeded, so a backoff with jitter replays exactly.
      random: { value: random },
    }) as Math;
    return {
      WebSocket: this.run.WebSocket,
      setTimeout: (callback, ms = 0, ...args) => clock.setTimeout(() => callback(...args), Math.max(0, Number(ms) || 0)) as number,
      clearTimeout: (handle) => { if (handle !== undefined) clock.clearTimeout(handle); },
      setInterval: (callback, ms = 0, ...args) => {
        const id = nextInterval++;
        const every = Math.max(1, Number(ms) || 0);
        const tick = () => {
          intervals.set(id, clock.setTimeout(tick, every));
          callback(...args);
        };
        intervals.set(id, clock.setTimeout(tick, every));
        return id;
      },
      clearInterval: (handle) => {
        if (handle === undefined) return;
        const timer = intervals.get(handle);
        if (timer !== undefined) clock.clearTimeout(timer);
        intervals.delete(handle);
      },
      Date: LabDate,
      performance: { now: () => clock.now() },
      Math: labMath,
    };
  }
}
