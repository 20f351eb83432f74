/**
 * The handler's view of one connection: the API the lessons teach (after Starlette and
 * FastAPI), over an {@link Endpoint}. Works over any byte transport.
 */
import { buildHttpErrorResponse, negotiateProtocol, type ClientHandshake } from '../protocol/handshake.ts';
import { CloseCode } from '../protocol/close.ts';
import { Endpoint, type CloseInfo } from '../endpoint/endpoint.ts';
import type { ByteTransport, Clock, RandomSource } from '../endpoint/transport.ts';

/** Thrown by receive*() when the peer has closed or the connection dropped. */
export class WebSocketDisconnect extends Error {
  override readonly name = 'WebSocketDisconnect';
  constructor(readonly code: number, readonly reason = '') {
    super(`The WebSocket disconnected with code ${code}${reason ? ` (${reason})` : ''}`);
  }
}

/** A received data message: text as a string, binary as bytes. */
export type LabMessage = string | Uint8Array;

/** Options for {@link ServerWebSocket.accept}. */
export interface AcceptOptions {
  /** The subprotocol to answer with; must be one the client requested. */
  protocol?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** What a handler is given for one incoming connection. */
export class ServerWebSocket implements AsyncIterable<LabMessage> {
  /** Path parameters from the route, e.g. `{ room: 'lobby' }` for `/ws/chat/{room}`. */
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** Request headers, lowercased names. */
  readonly headers: Record<string, string>;
  /** The subprotocols the client asked for, in its order of preference. */
  readonly protocols: string[];
  readonly path: string;
  readonly request: ClientHandshake;
  /** 'connecting' until accept, then the endpoint's state; 'rejected' after reject. */
  state: 'connecting' | 'open' | 'closing' | 'closed' | 'rejected' = 'connecting';
  /** The close code and reason once closed. */
  closeInfo?: CloseInfo;
  /** The subprotocol chosen at accept ('' for none). */
  protocol = '';
  private endpoint?: Endpoint;
  private readonly inbox: LabMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  private closedPromise: Promise<CloseInfo>;
  private resolveClosed!: (info: CloseInfo) => void;

  constructor(
    private readonly transport: ByteTransport,
    request: ClientHandshake,
    params: Record<string, string>,
    private readonly context: { clock: Clock; random: RandomSource; pending: Uint8Array; maxMessageSize?: number; closeTimeout?: number },
  ) {
    this.request = request;
    this.params = params;
    this.path = request.path;
    this.query = new URLSearchParams(request.query);
    this.headers = { ...request.headers.map };
    this.protocols = request.protocols;
    this.closedPromise = new Promise((resolve) => { this.resolveClosed = resolve; });
  }

  /** Picks the first requested subprotocol the server supports (or undefined). */
  pickProtocol(supported: readonly string[]): string | undefined {
    return negotiateProtocol(this.protocols, supported);
  }

  /** Completes the handshake: sends 101 Switching Protocols. */
  async accept(options: AcceptOptions = {}): Promise<void> {
    if (this.state !== 'connecting') throw new Error(`accept() after the connection was ${this.state}`);
    if (options.protocol !== undefined && !this.protocols.includes(options.protocol)) {
      throw new Error(`The client did not request subprotocol "${options.protocol}" (it asked for ${this.protocols.join(', ') || 'none'})`);
    }
    const endpoint = Endpoint.server({
      transport: this.transport, clock: this.context.clock, random: this.context.random,
      request: this.request, protocol: options.protocol, headers: options.headers, pending: this.context.pending,
      maxMessageSize: this.context.maxMessageSize, closeTimeout: this.context.closeTimeout,
    });
    this.endpoint = endpoint;
    this.protocol = options.protocol ?? '';
    this.state = 'open';
    endpoint.on('message', (message) => this.push(message.data));
    endpoint.on('close', (info) => {
      this.state = 'closed';
      this.closeInfo = info;
      this.resolveClosed(info);
      this.wake();
    });
    endpoint.on('error', () => { this.state = endpoint.readyState === 'closed' ? 'closed' : 'closing'; });
  }

  /** Refuses the handshake with an HTTP status (e.g. 403); no WebSocket connection is made. */
  reject(status = 403, options: { body?: string; headers?: Record<string, string> } = {}): void {
    if (this.state !== 'connecting') throw new Error('reject() is only possible before accept()');
    this.state = 'rejected';
    this.transport.write(new TextEncoder().encode(buildHttpErrorResponse(status, options)));
    this.transport.end();
    const info = { code: CloseCode.AbnormalClosure, reason: `rejected with HTTP ${status}`, wasClean: false };
    this.closeInfo = info;
    this.resolveClosed(info);
  }

