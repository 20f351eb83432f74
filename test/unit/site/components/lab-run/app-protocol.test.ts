import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExtData, decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { encodePacket, encodePayload, type Packet as EnginePacket } from 'engine.io-parser';
import { Encoder, PacketType, type Packet as SocketIoPacket } from 'socket.io-parser';
import {
  createAppDecoder, formatTree, jsonRpcErrorName, linkReplies,
  type AppDecoder, type AppMessage, type LinkableMessage,
} from '../../../../../site/components/lab-run/app-protocol.ts';
import type { Direction } from '../../../../../site/components/lab-run/scenario.ts';
import { anyText } from '../../../arbitraries.ts';

const C: Direction = 'client→server';
const S: Direction = 'server→client';
const SOCKET_IO_URL = 'ws://lab.test/socket.io/?EIO=4&transport=websocket';
const ENGINE_IO_URL = 'ws://lab.test/engine.io/?EIO=4&transport=websocket';

/** What engine.io-parser puts in one WebSocket message for a packet (binary kept as bytes). */
function engineIo(packet: EnginePacket): string | Uint8Array {
  let out: unknown;
  encodePacket(packet, true, (encoded) => { out = encoded; });
  return typeof out === 'string' ? out : toBytes(out);
}

/** The WebSocket messages socket.io-parser and engine.io-parser send for one Socket.IO packet. */
function socketIo(packet: SocketIoPacket): (string | Uint8Array)[] {
  return new Encoder().encode(packet).map((part: unknown) => engineIo({ type: 'message', data: part }));
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const view = data as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const OPEN = JSON.stringify({ sid: 'lv_VI97HAXpY6yYWAAAC', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 });

/** Decodes messages in order on one connection, keeping their indexes for the linker. */
function session(decoder: AppDecoder, messages: readonly (readonly [Direction, string | Uint8Array])[]): (LinkableMessage & { decoded: AppMessage })[] {
  return messages.map(([direction, data], index) => ({ index, direction, decoded: decoder.decode(data, direction) }));
}

describe('JSON', () => {
  describe.each([
    ['an object, by its keys', '{"type":"chat","room":"lobby","text":"hi"}', 'JSON object {type, room, text}'],
    ['an object with many keys, shortened', JSON.stringify(Object.fromEntries('abcdefghijkl'.split('').map((k) => [`${k}${k}${k}`, 1]))), 'JSON object {aaa, bbb, ccc, ddd, eee, fff, ggg, hhh, … 4 more}'],
    ['an object with long keys, shortened', JSON.stringify({ aVeryLongKeyNameIndeed: 1, anotherVeryLongKeyName: 2, third: 3 }), 'JSON object {aVeryLongKeyNameInde…, … 2 more}'],
    ['an empty object', '{}', 'JSON object {}'],
    ['an array', '[1, 2, 3]', 'JSON array of 3'],
    ['a string', '"hello"', 'JSON string “hello”'],
    ['a number', '42', 'JSON number 42'],
    ['true', 'true', 'JSON true'],
    ['null', ' null ', 'JSON null'],
  ])('%s', (_, text, label) => {
    it(`is labelled ${label} with the parsed value as its tree`, () => {
      const message = createAppDecoder().decode(text, C);
      expect(message).toMatchObject({ protocol: 'json', label });
      expect(message.tree).toEqual(JSON.parse(text));
      expect(message.problems).toBeUndefined();
    });
  });

  describe.each([
    ['plain text', 'hello there'],
    ['broken JSON', '{"type": "chat",'],
    ['text that starts like JSON', 'nothing to see'],
    ['an empty message', ''],
  ])('%s', (_, text) => {
    it('is plain text, with no label', () => {
      expect(createAppDecoder().decode(text, C)).toEqual({ protocol: 'text', label: '' });
    });
  });

  it('keeps a label on one line, showing control characters as their pictures', () => {
    expect(createAppDecoder().decode(JSON.stringify('line one\nline two\ttab\u007f'), C).label).toBe('JSON string “line one␊line two␉tab␡”');
  });

  it('gives numbers JSON cannot hold as { $number }', () => {
    expect(createAppDecoder().decode('[1e400, -1e400]', C).tree).toEqual([{ $number: 'Infinity' }, { $number: '-Infinity' }]);
  });

  it('formats a tree as indented JSON, and nothing for no tree', () => {
    expect(formatTree({ a: [1, { $bytes: '00ff' }] })).toBe('{\n  "a": [\n    1,\n    {\n      "$bytes": "00ff"\n    }\n  ]\n}');
    expect(formatTree(undefined)).toBe('');
  });
});

/**
 * JSON-RPC 2.0 specification §7, "Examples", verbatim: `-->` data sent to the server,
 * `<--` data sent to the client. Read on a connection known to speak JSON-RPC.
 */
const SPEC_EXAMPLES: readonly { name: string; direction: Direction; text: string; label: string; rpc: object; problems?: RegExp[] }[] = [
  // rpc call with positional parameters
  { name: 'positional request', direction: C, text: '{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}', label: 'JSON-RPC request #1 subtract', rpc: { kind: 'request', valid: true, id: 1, method: 'subtract' } },
  { name: 'its response', direction: S, text: '{"jsonrpc": "2.0", "result": 19, "id": 1}', label: 'JSON-RPC response #1 → 19', rpc: { kind: 'response', valid: true, id: 1 } },
  { name: 'positional request 2', direction: C, text: '{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}', label: 'JSON-RPC request #2 subtract', rpc: { kind: 'request', valid: true, id: 2, method: 'subtract' } },
  { name: 'its response', direction: S, text: '{"jsonrpc": "2.0", "result": -19, "id": 2}', label: 'JSON-RPC response #2 → -19', rpc: { kind: 'response', valid: true, id: 2 } },
  // rpc call with named parameters
  { name: 'named request', direction: C, text: '{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}', label: 'JSON-RPC request #3 subtract', rpc: { kind: 'request', valid: true, id: 3, method: 'subtract' } },
  { name: 'its response', direction: S, text: '{"jsonrpc": "2.0", "result": 19, "id": 3}', label: 'JSON-RPC response #3 → 19', rpc: { kind: 'response', valid: true, id: 3 } },
  { name: 'named request 2', direction: C, text: '{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}', label: 'JSON-RPC request #4 subtract', rpc: { kind: 'request', valid: true, id: 4, method: 'subtract' } },
  { name: 'its response', direction: S, text: '{"jsonrpc": "2.0", "result": 19, "id": 4}', label: 'JSON-RPC response #4 → 19', rpc: { kind: 'response', valid: true, id: 4 } },
  // a Notification
  { name: 'notification', direction: C, text: '{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}', label: 'JSON-RPC notification update', rpc: { kind: 'notification', valid: true, method: 'update' } },
  { name: 'notification without params', direction: C, text: '{"jsonrpc": "2.0", "method": "foobar"}', label: 'JSON-RPC notification foobar', rpc: { kind: 'notification', valid: true, method: 'foobar' } },
  // rpc call of non-existent method
  { name: 'request with a string id', direction: C, text: '{"jsonrpc": "2.0", "method": "foobar", "id": "1"}', label: 'JSON-RPC request #"1" foobar', rpc: { kind: 'request', valid: true, id: '1', method: 'foobar' } },
  { name: 'Method not found', direction: S, text: '{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"}', label: 'JSON-RPC error #"1" -32601 Method not found', rpc: { kind: 'error', valid: true, id: '1', code: -32601 } },
  // rpc call with invalid JSON
  { name: 'invalid JSON', direction: C, text: '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]', label: 'JSON-RPC invalid message (not JSON)', rpc: { kind: 'invalid', valid: false }, problems: [/-32700 Parse error/] },
  { name: 'Parse error', direction: S, text: '{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}', label: 'JSON-RPC error #null -32700 Parse error', rpc: { kind: 'error', valid: true, id: null, code: -32700 } },
  // rpc call with invalid Request object
  { name: 'invalid Request object', direction: C, text: '{"jsonrpc": "2.0", "method": 1, "params": "bar"}', label: 'JSON-RPC invalid notification', rpc: { kind: 'notification', valid: false }, problems: [/the method is 1: it MUST be a string \(§4\)/, /params is "bar": it MUST be an array or an object/] },
  { name: 'Invalid Request', direction: S, text: '{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}', label: 'JSON-RPC error #null -32600 Invalid Request', rpc: { kind: 'error', valid: true, id: null, code: -32600 } },
  // rpc call Batch, invalid JSON
  { name: 'batch, invalid JSON', direction: C, text: '[\n  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},\n  {"jsonrpc": "2.0", "method"\n]', label: 'JSON-RPC invalid message (not JSON)', rpc: { kind: 'invalid', valid: false }, problems: [/-32700 Parse error/] },
  { name: 'Parse error', direction: S, text: '{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}', label: 'JSON-RPC error #null -32700 Parse error', rpc: { kind: 'error', valid: true, id: null, code: -32700 } },
  // rpc call with an empty Array
  { name: 'an empty array', direction: C, text: '[]', label: 'JSON-RPC invalid batch (empty)', rpc: { kind: 'batch', valid: false, items: [] }, problems: [/An empty array is not a batch/] },
  { name: 'Invalid Request', direction: S, text: '{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}', label: 'JSON-RPC error #null -32600 Invalid Request', rpc: { kind: 'error', valid: true, id: null, code: -32600 } },
  // rpc call with an invalid Batch (but not empty)
  { name: 'an invalid batch', direction: C, text: '[1]', label: 'JSON-RPC batch of 1 (1 invalid)', rpc: { kind: 'batch', valid: false, items: [{ kind: 'invalid', valid: false }] }, problems: [/^Item 1: number, not a Request or Response object/] },
  { name: 'its batch of errors', direction: S, text: '[\n  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}\n]', label: 'JSON-RPC batch of 1', rpc: { kind: 'batch', valid: true, items: [{ kind: 'error', valid: true, id: null, code: -32600 }] } },
  // rpc call with invalid Batch
  { name: 'an invalid batch of 3', direction: C, text: '[1,2,3]', label: 'JSON-RPC batch of 3 (3 invalid)', rpc: { kind: 'batch', valid: false }, problems: [/^Item 1: number/, /^Item 2: number/, /^Item 3: number/] },
  { name: 'its batch of errors', direction: S, text: '[\n  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},\n  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},\n  {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}\n]', label: 'JSON-RPC batch of 3', rpc: { kind: 'batch', valid: true } },
  // rpc call Batch
  {
    name: 'a batch', direction: C,
    text: '[\n        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},\n        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},\n        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},\n        {"foo": "boo"},\n        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},\n        {"jsonrpc": "2.0", "method": "get_data", "id": "9"} \n    ]',
    label: 'JSON-RPC batch of 6 (1 invalid)',
    rpc: {
      kind: 'batch', valid: false,
      items: [
        { kind: 'request', valid: true, id: '1', method: 'sum' }, { kind: 'notification', valid: true, method: 'notify_hello' },
        { kind: 'request', valid: true, id: '2', method: 'subtract' }, { kind: 'invalid', valid: false },
        { kind: 'request', valid: true, id: '5', method: 'foo.get' }, { kind: 'request', valid: true, id: '9', method: 'get_data' },
      ],
    },
    problems: [/^Item 4: no "jsonrpc" member/, /^Item 4: neither "method"/],
  },
  {
    name: 'its responses', direction: S,
    text: '[\n        {"jsonrpc": "2.0", "result": 7, "id": "1"},\n        {"jsonrpc": "2.0", "result": 19, "id": "2"},\n        {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},\n        {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},\n        {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}\n    ]',
    label: 'JSON-RPC batch of 5', rpc: { kind: 'batch', valid: true },
  },
  // rpc call Batch (all notifications)
  { name: 'a batch of notifications', direction: C, text: '[\n        {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},\n        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}\n    ]', label: 'JSON-RPC batch of 2', rpc: { kind: 'batch', valid: true } },
];

describe('JSON-RPC 2.0: the specification\'s examples (§7)', () => {
  describe.each(SPEC_EXAMPLES.map((example, i) => [`${i + 1}. ${example.name}`, example] as const))('%s', (_, example) => {
    it(`is ${example.label}`, () => {
      const message = createAppDecoder({ protocol: 'jsonrpc' }).decode(example.text, example.direction);
      expect(message.protocol).toBe('json-rpc');
      expect(message.label).toBe(example.label);
      expect(message.rpc).toMatchObject(example.rpc);
      if (example.problems) example.problems.forEach((problem, i) => expect(message.problems?.[i]).toMatch(problem));
      else expect(message.problems).toBeUndefined();
    });
  });

  it('links every response of the examples, played as one session, to its request', () => {
    const messages = session(createAppDecoder(), SPEC_EXAMPLES.map((example) => [example.direction, example.text]));
    const links = linkReplies(messages);
    const expected: Record<number, number[]> = {};
    SPEC_EXAMPLES.forEach((example, i) => {
      if (example.direction === S) expected[i] = [i - 1];
    });
    expect(links.answers).toEqual(expected);
    expect(links.answeredBy[24]).toEqual([25]);
    expect(links.unanswered).toEqual([]);
    expect(links.unmatched).toEqual([]);
  });

  it('reads the first example as JSON-RPC without being told, and from then on reads the connection so', () => {
    const decoder = createAppDecoder();
    expect(decoder.decode('[]', C).label).toBe('JSON array of 0');
    expect(decoder.decode('hello', C)).toEqual({ protocol: 'text', label: '' });
    expect(decoder.decode(SPEC_EXAMPLES[0].text, C).label).toBe('JSON-RPC request #1 subtract');
    expect(decoder.decode('[]', C).label).toBe('JSON-RPC invalid batch (empty)');
    expect(decoder.decode('hello', C).label).toBe('JSON-RPC invalid message (not JSON)');
    expect(decoder.decode('{"foo": "boo"}', C).label).toBe('JSON-RPC invalid message');
  });
});

describe('JSON-RPC 2.0: shapes that break the rules are flagged', () => {
  describe.each([
    ['"jsonrpc" is not "2.0"', '{"jsonrpc": "1.0", "method": "sum", "params": [1, 2], "id": 7}', 'JSON-RPC invalid request #7 sum', /"jsonrpc" is "1.0": it MUST be exactly "2.0" \(§4\)/],
    ['both result and error', '{"jsonrpc": "2.0", "result": 1, "error": {"code": -32603, "message": "Internal error"}, "id": 7}', 'JSON-RPC invalid response #7', /both "result" and "error"/],
    ['a response without an id', '{"jsonrpc": "2.0", "result": 1}', 'JSON-RPC invalid response', /no "id": a response MUST carry/],
    ['an error code that is not an integer', '{"jsonrpc": "2.0", "error": {"code": "oops", "message": "x"}, "id": 7}', 'JSON-RPC invalid response #7', /error.code is "oops": it MUST be an integer/],
    ['an error without a message', '{"jsonrpc": "2.0", "error": {"code": -32603}, "id": 7}', 'JSON-RPC invalid response #7', /error.message is missing/],
    ['an error that is not an object', '{"jsonrpc": "2.0", "error": "bad", "id": 7}', 'JSON-RPC invalid response #7', /"error" is "bad"/],
    ['params that are not structured', '{"jsonrpc": "2.0", "method": "sum", "params": 3, "id": 7}', 'JSON-RPC invalid request #7 sum', /params is 3/],
    ['an id that is an object', '{"jsonrpc": "2.0", "method": "sum", "id": {"n": 1}}', 'JSON-RPC invalid request sum', /the id is an object: it MUST be a string, a number or null/],
    ['a request that also carries a result', '{"jsonrpc": "2.0", "method": "sum", "result": 3, "id": 7}', 'JSON-RPC invalid request #7 sum', /never both/],
    ['neither method nor result', '{"jsonrpc": "2.0", "id": 7}', 'JSON-RPC invalid message', /neither "method"/],
  ])('%s', (_, text, label, problem) => {
    it(`is ${label}`, () => {
      const message = createAppDecoder().decode(text, C);
      expect(message).toMatchObject({ protocol: 'json-rpc', label, rpc: { valid: false } });
      expect(message.problems?.join('\n')).toMatch(problem);
    });
  });

  describe.each([
    ['a method in the reserved rpc. namespace', '{"jsonrpc": "2.0", "method": "rpc.discover", "id": 1}', 'JSON-RPC request #1 rpc.discover', /reserved for rpc-internal methods/],
    ['a null request id', '{"jsonrpc": "2.0", "method": "sum", "id": null}', 'JSON-RPC request #null sum', /null request id is discouraged/],
    ['a fractional id', '{"jsonrpc": "2.0", "method": "sum", "id": 1.5}', 'JSON-RPC request #1.5 sum', /SHOULD NOT have a fractional part/],
    ['a code reserved but not defined', '{"jsonrpc": "2.0", "error": {"code": -32500, "message": "Odd"}, "id": 1}', 'JSON-RPC error #1 -32500 “Odd”', /reserved for pre-defined errors/],
  ])('%s', (_, text, label, warning) => {
    it(`is ${label}, valid but with a warning`, () => {
      const message = createAppDecoder().decode(text, C);
      expect(message).toMatchObject({ protocol: 'json-rpc', label, rpc: { valid: true } });
      expect(message.problems?.join('\n')).toMatch(warning);
    });
  });

  it('flags a batch that mixes requests and responses', () => {
    const message = createAppDecoder().decode('[{"jsonrpc": "2.0", "method": "a", "id": 1}, {"jsonrpc": "2.0", "result": 2, "id": 2}]', C);
    expect(message.rpc).toMatchObject({ kind: 'batch', valid: false });
    expect(message.problems).toContain('The batch mixes requests and responses: a batch is an array of one or the other (§6).');
  });

  it('labels responses with a short form of the result', () => {
    const decoder = createAppDecoder();
    expect(decoder.decode('{"jsonrpc": "2.0", "result": {"sum": 12, "count": 3}, "id": 7}', S).label).toBe('JSON-RPC response #7 → {sum, count}');
    expect(decoder.decode('{"jsonrpc": "2.0", "result": [1, 2, 3], "id": 8}', S).label).toBe('JSON-RPC response #8 → [3 items]');
    expect(decoder.decode('{"jsonrpc": "2.0", "result": "done", "id": 9}', S).label).toBe('JSON-RPC response #9 → “done”');
    expect(decoder.decode('{"jsonrpc": "2.0", "result": null, "id": 10}', S).label).toBe('JSON-RPC response #10 → null');
  });

  describe.each([
    [-32700, 'Parse error'], [-32600, 'Invalid Request'], [-32601, 'Method not found'], [-32602, 'Invalid params'],
    [-32603, 'Internal error'], [-32000, 'Server error'], [-32099, 'Server error'], [-32100, undefined], [-32768, undefined], [42, undefined],
  ])('error code %i', (code, name) => {
    it(`is named ${name ?? 'by the application'}`, () => {
      expect(jsonRpcErrorName(code)).toBe(name);
      const label = createAppDecoder().decode(JSON.stringify({ jsonrpc: '2.0', error: { code, message: 'Insufficient funds' }, id: 7 }), S).label;
      expect(label).toBe(`JSON-RPC error #7 ${code} ${name ?? '“Insufficient funds”'}`);
    });
  });
});

describe('linkReplies', () => {
  const request = (id: unknown, method = 'm') => JSON.stringify({ jsonrpc: '2.0', method, id });
  const response = (id: unknown, result: unknown = 0) => JSON.stringify({ jsonrpc: '2.0', result, id });

  it('keeps the string id "1" and the number id 1 apart', () => {
    const links = linkReplies(session(createAppDecoder(), [[C, request(1)], [C, request('1')], [S, response('1')], [S, response(1)]]));
    expect(links.answers).toEqual({ 2: [1], 3: [0] });
    expect(links.answeredBy).toEqual({ 0: [3], 1: [2] });
  });

  it('matches ids per direction: each side may ask, the other answers', () => {
    const links = linkReplies(session(createAppDecoder(), [[C, request(1)], [S, request(1, 'ask')], [C, response(1)], [S, response(1)]]));
    expect(links.answers).toEqual({ 2: [1], 3: [0] });
  });

  it('answers a reused id oldest first, and lists requests left unanswered and responses that match nothing', () => {
    const links = linkReplies(session(createAppDecoder(), [[C, request(5)], [C, request(5)], [S, response(5)], [S, response(6)], [C, request(7)]]));
    expect(links.answers).toEqual({ 2: [0] });
    expect(links.unanswered).toEqual([1, 4]);
    expect(links.unmatched).toEqual([3]);
  });

  it('expects no answer to notifications, and links a null-id error to the message that could not be read', () => {
    const links = linkReplies(session(createAppDecoder(), [
      [C, '{"jsonrpc": "2.0", "method": "tick"}'], [C, request(1)], [C, '{"jsonrpc": "2.0", "method": "x", "id": [1]}'],
      [S, '{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}'], [S, response(1)],
    ]));
    expect(links.answers).toEqual({ 3: [2], 4: [1] });
    expect(links.unanswered).toEqual([]);
  });

  it('links a Socket.IO ACK to the EVENT with its ack id, in the same namespace', () => {
    const decoder = createAppDecoder({ url: SOCKET_IO_URL });
    const messages = session(decoder, [
      [S, `0${OPEN}`], [C, '40'], [C, '40/admin,'],
      [C, '42/admin,12["chat",{"text":"hi"}]'], [C, '4213["chat",{"text":"hi"}]'],
      [S, '43/admin,12["ok"]'], [S, '4313["ok"]'], [S, '4399["lost"]'],
    ]);
    const links = linkReplies(messages);
    expect(links.answers).toEqual({ 5: [3], 6: [4] });
    expect(links.unmatched).toEqual([7]);
  });
});

describe('MessagePack (encoded with @msgpack/msgpack)', () => {
  describe.each([
    ['a map', { type: 'chat', room: 'lobby', text: 'hi' }, 'MessagePack map {type, room, text}', { type: 'chat', room: 'lobby', text: 'hi' }],
    ['an array', [1, 'two', { three: 3 }], 'MessagePack array of 3', [1, 'two', { three: 3 }]],
    ['bytes', { name: 'a.bin', data: Uint8Array.of(0, 1, 0xfe, 0xff) }, 'MessagePack map {name, data}', { name: 'a.bin', data: { $bytes: '0001feff' } }],
    ['long bytes, shortened', { data: new Uint8Array(300).fill(0xab) }, 'MessagePack map {data}', { data: { $bytes: 'ab'.repeat(256), length: 300 } }],
    ['a timestamp', { at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) }, 'MessagePack map {at}', { at: { $timestamp: '2024-01-02T03:04:05.006Z' } }],
    ['floats JSON cannot hold', { x: Number.NaN, y: -Infinity }, 'MessagePack map {x, y}', { x: { $number: 'NaN' }, y: { $number: '-Infinity' } }],
    ['Unicode text', { text: 'héllo €, 😀' }, 'MessagePack map {text}', { text: 'héllo €, 😀' }],
    ['nesting', { a: { b: [{ c: null, d: true }] } }, 'MessagePack map {a}', { a: { b: [{ c: null, d: true }] } }],
  ])('%s', (_, value, label, tree) => {
    it(`is ${label}`, () => {
      const message = createAppDecoder().decode(msgpackEncode(value), S);
      expect(message).toEqual({ protocol: 'msgpack', label, tree });
    });
  });

  const raw = (bytes: number[]) => Uint8Array.from(bytes);
  describe.each([
    ['a lone string', msgpackEncode('hello'), /one MessagePack value \(string “hello”\), but a lone or empty value/],
    ['a lone number', msgpackEncode(42), /\(number 42\)/],
    ['lone bytes', msgpackEncode(Uint8Array.of(1, 2)), /\(bin of 2 bytes\)/],
    ['an empty array', msgpackEncode([]), /\(an empty array\)/],
    ['an empty map', msgpackEncode({}), /\(an empty map\)/],
    ['numbers only', msgpackEncode([1, 2, 3]), /only numbers, booleans and nil/],
    ['number keys', raw([0x81, 0x01, 0xa1, 0x61]), /its maps have number keys/],
    ['an unknown extension', msgpackEncode({ x: new ExtData(5, Uint8Array.of(1)) }), /extension type 5/],
    ['a string of broken UTF-8', raw([0x81, 0xa1, 0x61, 0xa2, 0xff, 0xfe]), /broken UTF-8/],
    ['a key of broken UTF-8', raw([0x81, 0xa2, 0xc3, 0x28, 0xa1, 0x61]), /a map key holds control characters or broken UTF-8/],
    ['a string with control characters', msgpackEncode({ a: 'x\u0001y' }), /control characters/],
  ])('%s', (_, bytes, note) => {
    it('is left as bytes, with a note saying how it reads', () => {
      const message = createAppDecoder().decode(bytes, S);
      expect(message).toMatchObject({ protocol: 'binary', label: '' });
      expect(message.notes?.[0]).toMatch(note);
    });
  });

  describe.each([
    ['one value and a byte more', [...msgpackEncode({ a: 'x' }), 0]],
    ['two values', [...msgpackEncode({ a: 'x' }), ...msgpackEncode({ b: 'y' })]],
    ['a value cut short', [...msgpackEncode({ a: 'xyz' })].slice(0, -1)],
    ['a reserved byte', [0xc1]],
    ['a map with a "__proto__" key, which the decoder refuses', [0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x80]],
    ['nothing', []],
  ])('%s', (_, bytes) => {
    it('is plain bytes', () => {
      expect(createAppDecoder().decode(Uint8Array.from(bytes), S)).toEqual({ protocol: 'binary', label: '' });
    });
  });

  it('recognises any map with a key that is not blank, whatever it holds', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => /\S/.test(k) && k !== '__proto__');
    // @msgpack/msgpack refuses a "__proto__" key anywhere (see the case below), so none is generated.
    const value = fc.jsonValue({ maxDepth: 4 }).filter((v) => !JSON.stringify(v).includes('"__proto__":'));
    fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), (value) => {
      const message = createAppDecoder().decode(msgpackEncode(value), C);
      expect(message.protocol).toBe('msgpack');
      expect(JSON.stringify(message.tree)).toBe(JSON.stringify(value));
    }));
  });

  it('seldom calls random bytes MessagePack, and only when they are one structured value', () => {
    const decoder = createAppDecoder();
    for (const arbitrary of [fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.noBias(fc.uint8Array({ minLength: 1, maxLength: 64 }))]) {
      const samples = fc.sample(arbitrary, { numRuns: 20_000, seed: 6455 });
      const claimed = samples.filter((bytes) => decoder.decode(bytes, C).protocol === 'msgpack');
      expect(claimed.length).toBeLessThanOrEqual(2);
      for (const bytes of claimed) expect(msgpackDecode(bytes)).toSatisfy((value: unknown) => typeof value === 'object' && value !== null);
    }
  });

  it('cannot tell a short structure with a little text from chance, and calls it MessagePack', () => {
    // Four random bytes (1 in 50,000 samples): [101, "9"] is what an encoder would write.
    expect(createAppDecoder().decode(raw([0x92, 0x65, 0xa1, 0x39]), C)).toEqual({ protocol: 'msgpack', label: 'MessagePack array of 2', tree: [101, '9'] });
  });
});

