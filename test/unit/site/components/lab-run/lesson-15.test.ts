/**
 * Lesson 15's lab runs show what its prose says they show: subprotocols picked in the
 * client's order or refused with 400 (and what the 1002 mistake looks like instead), a
 * JSON-RPC session with a server notification, a batch and three kinds of error, and one
 * message measured as JSON and as MessagePack.
 */
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import negotiation from '../../../../../lessons/04-servers/15-subprotocols/lab/negotiation.ts';
import rpcSession from '../../../../../lessons/04-servers/15-subprotocols/lab/rpc-session.ts';
import jsonVsMsgpack, { POSITION } from '../../../../../lessons/04-servers/15-subprotocols/lab/json-vs-msgpack.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;
const frames = (result: RunResult, connection?: number) =>
  result.rows.filter((row): row is FrameRow => row.kind === 'frame' && (connection === undefined || row.connection === connection));
const connectionOf = (result: RunResult, client: string) => result.connections.find((c) => c.client === client)!;
/** The page's own lines for one connection: its events, in order. */
const pageNotes = (result: RunResult, connection: number) =>
  result.rows.filter((row) => row.kind === 'note' && row.side === 'page' && row.connection === connection).map((row) => row.summary);
const serverNotes = (result: RunResult) => result.rows.filter((row) => row.kind === 'note' && row.side === 'server').map((row) => row.summary);
/** The first line of what the server answered a connection's handshake. */
const answer = (result: RunResult, connection: number) =>
  result.rows.find((row) => (row.kind === 'handshake' || row.kind === 'http') && row.direction === 'server→client' && row.connection === connection)?.summary;
const hexBytes = (hex: string) => Uint8Array.from(hex.split(' '), (h) => parseInt(h, 16));

describe('lesson 15: versioned subprotocols', () => {
  it('old gets chat.v1 and a plain-text echo, new gets chat.v2 and JSON; stranger and bare are refused with 400 and see error, close 1006', async () => {
    const result = await executeScenario(negotiation, { seed: 1, faults: negotiation.faults ?? {}, params: {} });
    const old = connectionOf(result, 'old');
    const fresh = connectionOf(result, 'new');
    expect(old).toMatchObject({ protocol: 'chat.v1', close: { code: 1000, wasClean: true } });
    expect(fresh).toMatchObject({ protocol: 'chat.v2', close: { code: 1000, wasClean: true } });
    expect(frames(result, old.connection).filter((f) => f.direction === 'server→client' && f.opcode === 1).map((f) => f.summary)).toEqual(['Text “echo: hello”']);
    expect(frames(result, fresh.connection).filter((f) => f.direction === 'server→client' && f.opcode === 1).map((f) => f.summary)).toEqual(['Text “{"type":"echo","text":"hello"}”']);
    for (const name of ['stranger', 'bare']) {
      const refused = connectionOf(result, name);
      expect(answer(result, refused.connection), name).toBe('HTTP/1.1 400 Bad Request');
      expect(refused.close).toEqual({ code: 1006, reason: '', wasClean: false });
      expect(pageNotes(result, refused.connection)).toEqual(['error', 'close 1006, wasClean false']);
    }
    expect(serverNotes(result)).toEqual([
      'offered chat.v1: picked chat.v1',
      'offered chat.v2, chat.v1: picked chat.v2',
      'offered mqtt: none spoken here, refused with 400',
      'offered nothing: none spoken here, refused with 400',
    ]);
  });

  it('with the 1002 mistake, stranger gets a 101 and a Close 1002 but its page sees only error and 1006; bare opens and is closed with 1002', async () => {
    const result = await executeScenario(negotiation, { seed: 1, faults: negotiation.faults ?? {}, params: { mistake: 1 } });
    const stranger = connectionOf(result, 'stranger');
    expect(answer(result, stranger.connection)).toBe('HTTP/1.1 101 Switching Protocols');
    const closeFrame = frames(result, stranger.connection).find((f) => f.direction === 'server→client' && f.opcode === 8);
    expect(closeFrame?.summary).toBe('Close 1002 “Unsupported subprotocol”');
    expect(pageNotes(result, stranger.connection)).toEqual(['error', 'close 1006, wasClean false']);
    expect(stranger.states.map((s) => s.state)).toEqual(['CONNECTING', 'CLOSED']);
    const bare = connectionOf(result, 'bare');
    expect(bare.states.map((s) => s.state)).toContain('OPEN');
    expect(bare.close).toEqual({ code: 1002, reason: 'Unsupported subprotocol', wasClean: true });
    // The pages that offered a version are unaffected.
    expect(connectionOf(result, 'new')).toMatchObject({ protocol: 'chat.v2', close: { code: 1000 } });
  });
});

