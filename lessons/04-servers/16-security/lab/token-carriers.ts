/**
 * Four ways a page can carry its token to a WebSocket endpoint, and what each leaves in
 * the server's access log. A browser cannot add an Authorization header to the handshake,
 * so the token rides in the URL, in a cookie, in Sec-WebSocket-Protocol, or in the first
 * message. The server logs each request line as a web server's access log does.
 */
import { LabServer, defineScenario, type ClientContext } from '#authoring';

const TOKEN = 'eyJ1c2VyIjoiYWxpY2UifQ.c2ln';
/** The subprotocol the endpoint speaks; a token offered beside it is the "protocol trick". */
const PROTOCOL = 'feed.v1';

/** The token the request carries in its handshake, and where. */
function fromHandshake(ws: { query: URLSearchParams; headers: Record<string, string>; protocols: string[] }): string | undefined {
  return ws.query.get('token') ?? /(?:^|;\s*)token=([^;]+)/.exec(ws.headers.cookie ?? '')?.[1] ?? ws.protocols.find((p) => p.startsWith('token.'))?.slice('token.'.length);
}

/** A page that connects as `how` says, then reads its one message and closes. */
const page = (url: string, options: { protocols?: string[]; firstMessage?: boolean } = {}) => ({ WebSocket, log }: ClientContext) => {
  const socket = new WebSocket(url, options.protocols);
  socket.onopen = () => {
    if (options.firstMessage) socket.send(JSON.stringify({ type: 'auth', token: TOKEN }));
  };
  socket.onmessage = (event) => {
    log(`got ${String(event.data)}`);
    socket.close(1000);
  };
};

export default defineScenario({
  title: 'Where the token travels, and what the access log keeps',
  description: 'query puts the token in the URL, cookie lets the browser send it as a Cookie, protocol offers it as a second subprotocol, message sends it as the first message. The server logs each request line, as nginx or Uvicorn would.',
  faults: { latency: 10 },
  // Numbers at which each fault fires here: the longest quiet is 10 ms, 192 bytes reach a page.
  faultDefaults: { idleTimeout: 5, drop: { direction: 'server→client', bytes: 120 } },
  server: ({ log }) =>
    new LabServer().websocket('/ws/feed', async (ws) => {
      log(`access log: "GET ${ws.path}${ws.request.query ? `?${ws.request.query}` : ''} HTTP/1.1"`);
      const token = fromHandshake(ws);
      if (token !== undefined) {
        if (token !== TOKEN) return ws.reject(401);
        // The protocol trick: the server must answer with a subprotocol the page offered — never the token.
        await ws.accept(ws.protocols.includes(PROTOCOL) ? { protocol: PROTOCOL } : {});
      } else {
        await ws.accept(ws.protocols.includes(PROTOCOL) ? { protocol: PROTOCOL } : {});
        const first = await ws.receiveJson().catch(() => undefined);
        if ((first as { token?: unknown } | undefined)?.token !== TOKEN) return ws.close(1008, 'authenticate first');
      }
      await ws.sendJson({ feed: ['price 101.5'] });
      for await (const _ of ws) { /* until the page closes */ }
    }),
  clients: {
    query: page(`ws://lab.local/ws/feed?token=${TOKEN}`),
    cookie: page('ws://lab.local/ws/feed'),
    protocol: page('ws://lab.local/ws/feed', { protocols: [PROTOCOL, `token.${TOKEN}`] }),
    message: page('ws://lab.local/ws/feed', { firstMessage: true }),
  },
  pages: {
    cookie: { headers: { Cookie: `token=${TOKEN}` } },
  },
});
