/**
 * A common mistake: answering every message, notifications too. A Request without an
 * "id" is a Notification; the server MUST NOT reply to it (JSON-RPC 2.0 §4.1), not even
 * with an error — the client is not listening for one.
 * Fails: "notifications get no reply, not even errors"
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
  return response;
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
