/**
 * A JSON-RPC 2.0 session over one WebSocket: the server requires the subprotocol
 * "jsonrpc", greets the page with a notification of its own, and answers a call, a
 * notification (no reply), a batch, an invalid Request and a message that is not JSON.
 */
import { LabServer, defineScenario, type LabMessage } from '#authoring';

type Id = string | number | null;
type Response = { jsonrpc: '2.0'; result: unknown; id: Id } | { jsonrpc: '2.0'; error: { code: number; message: string }; id: Id };

/** Thrown by a method whose params are wrong. */
class InvalidParams extends Error {}

const failure = (code: number, message: string, id: Id): Response => ({ jsonrpc: '2.0', error: { code, message }, id });
const isId = (value: unknown): value is Id => value === null || typeof value === 'string' || typeof value === 'number';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export default defineScenario({
  title: 'A JSON-RPC session',
  description: 'The page offers the subprotocol jsonrpc. The server greets it with a notification, then the page calls sum, sends a notification, sends a batch of four (one a notification, one an unknown method), an object that is not a valid Request, and a message that is not JSON.',
  faults: { latency: 5 },
  // No quiet here lasts longer than the 5 ms latency; the first JSON-RPC message begins at byte
  // 164, after a 162-byte handshake.
  faultDefaults: { idleTimeout: 4, flip: { direction: 'server→client', offset: 164, bit: 0 } },
  server: ({ log }) => {
    const methods: Record<string, (params: unknown) => unknown> = {
      sum(params) {
        if (!Array.isArray(params) || !params.every((n) => typeof n === 'number')) throw new InvalidParams();
        return params.reduce((total: number, n: number) => total + n, 0);
      },
      echo(params) {
        if (!isObject(params) || typeof params.text !== 'string') throw new InvalidParams();
        return params.text;
      },
      log(params) {
        log(`log: ${JSON.stringify(params)}`);
        return null;
      },
    };

    /** One Request or Notification: its Response, or undefined for a Notification. */
    const answer = (request: unknown): Response | undefined => {
      if (!isObject(request)) return failure(-32600, 'Invalid Request', null);
      const hasId = 'id' in request;
      const id = hasId && isId(request.id) ? request.id : null;
      const paramsOk = !('params' in request) || Array.isArray(request.params) || isObject(request.params);
      if (request.jsonrpc !== '2.0' || typeof request.method !== 'string' || !paramsOk || (hasId && !isId(request.id))) {
        log(`not a valid Request: -32600, id ${JSON.stringify(id)}`);
        return failure(-32600, 'Invalid Request', id);
      }
      let response: Response;
      if (!Object.hasOwn(methods, request.method)) response = failure(-32601, 'Method not found', id);
      else {
        try {
          response = { jsonrpc: '2.0', result: methods[request.method](request.params), id };
        } catch (error) {
          response = error instanceof InvalidParams ? failure(-32602, 'Invalid params', id) : failure(-32603, 'Internal error', id);
        }
      }
      if (!hasId) log(`notification ${request.method}: no reply`);
      return hasId ? response : undefined;
    };

    const reply = (message: LabMessage): Response | Response[] | undefined => {
      let value: unknown;
      try {
        if (typeof message !== 'string') throw new SyntaxError('binary');
        value = JSON.parse(message);
      } catch {
        log('not JSON: -32700, id null');
        return failure(-32700, 'Parse error', null);
      }
      if (!Array.isArray(value)) return answer(value);
      if (value.length === 0) return failure(-32600, 'Invalid Request', null);
      const responses = value.map(answer).filter((r): r is Response => r !== undefined);
      log(`a batch of ${value.length}: ${responses.length} replies in one array`);
      return responses.length > 0 ? responses : undefined;
    };

    return new LabServer().websocket('/ws/rpc', async (ws) => {
      const protocol = ws.pickProtocol(['jsonrpc']);
      if (!protocol) return ws.reject(400, { body: 'This endpoint speaks JSON-RPC 2.0: offer the subprotocol "jsonrpc".\n' });
      await ws.accept({ protocol });
      // The server may call the client too: a notification of its own, unasked.
      await ws.sendJson({ jsonrpc: '2.0', method: 'hello', params: { methods: Object.keys(methods) } });
      for await (const message of ws) {
        const response = reply(message);
        if (response !== undefined) await ws.sendJson(response);
      }
    });
  },
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/rpc', ['jsonrpc']);
    // What the page sends, in order; `reply` says whether to wait for an answer before the next.
    const script: { send: string; reply: boolean }[] = [
      { send: JSON.stringify({ jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: 1 }), reply: true },
      { send: JSON.stringify({ jsonrpc: '2.0', method: 'log', params: { text: 'page ready' } }), reply: false },
      {
        send: JSON.stringify([
          { jsonrpc: '2.0', method: 'sum', params: [10, 20], id: 2 },
          { jsonrpc: '2.0', method: 'echo', params: { text: 'hi' }, id: '3' },
          { jsonrpc: '2.0', method: 'log', params: { text: 'in a batch' } },
          { jsonrpc: '2.0', method: 'subtract', params: [5, 3], id: 4 },
        ]),
        reply: true,
      },
      { send: JSON.stringify({ jsonrpc: '2.0', method: 1, params: 'bar' }), reply: true },
      { send: '{"jsonrpc": "2.0", "method": "sum", "params": [1, 2', reply: true },
    ];
    let next = 0;
    const sendNext = () => {
      while (next < script.length) {
        const step = script[next++];
        socket.send(step.send);
        if (step.reply) return;
      }
      socket.close(1000, 'done');
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data));
      // A message with a method and no id is a notification, from the server this time.
      if (!Array.isArray(message) && 'method' in message && !('id' in message)) log(`the server's notification "${message.method}": no reply expected`);
      sendNext();
    };
  },
});
