/**
 * The lab's HTTP server: the built site and the lesson endpoints over real sockets, in
 * one Node process.
 */
import { ServerResponse, createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildHttpErrorResponse, checkOrigin, parseClientHandshake } from '../lib/index.ts';
import type { BrokerClient } from '../lib/lab/broker.ts';
import { createLessonServer } from '../lib/lab/handlers/index.ts';
import type { LabServer } from '../lib/lab/server.ts';
import { handleUpgrade, isWebSocketUpgrade, requestHead } from '../lib/node/upgrade.ts';
import { watchHeartbeat } from './heartbeat.ts';
import { AllowedHosts, isSameHostOrigin } from './hosts.ts';
import { ClientCounter, clientKey } from './limits.ts';
import { COMMON_HEADERS, fileHeaders } from './security.ts';
import { serveStatic } from './static.ts';

/** Limits and where the site is. */
export interface LabHttpOptions {
  /** The built site. */
  root: string;
  /** Drop connections whose handshake has not arrived in this many ms. Default 5000. */
  handshakeTimeout?: number;
  /** Largest message accepted, bytes (larger → 1009). Default 16 MiB. */
  maxMessageSize?: number;
  /** Most WebSocket connections at once (more → 503). Default 1000. */
  maxConnections?: number;
  /** Most WebSocket connections at once from one client: one IP address, or one IPv6 /64 (more → 429). Default 50. */
  maxConnectionsPerIp?: number;
  /** Milliseconds without a byte from a client before the server pings it; 0 turns pings off. Default 30000. */
  pingInterval?: number;
  /** Unanswered pings in a row (each given pingInterval) after which a connection is terminated. Default 2. */
  maxMissedPongs?: number;
  /**
   * Origins allowed to open WebSockets besides the site's own pages (an Origin whose host
   * is the request's Host), e.g. `['https://docs.example']`; `'*'` allows any. Clients
   * that send no Origin (not browsers) are always allowed. Default: the site's own only.
   */
  allowedOrigins?: readonly string[] | 'same-host';
  /**
   * Host names the server answers to besides localhost, 127.0.0.1, [::1] and the host it
   * listens on (any port); `.example.com` allows its subdomains, `'*'` any host. Others
   * are refused with 421, pages and handshakes alike (DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** The LabServer to route to (default: the lesson endpoints). */
  lab?: LabServer;
  /** This process's broker connection (e.g. server/redis-broker.ts): the lesson endpoints' chat rooms then span every process on it. */
  broker?: BrokerClient;
}

/** A running lab server. */
export interface LabHttpServer {
  http: Server;
  lab: LabServer;
  /** Resolves with the URL once listening. */
  listen(port: number, host: string): Promise<string>;
  /** Closes every WebSocket with 1001, then the server. */
  shutdown(timeoutMs?: number): Promise<void>;
}

const DEFAULTS = {
  handshakeTimeout: 5000,
  maxMessageSize: 16 * 1024 * 1024,
  maxConnections: 1000,
  maxConnectionsPerIp: 50,
  pingInterval: 30_000,
  maxMissedPongs: 2,
};

/** "The request was directed at a server that is unable or unwilling to produce an authoritative response for the target URI" (RFC 9110 §15.5.20). */
const MISDIRECTED = { status: 421, reason: 'Misdirected Request' } as const;

/** Refuses an upgrade on its raw socket with an HTTP error that says why. */
function refuseUpgrade(socket: Socket, status: number, body: string, options: { reason?: string; headers?: Record<string, string> } = {}): void {
  socket.on('error', () => socket.destroy());
  socket.end(buildHttpErrorResponse(status, { reason: options.reason, body, headers: { ...COMMON_HEADERS, ...options.headers } }));
}

/**
 * Answers a request that Node handed over as an upgrade (its parser is gone from the
 * socket) with `listener`, as a plain HTTP/1.1 response on a connection that then closes.
 */
function answerAsHttp(listener: RequestListener, req: IncomingMessage, socket: Socket): void {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  socket.on('error', () => socket.destroy());
  res.on('finish', () => {
    res.detachSocket(socket);
    socket.end();
  });
  listener(req, res);
}