describe('Engine.IO (encoded with engine.io-parser)', () => {
  describe.each([
    ['open', S, { type: 'open', data: OPEN }, 'Engine.IO open sid=lv_VI97HAXpY6yYWAAAC', { type: 'open', sid: 'lv_VI97HAXpY6yYWAAAC' }],
    ['close', C, { type: 'close' }, 'Engine.IO close', { type: 'close' }],
    ['ping', S, { type: 'ping' }, 'Engine.IO ping', { type: 'ping' }],
    ['pong', C, { type: 'pong' }, 'Engine.IO pong', { type: 'pong' }],
    ['the upgrade probe', C, { type: 'ping', data: 'probe' }, 'Engine.IO ping probe', { type: 'ping' }],
    ['its answer', S, { type: 'pong', data: 'probe' }, 'Engine.IO pong probe', { type: 'pong' }],
    ['upgrade', C, { type: 'upgrade' }, 'Engine.IO upgrade', { type: 'upgrade' }],
    ['noop', S, { type: 'noop' }, 'Engine.IO noop', { type: 'noop' }],
    ['a text message', S, { type: 'message', data: 'hello' }, 'Engine.IO message “hello”', { type: 'message' }],
    ['a binary message', C, { type: 'message', data: Uint8Array.of(1, 2, 3) }, 'Engine.IO message, 3 B binary', { type: 'message' }],
  ] as const)('%s', (_, direction, packet, label, engineio) => {
    it(`is ${label}`, () => {
      const message = createAppDecoder({ url: ENGINE_IO_URL }).decode(engineIo(packet as EnginePacket), direction);
      expect(message).toMatchObject({ protocol: 'engine.io', label, engineio });
      expect(message.problems).toBeUndefined();
    });
  });

  it('gives the open packet\'s handshake as its tree', () => {
    expect(createAppDecoder({ url: ENGINE_IO_URL }).decode(`0${OPEN}`, S).tree).toEqual(JSON.parse(OPEN));
  });

  describe.each([
    ['an open packet from the client', C, `0${OPEN}`, /Only the server sends the open packet/],
    ['an open packet without maxPayload (v3)', S, '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}', /lacks maxPayload/],
    ['an open packet that is not JSON', S, '0sid', /MUST carry a JSON object/],
    ['a ping from the client (as in v3)', C, '2', /the server sends ping and the client answers pong; here the client sent ping/],
    ['a pong from the server', S, '3', /here the server sent pong/],
    ['text that is no packet', S, 'hello', /Not an Engine.IO packet/],
  ])('%s', (_, direction, text, problem) => {
    it('is flagged', () => {
      expect(createAppDecoder({ url: ENGINE_IO_URL }).decode(text, direction).problems?.join('\n')).toMatch(problem);
    });
  });

  it('reads a long-polling payload as one packet, and says that it holds several', () => {
    let payload = '';
    encodePayload([{ type: 'message', data: 'hello' }, { type: 'ping' }, { type: 'message', data: 'bye' }], (encoded) => { payload = encoded; });
    const message = createAppDecoder({ url: ENGINE_IO_URL }).decode(payload, S);
    expect(message).toMatchObject({ protocol: 'engine.io', label: 'Engine.IO message “hello␞2␞4bye”' });
    expect(message.problems?.[0]).toMatch(/^Holds 3 packets joined by the record separator \(0x1E\), as HTTP long-polling sends them/);
  });

  describe.each([
    ['no hint at all', {}, [[C, '2']], 'JSON number 2'],
    ['a URL with EIO=4', { url: 'ws://x/realtime?EIO=4&transport=websocket' }, [[C, '3']], 'Engine.IO pong'],
    ['a URL with /socket.io/', { url: 'wss://x/socket.io/?transport=websocket' }, [[C, '3']], 'Engine.IO pong'],
    ['a first server message that is an open packet', {}, [[S, `0${OPEN}`], [S, '2']], 'Engine.IO ping'],
    ['a first server message that is not', {}, [[S, 'welcome'], [S, '2']], 'JSON number 2'],
    ['a first server message that looks like open but has no sid', {}, [[S, '0{"a":1}'], [S, '2']], 'JSON number 2'],
  ] as const)('a connection with %s', (_, options, messages, label) => {
    it(`reads its last message as ${label}`, () => {
      const decoded = session(createAppDecoder(options), messages);
      expect(decoded.at(-1)!.decoded.label).toBe(label);
    });
  });
});