  /** Resolves when the connection has closed. */
  get closed(): Promise<CloseInfo> {
    return this.closedPromise;
  }

  /** The next message of either type; throws {@link WebSocketDisconnect} once closed. */
  async receive(): Promise<LabMessage> {
    this.requireAccepted('receive');
    for (;;) {
      const message = this.inbox.shift();
      if (message !== undefined) return message;
      if (this.state === 'closed' || this.state === 'closing') {
        const info = this.closeInfo ?? { code: CloseCode.AbnormalClosure, reason: '' };
        throw new WebSocketDisconnect(info.code, info.reason);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The next message, which must be text. */
  async receiveText(): Promise<string> {
    const message = await this.receive();
    if (typeof message !== 'string') throw new TypeError(`Expected a text message, received ${message.length} bytes of binary`);
    return message;
  }

  /** The next message, which must be binary. */
  async receiveBytes(): Promise<Uint8Array> {
    const message = await this.receive();
    if (typeof message === 'string') throw new TypeError('Expected a binary message, received text');
    return message;
  }

  /** The next text message, parsed as JSON (a SyntaxError if it is not JSON). */
  async receiveJson<T = unknown>(): Promise<T> {
    return JSON.parse(await this.receiveText()) as T;
  }

  async sendText(text: string): Promise<void> {
    this.open('sendText').sendText(text);
  }

  async sendBytes(data: Uint8Array): Promise<void> {
    this.open('sendBytes').sendBinary(data);
  }

  async sendJson(value: unknown): Promise<void> {
    this.open('sendJson').sendText(JSON.stringify(value));
  }

  /**
   * Sends one part of a fragmented message: the first part's type (string → text,
   * bytes → binary) names the message, `fin` ends it. Pings may be sent between parts.
   * `type` 'text' sends a first part given as bytes in a text frame, as they are — UTF-8 or
   * not, so a lesson can show how a receiver fails a peer that breaks RFC 6455 §8.1.
   */
  async sendFragment(data: string | Uint8Array, fin: boolean, type?: 'text' | 'binary'): Promise<void> {
    this.open('sendFragment').sendFragment(data, fin, type);
  }

  async ping(data: Uint8Array = new Uint8Array(0)): Promise<void> {
    this.open('ping').ping(data);
  }

  /** Starts the closing handshake. Before accept, it refuses the handshake with 403 (as Starlette does). */
  async close(code: number = CloseCode.NormalClosure, reason = ''): Promise<void> {
    if (this.state === 'connecting') return this.reject(403);
    this.endpoint?.close(code, reason);
  }

  /** Cuts the connection without a close frame. */
  terminate(): void {
    if (this.endpoint) this.endpoint.terminate();
    else this.transport.end();
  }

  /** Payload bytes sent but not yet taken by the peer. */
  get bufferedAmount(): number {
    return this.endpoint?.bufferedAmount ?? 0;
  }

  /** Iterates over received messages; ends (without throwing) when the connection closes. */
  async *[Symbol.asyncIterator](): AsyncIterator<LabMessage> {
    for (;;) {
      try {
        yield await this.receive();
      } catch (error) {
        if (error instanceof WebSocketDisconnect) return;
        throw error;
      }
    }
  }

  private open(what: string): Endpoint {
    if (!this.endpoint || this.state !== 'open') throw new WebSocketDisconnect(this.closeInfo?.code ?? CloseCode.AbnormalClosure, `${what}() on a connection that is ${this.state}`);
    return this.endpoint;
  }

  private requireAccepted(what: string): void {
    if (this.state === 'connecting') throw new Error(`${what}() before accept()`);
    if (this.state === 'rejected') throw new WebSocketDisconnect(CloseCode.AbnormalClosure, 'the handshake was rejected');
  }

  private push(message: LabMessage): void {
    this.inbox.push(message);
    this.wake();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Closes with 1011 after a handler error, or 1000 when the handler returned with the connection open. */
  finish(error?: unknown): void {
    if (this.state === 'connecting') {
      if (error) {
        this.state = 'rejected';
        this.transport.write(new TextEncoder().encode(buildHttpErrorResponse(500)));
        this.transport.end();
      } else {
        this.reject(403);
      }
      return;
    }
    if (this.state === 'open') this.endpoint!.close(error ? CloseCode.InternalError : CloseCode.NormalClosure, error ? 'internal error' : '');
  }
}
