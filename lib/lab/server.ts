/**
 * LabServer: routes WebSocket handshakes to handlers. The same server runs in the page,
 * over the in-memory network, and in Node, over real sockets.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4.2 (Server-Side Requirements)
 */
import { buildHttpErrorResponse, checkOrigin, parseClientHandshake, type HandshakeFailure } from '../protocol/handshake.ts';
import { findHeaderEnd } from '../protocol/http.ts';
import { Emitter } from '../endpoint/emitter.ts';
import type { ByteTransport, Clock, RandomSource } from '../endpoint/transport.ts';
import type { FlowOptions } from './flow.ts';
import { ServerWebSocket, WebSocketDisconnect } from './server-socket.ts';

/** A handler for one route: runs once per connection. */
export type WebSocketHandler = (ws: ServerWebSocket) => Promise<void> | void;

/** Limits and policies of a server. */
export interface LabServerOptions {
  /**
   * Origins allowed to connect: a list ('*' for any), or 'same-host' for pages served by
   * this host. Requests without Origin (non-browser clients) are allowed. Default: any.
   */
  allowedOrigins?: readonly string[] | 'same-host';
  maxMessageSize?: number;
  /** Largest HTTP head accepted, bytes. Default 16 KiB. */
  maxHeaderBytes?: number;
  closeTimeout?: number;
  /** Bytes queued for a client, or received and not yet taken by the handler, above which sends wait and reading pauses. Default 64 KiB. */
  highWaterMark?: number;
  /** Most bytes queued for one client; a send made while more wait is refused, per `backpressureLimit`. Default 1 MiB. */
  maxBackpressure?: number;
  /** Past maxBackpressure: 'close' (default) closes the client with 1008, 'drop' drops the message. */
  backpressureLimit?: 'close' | 'drop';
}

/** What the server reports. */
export interface LabServerEvents {
  [name: string]: unknown;
  /** A handler threw: the connection was closed with 1011 (or answered 500 before accept). */
  error: { path: string; error: unknown };
  /** A handshake was refused with an HTTP status. */
  refused: { path: string; status: number; failure: HandshakeFailure };
  connection: ServerWebSocket;
}

interface Route {
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: WebSocketHandler;
  flow: FlowOptions;
}

const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

/** For 'same-host': the request's own Origin when its host is the Host the request was sent to. */
function sameHostOrigins(host: string, origin: string | undefined): string[] {
  if (origin === undefined) return [];
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase() ? [origin] : [];
  } catch {
    return [];
  }
}

/** Compiles `/ws/chat/{room}` into a matcher. */
function compileRoute(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/).map((part) => {
    const match = /^\{(.+)\}$/.exec(part);
    if (match) {
      names.push(match[1]);
      return '([^/]+)';
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return { regex: new RegExp(`^${source}$`), names };
}

/** Routes and handlers, with the handshake checks of RFC 6455 §4.2. */
export class LabServer extends Emitter<LabServerEvents> {
  private readonly routes: Route[] = [];
  /** Every error a handler threw, in order: reported, never swallowed. */
  readonly errors: Array<{ path: string; error: unknown }> = [];
  /** The connections currently open. */
  readonly connections = new Set<ServerWebSocket>();

  constructor(readonly options: LabServerOptions = {}) {
    super();
  }

  /**
   * Adds a route. Path parameters are written `{name}`. `flow` overrides the server's flow
   * options for this route's connections (e.g. `{ writeLimit: 0 }`: each send waits until
   * its client has taken it).
   */
  websocket(pattern: string, handler: WebSocketHandler, flow: FlowOptions = {}): this {
    this.routes.push({ pattern, handler, flow, ...compileRoute(pattern) });
    return this;
  }

  /** The route patterns, in order. */
  get patterns(): string[] {
    return this.routes.map((route) => route.pattern);
  }

  private match(path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]);
        } catch {
          params[name] = m[i + 1];
        }
      });
      return { route, params };
    }
    return undefined;
  }

  /** Whether some route matches `path`. */
  hasRoute(path: string): boolean {
    return this.match(path) !== undefined;
  }

  /**
   * Serves one incoming connection: reads the HTTP head from the transport, checks it,
   * routes it, and runs the handler. `head` holds bytes already read, if any.
   */
  connect(transport: ByteTransport, context: { clock: Clock; random: RandomSource; head?: Uint8Array }): void {
    let buffer = context.head ?? new Uint8Array(0);
    let done = false;
    const tryHead = () => {
      if (done) return;
      const end = findHeaderEnd(buffer);
      if (end < 0) {
        if (buffer.length > (this.options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES)) {
          done = true;
          this.refuse(transport, '', { header: null, problem: 'The request head is too large', status: 431, section: '4.2.1' });
        }
        return;
      }
      done = true;
      this.handshake(transport, new TextDecoder().decode(buffer.subarray(0, end)), buffer.subarray(end), context);
    };
    transport.onData((bytes) => {
      const next = new Uint8Array(buffer.length + bytes.length);
      next.set(buffer);
      next.set(bytes, buffer.length);
      buffer = next;
      tryHead();
    });
    transport.onEnd(() => { done = true; });
    tryHead();
  }

  private refuse(transport: ByteTransport, path: string, failure: HandshakeFailure): void {
    this.emit('refused', { path, status: failure.status, failure });
    transport.write(new TextEncoder().encode(buildHttpErrorResponse(failure.status, { headers: failure.headers, body: `${failure.problem}\n` })));
    transport.end();
  }

  private handshake(transport: ByteTransport, head: string, pending: Uint8Array, context: { clock: Clock; random: RandomSource }): void {
    const parsed = parseClientHandshake(head);
    if (!parsed.ok) return this.refuse(transport, '', parsed.error);
    const { request } = parsed;
    const routed = this.match(request.path);
    if (!routed) return this.refuse(transport, request.path, { header: null, problem: `No WebSocket endpoint at ${request.path}`, status: 404, section: '4.2.1' });
    if (this.options.allowedOrigins) {
      const allowed = this.options.allowedOrigins === 'same-host' ? sameHostOrigins(request.host, request.origin) : this.options.allowedOrigins;
      const origin = checkOrigin(request.origin, allowed);
      if (!origin.ok) return this.refuse(transport, request.path, origin.error);
    }
    const ws = new ServerWebSocket(transport, request, routed.params, {
      clock: context.clock, random: context.random, pending,
      maxMessageSize: this.options.maxMessageSize, closeTimeout: this.options.closeTimeout,
      flow: { highWaterMark: this.options.highWaterMark, maxBackpressure: this.options.maxBackpressure, backpressureLimit: this.options.backpressureLimit, ...routed.route.flow },
    });
    this.connections.add(ws);
    void ws.closed.then(() => this.connections.delete(ws));
    this.emit('connection', ws);
    void this.run(routed.route, ws);
  }

  private async run(route: Route, ws: ServerWebSocket): Promise<void> {
    try {
      await route.handler(ws);
      ws.finish();
    } catch (error) {
      if (error instanceof WebSocketDisconnect) {
        ws.finish();
        return;
      }
      // "1011 indicates that a server is terminating the connection because it encountered an unexpected condition" (§7.4.1); the error is reported, not swallowed.
      const report = { path: ws.path, error };
      this.errors.push(report);
      this.emit('error', report);
      ws.finish(error);
    }
  }
}
