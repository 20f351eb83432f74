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
 * The methods:
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

type Id = string | number | null;
type Response = { jsonrpc: '2.0'; result: unknown; id: Id } | { jsonrpc: '2.0'; error: { code: number; message: string }; id: Id };

const failure = (code: number, message: string, id: Id): Response => ({ jsonrpc: '2.0', error: { code, message }, id });
const isId = (value: unknown): value is Id => value === null || typeof value === 'string' || typeof value === 'number';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Answers one member of a message: a Response, or undefined for a Notification. */
async function answer(request: unknown): Promise<Response | undefined> {
  if (!isObject(request)) return failure(-32600, 'Invalid Request', null);
  const hasId = 'id' in request;
  const id = hasId && isId(request.id) ? request.id : null;
  const paramsOk = !('params' in request) || Array.isArray(request.params) || isObject(request.params);
  if (request.jsonrpc !== '2.0' || typeof request.method !== 'string' || !paramsOk || (hasId && !isId(request.id))) {
    return failure(-32600, 'Invalid Request', id);
  }
  let response: Response;
  // Own members only: "toString" and "__proto__" are not methods of this endpoint.
  if (!Object.hasOwn(methods, request.method)) response = failure(-32601, 'Method not found', id);
  else {
    try {
      response = { jsonrpc: '2.0', result: await methods[request.method](request.params), id };
    } catch (error) {
      if (error instanceof InvalidParams) response = failure(-32602, 'Invalid params', id);
      else {
        console.error(`${request.method} failed:`, error); // the details stay in the server's log
        response = failure(-32603, 'Internal error', id);
      }
    }
  }
  return hasId ? response : undefined; // a Notification is never answered
}

/** The reply to one WebSocket message, or undefined when there is none to send. */
async function reply(message: string | Uint8Array): Promise<Response | Response[] | undefined> {
  if (typeof message !== 'string') return failure(-32700, 'Parse error', null);
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return failure(-32700, 'Parse error', null);
  }
  if (!Array.isArray(value)) return answer(value);
  if (value.length === 0) return failure(-32600, 'Invalid Request', null);
  const responses: Response[] = [];
  for (const request of value) {
    const response = await answer(request);
    if (response) responses.push(response);
  }
  return responses.length > 0 ? responses : undefined;
}

export default async function rpc(ws: ServerWebSocket): Promise<void> {
  const protocol = ws.pickProtocol(['jsonrpc']);
  if (!protocol) return ws.reject(400, { body: 'This endpoint speaks JSON-RPC 2.0: offer the subprotocol "jsonrpc".\n' });
  await ws.accept({ protocol });
  for await (const message of ws) {
    const response = await reply(message);
    if (response !== undefined) await ws.sendJson(response);
  }
}