describe('Socket.IO (encoded with socket.io-parser, carried by engine.io-parser)', () => {
  describe.each([
    ['CONNECT', C, { type: PacketType.CONNECT, nsp: '/' }, 'Socket.IO CONNECT /', { type: 'CONNECT', nsp: '/' }],
    ['CONNECT to a namespace, with auth', C, { type: PacketType.CONNECT, nsp: '/admin', data: { token: '123' } }, 'Socket.IO CONNECT /admin', { type: 'CONNECT', nsp: '/admin' }],
    ['the server\'s CONNECT', S, { type: PacketType.CONNECT, nsp: '/', data: { sid: 'oSO0OpakMV_3jnilAAAA' } }, 'Socket.IO CONNECT /', { type: 'CONNECT', nsp: '/' }],
    ['DISCONNECT', C, { type: PacketType.DISCONNECT, nsp: '/admin' }, 'Socket.IO DISCONNECT /admin', { type: 'DISCONNECT', nsp: '/admin' }],
    ['EVENT', C, { type: PacketType.EVENT, nsp: '/', data: ['chat', { text: 'hi' }] }, 'Socket.IO EVENT chat in /', { type: 'EVENT', nsp: '/', event: 'chat' }],
    ['EVENT with an ack id, in a namespace', C, { type: PacketType.EVENT, nsp: '/admin', id: 12, data: ['chat', { text: 'hi' }] }, 'Socket.IO EVENT chat in /admin (ack 12)', { type: 'EVENT', nsp: '/admin', id: 12, event: 'chat' }],
    ['ACK', S, { type: PacketType.ACK, nsp: '/', id: 12, data: ['ok'] }, 'Socket.IO ACK 12', { type: 'ACK', nsp: '/', id: 12 }],
    ['ACK in a namespace', S, { type: PacketType.ACK, nsp: '/admin', id: 12, data: [] }, 'Socket.IO ACK 12 in /admin', { type: 'ACK', nsp: '/admin', id: 12 }],
    ['CONNECT_ERROR', S, { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Not authorized' } }, 'Socket.IO CONNECT_ERROR /: Not authorized', { type: 'CONNECT_ERROR', nsp: '/' }],
  ] as const)('%s', (_, direction, packet, label, socketio) => {
    it(`is ${label}`, () => {
      const [text] = socketIo(packet as SocketIoPacket);
      const message = createAppDecoder({ url: SOCKET_IO_URL }).decode(text, direction);
      expect(message).toMatchObject({ protocol: 'socket.io', label, socketio });
      expect(message.tree).toMatchObject({ type: socketio.type, nsp: socketio.nsp });
      expect(message.problems).toBeUndefined();
    });
  });

  it('gives the text of the examples in the protocol\'s own words', () => {
    const decoder = createAppDecoder({ url: SOCKET_IO_URL });
    expect(socketIo({ type: PacketType.EVENT, nsp: '/admin', id: 12, data: ['chat', {}] })).toEqual(['42/admin,12["chat",{}]']);
    expect(decoder.decode('40/admin,{"token":"123"}', C).tree).toEqual({ type: 'CONNECT', nsp: '/admin', data: { token: '123' } });
    expect(decoder.decode('431["x"]', S).label).toBe('Socket.IO ACK 1');
    expect(decoder.decode('44{"message":"Not authorized"}', S).label).toBe('Socket.IO CONNECT_ERROR /: Not authorized');
  });

  it('reports a BINARY_EVENT, then each attachment, then the whole event with its bytes', () => {
    const file = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
    const messages = socketIo({ type: PacketType.EVENT, nsp: '/', data: ['upload', { name: 'a.bin', file }] });
    expect(messages[0]).toBe('451-["upload",{"name":"a.bin","file":{"_placeholder":true,"num":0}}]');
    expect(messages[1]).toEqual(file);
    const decoded = session(createAppDecoder({ url: SOCKET_IO_URL }), messages.map((m) => [C, m]));
    expect(decoded.map((m) => m.decoded.label)).toEqual(['Socket.IO BINARY_EVENT upload in /, 1 attachment to follow', 'Socket.IO attachment 1 of 1 for BINARY_EVENT upload']);
    expect(decoded[0].decoded.tree).toEqual({ type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['upload', { name: 'a.bin', file: { _placeholder: true, num: 0 } }] });
    expect(decoded[0].decoded.socketio).toEqual({ type: 'BINARY_EVENT', nsp: '/', event: 'upload', attachments: 1 });
    expect(decoded[1].decoded).toEqual({
      protocol: 'socket.io', label: 'Socket.IO attachment 1 of 1 for BINARY_EVENT upload',
      socketio: { type: 'BINARY_EVENT', nsp: '/', event: 'upload', attachments: 1, attachment: { index: 1, of: 1 } },
      tree: { type: 'BINARY_EVENT', nsp: '/', data: ['upload', { name: 'a.bin', file: { $bytes: 'deadbeef' } }] },
    });
  });

  it('reassembles a binary event with two attachments and an ack, and the BINARY_ACK that answers it, across pings and the other side\'s packets', () => {
    const event = socketIo({ type: PacketType.EVENT, nsp: '/files', id: 7, data: ['upload', Uint8Array.of(1), Uint8Array.of(2, 2)] });
    const ack = socketIo({ type: PacketType.ACK, nsp: '/files', id: 7, data: [{ stored: Uint8Array.of(9) }] });
    expect(event[0]).toBe('452-/files,7["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    expect(ack[0]).toBe('461-/files,7[{"stored":{"_placeholder":true,"num":0}}]');
    const decoded = session(createAppDecoder({ url: SOCKET_IO_URL }), [
      [C, event[0]], [S, '2'], [C, event[1]], [S, '42/files,["progress",50]'], [C, '3'], [C, event[2]], [S, ack[0]], [S, ack[1]],
    ]);
    expect(decoded.map((m) => m.decoded.label)).toEqual([
      'Socket.IO BINARY_EVENT upload in /files (ack 7), 2 attachments to follow', 'Engine.IO ping', 'Socket.IO attachment 1 of 2 for BINARY_EVENT upload',
      'Socket.IO EVENT progress in /files', 'Engine.IO pong', 'Socket.IO attachment 2 of 2 for BINARY_EVENT upload',
      'Socket.IO BINARY_ACK 7 in /files, 1 attachment to follow', 'Socket.IO attachment 1 of 1 for BINARY_ACK 7',
    ]);
    expect(decoded[2].decoded.tree).toEqual({ $bytes: '01' });
    expect(decoded[5].decoded.tree).toEqual({ type: 'BINARY_EVENT', nsp: '/files', id: 7, data: ['upload', { $bytes: '01' }, { $bytes: '0202' }] });
    expect(decoded[7].decoded.tree).toEqual({ type: 'BINARY_ACK', nsp: '/files', id: 7, data: [{ stored: { $bytes: '09' } }] });
    expect(decoded.flatMap((m) => m.decoded.problems ?? [])).toEqual([]);
    expect(linkReplies(decoded).answers).toEqual({ 6: [0] });
  });

  it('flags a text packet that cuts into a binary event\'s attachments, then reads it afresh', () => {
    const [header] = socketIo({ type: PacketType.EVENT, nsp: '/', data: ['upload', Uint8Array.of(1)] });
    const decoded = session(createAppDecoder({ url: SOCKET_IO_URL }), [[C, header], [C, '42["chat","hi"]'], [C, Uint8Array.of(1)]]);
    expect(decoded[1].decoded.label).toBe('Socket.IO EVENT chat in /');
    expect(decoded[1].decoded.problems).toEqual(['A text packet came while the BINARY_EVENT still awaited 1 attachment: Socket.IO fails the connection here.']);
    expect(decoded[2].decoded).toMatchObject({ protocol: 'engine.io', label: 'Engine.IO message, 1 B binary', problems: [expect.stringMatching(/no BINARY_EVENT or BINARY_ACK awaiting it/)] });
  });

  describe.each([
    ['an unknown packet type', '49["x"]', /Not a Socket.IO packet: unknown packet type 9/],
    ['an EVENT without a name', '42{"a":1}', /Not a Socket.IO packet: invalid payload/],
    ['a reserved event name', '42["disconnect"]', /Not a Socket.IO packet: invalid payload/],
    ['attachments that are not counted', '45-["x"]', /Not a Socket.IO packet: Illegal attachments/],
  ])('%s', (_, text, problem) => {
    it('is an Engine.IO message flagged as no Socket.IO packet', () => {
      const message = createAppDecoder({ url: SOCKET_IO_URL }).decode(text, C);
      expect(message).toMatchObject({ protocol: 'engine.io', engineio: { type: 'message' } });
      expect(message.problems?.join('\n')).toMatch(problem);
    });
  });

  it('finds Socket.IO on a custom path by the CONNECT that starts every session', () => {
    const decoded = session(createAppDecoder({ url: 'ws://x/realtime/?EIO=4&transport=websocket' }), [[S, `0${OPEN}`], [C, '40'], [C, '42["chat"]']]);
    expect(decoded.map((m) => m.decoded.label)).toEqual(['Engine.IO open sid=lv_VI97HAXpY6yYWAAAC', 'Socket.IO CONNECT /', 'Socket.IO EVENT chat in /']);
  });
});

describe('bounds', () => {
  it('cuts a deep tree, saying so', () => {
    const text = `${'['.repeat(100)}1${']'.repeat(100)}`;
    const message = createAppDecoder().decode(text, C);
    expect(message.label).toBe('JSON array of 1');
    expect(message.notes).toEqual(['The tree is cut short: values nested more than 32 deep are left out.']);
    let node = message.tree;
    for (let depth = 0; depth < 32; depth++) node = (node as unknown[])[0];
    expect(node).toEqual({ $truncated: 'array of 1' });
  });

  it('cuts a wide tree after its first values, saying how many were left out', () => {
    const message = createAppDecoder({ maxNodes: 100 }).decode(JSON.stringify({ list: Array.from({ length: 1000 }, (_, i) => i), after: 1 }), C);
    expect(message.notes).toEqual(['The tree is cut short: only its first 100 values are shown.']);
    const tree = message.tree as { list: unknown[]; $truncated: string };
    expect(tree.list).toHaveLength(99);
    expect(tree.list.at(-1)).toEqual({ $truncated: '902 more items' });
    expect(tree.$truncated).toBe('1 more keys');
  });

  it('keeps a "__proto__" key as data when it copies a tree', () => {
    const message = createAppDecoder({ maxNodes: 3 }).decode('{"__proto__": {"polluted": true}, "a": 1, "b": 2}', C);
    const tree = message.tree as Record<string, unknown>;
    expect(Object.getPrototypeOf(tree)).toBe(Object.prototype);
    expect(Object.keys(tree)).toEqual(['__proto__', '$truncated']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves a message longer than maxLength undecoded, with a note', () => {
    const decoder = createAppDecoder({ maxLength: 16 });
    expect(decoder.decode('{"a": "0123456789abcdef"}', C)).toEqual({ protocol: 'text', label: '', notes: ['Not decoded: 25 characters is more than the 16 read here.'] });
    expect(decoder.decode(new Uint8Array(17), C)).toEqual({ protocol: 'binary', label: '', notes: ['Not decoded: 17 bytes is more than the 16 read here.'] });
  });

  it('still takes in a Socket.IO attachment longer than maxLength', () => {
    const decoder = createAppDecoder({ url: SOCKET_IO_URL, maxLength: 64 });
    const [header, attachment] = socketIo({ type: PacketType.EVENT, nsp: '/', data: ['big', new Uint8Array(1000)] });
    decoder.decode(header, C);
    expect(decoder.decode(attachment, C).tree).toMatchObject({ type: 'BINARY_EVENT', data: ['big', { length: 1000 }] });
  });
});

describe('properties', () => {
  const direction = fc.constantFrom(C, S);
  const engineText = fc.tuple(fc.constantFrom('0', '1', '2', '3', '4', '40', '41', '42', '43', '44', '451-', '461-', '42/a,', '5', '6', 'b'), anyText(40)).map(([prefix, rest]) => prefix + rest);
  const jsonish = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value));
  const message = fc.oneof(anyText(80), engineText, jsonish, fc.uint8Array({ maxLength: 80 }));
  const options = fc.constantFrom({}, { url: SOCKET_IO_URL }, { url: ENGINE_IO_URL }, { protocol: 'json-rpc' }, { maxNodes: 3, maxDepth: 2 });

  it('never throws, and returns plain data that survives structuredClone and JSON', () => {
    fc.assert(fc.property(options, fc.array(fc.tuple(direction, message), { maxLength: 12 }), (chosen, messages) => {
      const decoded = session(createAppDecoder(chosen), messages);
      for (const { decoded: result } of decoded) {
        expect(typeof result.label).toBe('string');
        expect(structuredClone(result)).toEqual(result);
        expect(() => JSON.stringify(result.tree)).not.toThrow();
      }
      expect(() => linkReplies(decoded)).not.toThrow();
    }), { numRuns: 500 });
  });

  it('never throws on arbitrary bytes in a Socket.IO connection, whatever attachments it awaits', () => {
    const header = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('5', '6')).map(([n, type]) => `4${type}${n}-["x"${',{"_placeholder":true,"num":0}'.repeat(n)}]`);
    fc.assert(fc.property(fc.array(fc.tuple(direction, fc.oneof(header, fc.uint8Array({ maxLength: 40 }), engineText)), { maxLength: 16 }), (messages) => {
      for (const { decoded } of session(createAppDecoder({ url: SOCKET_IO_URL }), messages)) expect(decoded.protocol).toBeTypeOf('string');
    }), { numRuns: 300 });
  });
});