describe('lesson 15: a JSON-RPC session', () => {
  it('the server notifies first; a call, a silent notification, a batch of four answered with three, -32600 and -32700, then a clean close', async () => {
    const result = await executeScenario(rpcSession, { seed: 1, faults: rpcSession.faults ?? {}, params: {} });
    const [connection] = result.connections;
    expect(connection).toMatchObject({ protocol: 'jsonrpc', close: { code: 1000, wasClean: true } });
    const fromServer = frames(result).filter((f) => f.direction === 'server→client' && f.opcode === 1);
    const fromPage = frames(result).filter((f) => f.direction === 'client→server' && f.opcode === 1);
    // Five messages each way: the notification from the page gets no frame back, the server's hello needs none.
    expect(fromPage).toHaveLength(5);
    const replies = result.rows
      .filter((row) => row.kind === 'note' && row.side === 'page' && row.summary.startsWith('message'))
      .map((row) => row.summary);
    expect(fromServer).toHaveLength(5);
    expect(fromServer[0].summary).toBe('Text “{"jsonrpc":"2.0","method":"hello","params":{"methods":["sum","echo","log"]}}”');
    expect(fromServer[1].summary).toBe('Text “{"jsonrpc":"2.0","result":7,"id":1}”');
    expect(fromServer[2].summary).toBe('Text “[{"jsonrpc":"2.0","result":30,"id":2},{"jsonrpc":"2.0","result":"hi","id":"3"},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":4}]”');
    expect(fromServer[3].summary).toBe('Text “{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}”');
    expect(fromServer[4].summary).toBe('Text “{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}”');
    expect(replies).toHaveLength(5);
    // The log notification left a trace only on the server; it came right after the answer to sum, and nothing answered it.
    expect(fromPage[1].summary).toBe('Text “{"jsonrpc":"2.0","method":"log","params":{"text":"page ready"}}”');
    expect(fromServer.filter((f) => f.at > fromPage[1].at && f.at < fromPage[2].at)).toEqual([]);
    expect(serverNotes(result)).toContain('log: {"text":"page ready"}');
    expect(pageNotes(result, 0)).toContain('the server\'s notification "hello": no reply expected');
  });
});

describe('lesson 15: JSON or MessagePack', () => {
  it('the position is 132 bytes of JSON and 97 of MessagePack (73%); frames of 140 and 103 bytes; both decode to the same value', async () => {
    const result = await executeScenario(jsonVsMsgpack, { seed: 1, faults: jsonVsMsgpack.faults ?? {}, params: {} });
    expect(result.connections.map((c) => c.protocol)).toEqual(['tracker.json', 'tracker.msgpack']);
    const [text] = frames(result).filter((f) => f.opcode === 1);
    const [binary] = frames(result).filter((f) => f.opcode === 2);
    expect([text.payloadLength, text.length]).toEqual([132, 140]);
    expect([binary.payloadLength, binary.length]).toEqual([97, 103]);
    expect(Math.round((97 / 132) * 100)).toBe(73);
    // The quiz's bytes: FIN + text, then MASK + 126 and a 16-bit 132; the MessagePack frame fits the short form.
    expect(text.hex.startsWith('81 fe 00 84')).toBe(true);
    expect(binary.hex.startsWith('82 e1')).toBe(true);
    // Unmask the binary frame's payload and decode it: the same position.
    const bytes = hexBytes(binary.hex);
    const key = bytes.subarray(2, 6);
    const payload = bytes.subarray(6).map((b, i) => b ^ key[i % 4]);
    expect(decode(payload)).toEqual(POSITION);
    expect(serverNotes(result)).toEqual([
      'tracker.json: 132 bytes of text, bus-42 at 52.520008, 13.404954',
      'tracker.msgpack: 97 bytes of binary, bus-42 at 52.520008, 13.404954',
    ]);
    expect(pageNotes(result, 0)).toContain('the same position: 132 bytes as JSON, 97 bytes as MessagePack');
  });

  it('where the bytes go, value by value, as the lesson lists them', () => {
    const sizes = (value: unknown) => [JSON.stringify(value).length, encode(value).length];
    expect(sizes(false)).toEqual([5, 1]);
    expect(sizes(31)).toEqual([2, 1]);
    expect(sizes(1767225600000)).toEqual([13, 9]);
    expect(sizes(52.520008)).toEqual([9, 9]);
    expect(sizes(0.5)).toEqual([3, 9]); // a short decimal grows
    expect(POSITION.at).toBe(1767225600000);
  });
});
