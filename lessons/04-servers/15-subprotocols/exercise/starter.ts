/**
 * A JSON-RPC 2.0 endpoint (https://www.jsonrpc.org/specification). The checks mount it
 * at /ws/rpc.
 *
 * The handshake: the endpoint speaks only the subprotocol "jsonrpc". Accept with it when
 * the client offered it; otherwise refuse the handshake with HTTP 400 and a body saying
 * what the endpoint speaks. (Accepting without a subprotocol is no way out: a browser
 * that offered some fails a 101 that names none.)
 *
 * Each text message is a Request, a Notification, or a batch (an Array of them):
 * - not JSON (or a binary message)  → -32700 Parse error, id null
 * - not a valid Request object      → -32600 Invalid Request, with its id if it has a
 *   valid one, else null. Only a *valid* Request without "id" is a Notification.
 * - no such method                  → -32601 Method not found
 * - the method throws InvalidParams → -32602 Invalid params
 * - the method throws anything else → -32603 Internal error, its message kept out
 * - a Notification gets no reply at all, not even an error
 * - a batch gets one Array of the replies, none for its notifications, and no message
 *   at all when nothing is left; an empty batch gets one -32600 error, not an Array
 * - a reply carries the id exactly as sent: "1" stays a string, null stays null
 * A bad message never ends the connection.
 *
 * The methods (written for you):
 * - sum: an Array of numbers, by position: [1, 2, 4] → 7
 * - echo: a text by name: {"text": "hi"} → "hi"
 * - crash: has a bug and always throws (its message is for the server's log only)
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** Thrown by a method whose params are wrong: the client gets -32602 Invalid params. */
export class InvalidParams extends Error {}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The methods this endpoint offers. Each gets the request's params: absent, an Array or an Object. */
export const methods: Record<string, (params: unknown) => unknown> = {
  sum(params) {
    if (!Array.isArray(params) || !params.every(isNumber)) throw new InvalidParams('sum takes an Array of numbers');
    return params.reduce((total, n) => total + n, 0);
  },
  echo(params) {
    const text = (params as { text?: unknown } | undefined)?.text;
    if (typeof params !== 'object' || params === null || Array.isArray(params) || typeof text !== 'string') {
      throw new InvalidParams('echo takes {"text": "…"}');
    }
    return text;
  },
  crash() {
    throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (user rpc_admin)');
  },
};

export default async function rpc(ws: ServerWebSocket): Promise<void> {
  // Your code. This accepts every client, and answers only well-formed calls: a message
  // that is not JSON makes JSON.parse throw, which ends the handler (the client sees 1011).
  await ws.accept({ protocol: ws.pickProtocol(['jsonrpc']) });
  for await (const message of ws) {
    const request = JSON.parse(String(message));
    const result = await methods[request.method](request.params);
    await ws.sendJson({ jsonrpc: '2.0', result, id: request.id });
  }
}
