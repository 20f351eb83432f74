/**
 * The lab's HTTP server: the built site and the lesson endpoints over real sockets, in
 * one Node process.
 */
import { ServerResponse, createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildHttpErrorResponse, parseClientHandshake } from '../lib/index.ts';
import type { BrokerClient } from '../lib/lab/broker.ts';
import { createLessonServer } from '../lib/lab/handlers/index.ts';
import type { LabServer } from '../lib/lab/server.ts';
import { handleUpgrade, isWebSocketUpgrade, requestHead } from '../lib/node/upgrade.ts';
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
  /** Origins allowed to open WebSockets. Default: any page served by this server (its own host) and clients that send no Origin. */
  allowedOrigins?: string[] | 'same-host';
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

const DEFAULTS = { handshakeTimeout: 5000, maxMessageSize: 16 * 1024 * 1024, maxConnections: 1000 };

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
  };
  let url = '';
  const lab = options.lab ?? createLessonServer({ maxMessageSize: limits.maxMessageSize, allowedOrigins: options.allowedOrigins ?? 'same-host', broker: options.broker });
  // A slow or incomplete handshake is dropped by Node's own header timer (it answers 408 and closes);
  // idle keep-alive sockets close after keepAliveTimeout.
  const onRequest: RequestListener = (req, res) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
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
  const http = createServer({
    headersTimeout: limits.handshakeTimeout,
    requestTimeout: limits.handshakeTimeout,
    connectionsCheckingInterval: Math.round(Math.max(50, Math.min(1000, limits.handshakeTimeout / 4))),
  }, onRequest);
  http.on('upgrade', (req, socket: Socket, head: Buffer) => {
    if (!isWebSocketUpgrade(req)) return answerAsHttp(onRequest, req, socket);
    if (lab.connections.size >= limits.maxConnections) {
      socket.end(buildHttpErrorResponse(503, { headers: { 'Retry-After': '5' } }));
      return;
    }
    handleUpgrade(lab, req, socket, head);
  });
  http.keepAliveTimeout = 5000;

  return {
    http,
    lab,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
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
