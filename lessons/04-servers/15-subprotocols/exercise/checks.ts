import { defineChecks, expect, type ExerciseLab, type ServerWebSocket, type TestClient } from '#authoring';

type Learner = { default: (ws: ServerWebSocket) => Promise<void> };

/** Mounts the learner's endpoint at /ws/rpc and connects a client that offers "jsonrpc". */
async function connect(module: Learner, lab: ExerciseLab, name = 'page'): Promise<TestClient> {
  lab.mount('/ws/rpc', module.default);
  return lab.client(name, '/ws/rpc', { protocols: ['jsonrpc'] });
}

/** Sends one message (a value is sent as JSON, a string as is) and parses the reply. */
async function call(client: TestClient, message: unknown): Promise<unknown> {
  client.send(typeof message === 'string' ? message : JSON.stringify(message));
  return client.receiveJson();
}

type Reply = { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };

/**
 * A reply with its error reduced to the code, so it compares with toEqual: the message
 * must be a non-empty string, but its wording is the server's to choose (and `data` may
 * be added). Anything else — a missing id, both result and error — still shows.
 */
function codeOnly(reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply) || !('error' in reply)) return reply;
  const { error, ...rest } = reply as Reply;
  expect(typeof error?.message === 'string' && error.message.length > 0, `the error object needs a message string: ${JSON.stringify(error)}`).toBe(true);
  return { ...rest, error: { code: error?.code } };
}