/** Creates (but does not start) the lab's HTTP server. */
export function createLabHttpServer(options: LabHttpOptions): LabHttpServer {
  // An option given as undefined keeps its default.
  const limits = {
    handshakeTimeout: options.handshakeTimeout ?? DEFAULTS.handshakeTimeout,
    maxMessageSize: options.maxMessageSize ?? DEFAULTS.maxMessageSize,
    maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? DEFAULTS.maxConnectionsPerIp,
    pingInterval: options.pingInterval ?? DEFAULTS.pingInterval,
    maxMissedPongs: options.maxMissedPongs ?? DEFAULTS.maxMissedPongs,
  };
  let url = '';
  // Origins are checked here, where the site's own host is known, before the lab sees the handshake.
  const lab = options.lab ?? createLessonServer({ maxMessageSize: limits.maxMessageSize, broker: options.broker });
  const hosts = new AllowedHosts(options.allowedHosts);
  const extraOrigins = options.allowedOrigins === 'same-host' ? [] : options.allowedOrigins ?? [];
  const perClient = new ClientCounter(limits.maxConnectionsPerIp);
  const onRequest: RequestListener = (req, res) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    if (!hosts.allows(req.headers.host)) {
      res.writeHead(MISDIRECTED.status, MISDIRECTED.reason, { 'Content-Type': 'text/plain; charset=utf-8' }).end(hosts.refusal(req.headers.host));
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (lab.hasRoute(path)) {
      // A plain request to a WebSocket endpoint: say what the handshake lacks (RFC 6455 §4.2.1).
      const parsed = parseClientHandshake(requestHead(req));
      const status = parsed.ok ? 400 : parsed.error.status;
      const problem = parsed.ok ? 'This is a WebSocket endpoint' : parsed.error.problem;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(parsed.ok ? {} : parsed.error.headers) }).end(`${problem}\n`);
      return;
    }
    void serveStatic(options.root, req, res, { headers: fileHeaders }).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  // A slow or incomplete handshake is dropped by Node's own header timer (it answers 408 and closes);
  // idle keep-alive sockets close after keepAliveTimeout.
  const http = createServer({
    headersTimeout: limits.handshakeTimeout,
    requestTimeout: limits.handshakeTimeout,
    connectionsCheckingInterval: Math.round(Math.max(50, Math.min(1000, limits.handshakeTimeout / 4))),
  }, onRequest);
  http.on('upgrade', (req, socket: Socket, head: Buffer) => {
    if (!isWebSocketUpgrade(req)) return answerAsHttp(onRequest, req, socket);
    if (!hosts.allows(req.headers.host)) return refuseUpgrade(socket, MISDIRECTED.status, hosts.refusal(req.headers.host), { reason: MISDIRECTED.reason });
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const allowed = checkOrigin(origin, isSameHostOrigin(origin, req.headers.host) ? [origin] : extraOrigins);
      if (!allowed.ok) {
        return refuseUpgrade(socket, allowed.error.status, `${allowed.error.problem}: only this site's own pages may open WebSockets here, and the origins in ALLOWED_ORIGINS.\nTo allow it, start the server with ALLOWED_ORIGINS=${origin} (a comma-separated list).\n`);
      }
    }
    // One client over its share gets 429 Too Many Requests: the refusal is about this client
    // (RFC 6585 §4), and others are still served. 503 stays for the server as a whole being full.
    const client = clientKey(socket.remoteAddress);
    if (!perClient.tryAdd(client)) {
      return refuseUpgrade(socket, 429, `This client already has ${limits.maxConnectionsPerIp} WebSocket connections open here, the most one client may have (MAX_CONNECTIONS_PER_IP). Close one and try again.\n`, { headers: { 'Retry-After': '10' } });
    }
    // Counted until the socket closes, whether the handshake succeeds or not.
    socket.once('close', () => perClient.release(client));
    if (lab.connections.size >= limits.maxConnections) {
      return refuseUpgrade(socket, 503, 'The server has as many WebSocket connections as it takes; try again shortly.\n', { headers: { 'Retry-After': '5' } });
    }
    const ws = handleUpgrade(lab, req, socket, head);
    watchHeartbeat(socket, ws, limits);
  });
  http.keepAliveTimeout = 5000;

  return {
    http,
    lab,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        hosts.bind(host);
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${shown}:${address.port}/`;
          resolve(url);
        });
      });
    },
    async shutdown(timeoutMs = 3000) {
      const open = [...lab.connections];
      await Promise.race([
        Promise.all(open.map(async (ws) => {
          await ws.close(1001, 'server shutting down');
          await ws.closed;
        })),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
      for (const ws of lab.connections) ws.terminate();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