const rpcError = (code: number, id: unknown) => ({ jsonrpc: '2.0', error: { code }, id });
const rpcResult = (result: unknown, id: unknown) => ({ jsonrpc: '2.0', result, id });
/** Replies in a batch may come in any order (§6): compare them sorted by id. */
const byId = (replies: unknown) => {
  if (!Array.isArray(replies)) return replies;
  const key = (reply: unknown) => JSON.stringify((reply as Reply).id) ?? '';
  return replies.map(codeOnly).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

/** What the server answered the handshake of `client`: its status line. */
function handshakeAnswer(lab: ExerciseLab, client: TestClient): string {
  const id = client.connection?.id;
  for (const entry of lab.wireLog().entries) {
    if ((entry.kind === 'handshake' || entry.kind === 'http') && entry.connection === id && entry.direction === 'server→client') return entry.text.split('\r\n')[0];
  }
  return 'nothing';
}

/** Expects the handshake of a client offering `protocols` to be refused with a 4xx status, and the client to see error then close 1006. */
async function expectRefused(lab: ExerciseLab, name: string, protocols: string[]) {
  const client = lab.connect(name, '/ws/rpc', { protocols });
  const closed = await client.closedWith();
  const answer = handshakeAnswer(lab, client);
  expect(
    /^HTTP\/1\.1 4\d\d /.test(answer),
    `a client offering ${protocols.length ? protocols.map((p) => `"${p}"`).join(', ') : 'no subprotocol'} should be refused with an HTTP status such as 400, but the server answered "${answer}"`,
  ).toBe(true);
  expect(client.events.map((e) => e.type), `what ${name} saw`).toEqual(['error', 'close']);
  expect(closed.code).toBe(1006);
}

export default defineChecks<Learner>([
  {
    name: 'a client that offers "jsonrpc" is accepted with it, even after other offers',
    async run({ module, lab }) {
      lab.mount('/ws/rpc', module.default);
      const page = await lab.client('page', '/ws/rpc', { protocols: ['jsonrpc'] });
      expect(page.socket.protocol).toBe('jsonrpc');
      const picky = await lab.client('picky', '/ws/rpc', { protocols: ['graphql-ws', 'jsonrpc'] });
      expect(picky.socket.protocol).toBe('jsonrpc');
    },
  },
  {
    name: 'a client that does not offer "jsonrpc" is refused before the handshake completes: it sees error, then close 1006',
    async run({ module, lab }) {
      lab.mount('/ws/rpc', module.default);
      await expectRefused(lab, 'stranger', ['graphql-ws']);
      await expectRefused(lab, 'plain', []);
    },
  },
  {
    name: 'a call by position and a call by name get their results, with the same ids',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: 1 })).toEqual(rpcResult(7, 1));
      expect(await call(page, { jsonrpc: '2.0', method: 'echo', params: { text: 'hi' }, id: 2 })).toEqual(rpcResult('hi', 2));
    },
  },
  {
    name: '-32700: text that is not JSON gets Parse error with id null, and the connection stays open',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(codeOnly(await call(page, '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]'))).toEqual(rpcError(-32700, null));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [2, 3], id: 'after' })).toEqual(rpcResult(5, 'after'));
    },
  },
  {
    name: '-32600: a value that is not a valid Request gets Invalid Request with id null, even without an id',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      for (const bad of [
        { jsonrpc: '2.0', method: 1, params: 'bar' },
        { method: 'sum', params: [1, 2] },
        { jsonrpc: 2.0, method: 'sum', params: [1, 2] },
        { jsonrpc: '2.0', method: 'sum', params: 'bar' },
        42,
      ]) {
        expect(codeOnly(await call(page, bad)), `the reply to ${JSON.stringify(bad)}`).toEqual(rpcError(-32600, null));
      }
    },
  },
  {
    name: '-32601: an unknown method gets Method not found, with the request’s id',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'foobar', id: '1' }))).toEqual(rpcError(-32601, '1'));
    },
  },
  {
    name: '-32602: params a method cannot take get Invalid params',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1, 'two'], id: 1 }))).toEqual(rpcError(-32602, 1));
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'sum', id: 2 }))).toEqual(rpcError(-32602, 2));
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'echo', params: ['hi'], id: 3 }))).toEqual(rpcError(-32602, 3));
    },
  },
  {
    name: '-32603: a method that throws gets Internal error, and its message stays on the server',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      page.send(JSON.stringify({ jsonrpc: '2.0', method: 'crash', id: 7 }));
      const text = await page.receive();
      expect(typeof text === 'string' && !/ECONNREFUSED|10\.0\.0\.7|rpc_admin/.test(text), `the reply leaks the exception: ${String(text)}`).toBe(true);
      expect(codeOnly(JSON.parse(String(text)))).toEqual(rpcError(-32603, 7));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1, 1], id: 8 })).toEqual(rpcResult(2, 8));
    },
  },
  {
    name: 'notifications get no reply, not even errors',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      for (const notification of [
        { jsonrpc: '2.0', method: 'sum', params: [1, 2] },
        { jsonrpc: '2.0', method: 'foobar' },
        { jsonrpc: '2.0', method: 'sum', params: ['x'] },
        { jsonrpc: '2.0', method: 'crash' },
      ]) page.send(JSON.stringify(notification));
      await page.receivesNothing(1000);
      // The connection is still there: the next request is the first thing answered.
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [4, 5], id: 'next' })).toEqual(rpcResult(9, 'next'));
    },
  },
  {
    name: 'a batch gets one Array with a reply for each request and none for its notifications',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      const reply = await call(page, [
        { jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: '1' },
        { jsonrpc: '2.0', method: 'sum', params: [7] },
        { jsonrpc: '2.0', method: 'sum', params: [42, -23], id: '2' },
        { foo: 'boo' },
        { jsonrpc: '2.0', method: 'foo.get', params: { name: 'myself' }, id: '5' },
        { jsonrpc: '2.0', method: 'echo', params: { text: 'hello' }, id: '9' },
      ]);
      expect(Array.isArray(reply), `a batch is answered with an Array, got ${JSON.stringify(reply)}`).toBe(true);
      expect(byId(reply)).toEqual([rpcResult(7, '1'), rpcResult(19, '2'), rpcError(-32601, '5'), rpcResult('hello', '9'), rpcError(-32600, null)]);
    },
  },
  {
    name: 'a batch of only notifications gets no reply at all',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      page.send(JSON.stringify([{ jsonrpc: '2.0', method: 'sum', params: [1, 2, 4] }, { jsonrpc: '2.0', method: 'echo', params: { text: 'x' } }]));
      await page.receivesNothing(1000);
      // Not an empty Array, not a dead connection: the next request is the first thing answered.
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1], id: 'next' })).toEqual(rpcResult(1, 'next'));
    },
  },
  {
    name: 'an empty batch gets one -32600 error, not an Array',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(codeOnly(await call(page, '[]'))).toEqual(rpcError(-32600, null));
    },
  },
  {
    name: 'ids come back exactly as sent: "1" stays a string, 1 a number, null stays null',
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1], id: '1' })).toEqual(rpcResult(1, '1'));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [2], id: 1 })).toEqual(rpcResult(2, 1));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [3], id: null })).toEqual(rpcResult(3, null));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [4], id: '007' })).toEqual(rpcResult(4, '007'));
    },
  },
  {
    name: 'only the endpoint’s own methods are methods: "toString", "__proto__" and "constructor" are not found',
    hidden: true,
    async run({ module, lab }) {
      const page = await connect(module, lab);
      for (const [i, method] of ['toString', '__proto__', 'constructor', 'hasOwnProperty'].entries()) {
        expect(codeOnly(await call(page, { jsonrpc: '2.0', method, id: i })), `the reply to a call of "${method}"`).toEqual(rpcError(-32601, i));
      }
    },
  },
  {
    name: 'invalid members of a batch get their own errors; broken JSON in a batch gets one Parse error',
    hidden: true,
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(byId(await call(page, '[1,2,3]'))).toEqual([rpcError(-32600, null), rpcError(-32600, null), rpcError(-32600, null)]);
      expect(byId(await call(page, '[1]'))).toEqual([rpcError(-32600, null)]);
      expect(codeOnly(await call(page, '[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"]'))).toEqual(rpcError(-32700, null));
    },
  },
  {
    name: 'ids of other types are invalid; a binary message gets Parse error; none of it ends the connection',
    hidden: true,
    async run({ module, lab }) {
      const page = await connect(module, lab);
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1], id: { n: 1 } }))).toEqual(rpcError(-32600, null));
      expect(codeOnly(await call(page, { jsonrpc: '2.0', method: 'sum', params: [1], id: true }))).toEqual(rpcError(-32600, null));
      page.send(new TextEncoder().encode(JSON.stringify({ jsonrpc: '2.0', method: 'sum', params: [1], id: 1 })));
      expect(codeOnly(await page.receiveJson())).toEqual(rpcError(-32700, null));
      expect(await call(page, { jsonrpc: '2.0', method: 'sum', params: [], id: 0 })).toEqual(rpcResult(0, 0));
      expect(page.closed, 'the connection closed').toBeUndefined();
    },
  },
]);
