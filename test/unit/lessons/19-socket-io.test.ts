/**
 * Lesson 19's lab runs show what its prose says: the real socket.io-client completes its
 * handshake over the lab's WebSocket and gets its acknowledgements back; the frames carry
 * exactly the Engine.IO and Socket.IO packets the lesson names; the server pings and the
 * client pongs inside text frames; a plain WebSocket client is closed at the ping timeout;
 * rooms never show on the wire; and a run replays byte for byte from its seed.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { decodeFrame } from '../../../lib/index.ts';
import { executeScenario, type RunResult } from '../../../site/components/lab-run/execute.ts';
import { fingerprint, type InspectorRow } from '../../../site/components/lab-run/rows.ts';
import { defineScenario, type Scenario } from '../../../site/components/lab-run/scenario.ts';
import session from '../../../lessons/05-practice/19-socket-io/lab/session.ts';
import plain from '../../../lessons/05-practice/19-socket-io/lab/plain-websocket.ts';
import twoClients from '../../../lessons/05-practice/19-socket-io/lab/two-clients.ts';
import { connectSocketIo } from '../../../lessons/05-practice/19-socket-io/lab-kit/socket-io-client.ts';
import { socketIoServer } from '../../../lessons/05-practice/19-socket-io/lab-kit/socket-io-server.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;

const run = (scenario: Scenario, seed = 1) => executeScenario(scenario, { seed, faults: {}, params: {} });

/** A frame's payload, decoded by lib from its bytes on the wire (unmasked when the client masked it). */
function payload(row: FrameRow): Uint8Array {
  const decoded = decodeFrame(Uint8Array.from(row.hex.split(' '), (pair) => parseInt(pair, 16)));
  if (decoded.kind !== 'frame') throw new Error(`not a whole frame on the wire: ${row.summary}`);
  return decoded.frame.payload;
}

const frames = (result: RunResult, connection?: number) =>
  result.rows.filter((row): row is FrameRow => row.kind === 'frame' && (connection === undefined || row.connection === connection));

/** Each data frame as [direction, text] (binary frames as hex), in wire order. */
function wire(result: RunResult, connection?: number): Array<[string, string]> {
  return frames(result, connection)
    .filter((row) => row.opcodeName === 'text' || row.opcodeName === 'binary')
    .map((row) => [row.direction === 'client→server' ? '→' : '←', row.opcodeName === 'text' ? new TextDecoder().decode(payload(row)) : `bytes ${Buffer.from(payload(row)).toString('hex')}`]);
}

const pageNotes = (result: RunResult, client = 'page') =>
  result.rows.flatMap((row) => (row.kind === 'note' && row.side === 'page' && row.client === client && row.connection === 0 ? [row.summary] : []));

const sidOf = (open: string) => (JSON.parse(open.slice(1)) as { sid: string }).sid;

describe('the real socket.io-client over the lab', () => {
  it('fires connect, sets socket.id to the CONNECT answer’s sid, and gets an acknowledgement’s value back', async () => {
    const seen: { connected?: boolean; id?: string; ack?: unknown; socket?: Socket } = {};
    const probe = defineScenario({
      title: 'probe',
      description: 'the session’s server, a client that records what the library did',
      server: (context) => socketIoServer(context, { namespaces: { '/': (socket) => socket.on('add', ([a, b], ack) => ack?.(Number(a) + Number(b))) } }),
      client: async (context) => {
        const socket = connectSocketIo(context);
        seen.socket = socket;
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        seen.connected = socket.connected;
        seen.id = socket.id;
        seen.ack = await socket.emitWithAck('add', 2, 3);
        socket.disconnect();
      },
    });
    const result = await run(probe);
    expect(seen.connected).toBe(true);
    expect(seen.ack).toBe(5);
    const texts = wire(result);
    expect(texts[2]).toEqual(['←', `40{"sid":"${seen.id}"}`]);
    expect(texts.slice(3)).toEqual([['→', '420["add",2,3]'], ['←', '430[5]'], ['→', '41']]);
    expect(seen.socket?.connected).toBe(false);
  });
});

describe('a Socket.IO session', () => {
  it('carries the open packet, CONNECT, events, acknowledgements, a broadcast, a binary attachment and the ping, byte for byte', async () => {
    const result = await run(session);
    const texts = wire(result);
    const sid = sidOf(texts[0]![1]);
    const socketId = /^40\{"sid":"(.+)"\}$/.exec(texts[2]![1])![1]!;
    expect(sid).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(socketId).not.toBe(sid);
    expect(texts).toEqual([
      ['←', `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`],
      ['→', '40'],
      ['←', `40{"sid":"${socketId}"}`],
      ['→', '420["join","general"]'],
      ['←', '430[{"room":"general","members":1}]'],
      ['←', `42["chat",{"from":"server","text":"${socketId.slice(0, 4)}… joined general"}]`],
      ['→', '421["chat",{"text":"hello, room"}]'],
      ['←', '431[{"ok":true,"n":1}]'],
      ['→', '451-2["upload",{"name":"pixel.bin"},{"_placeholder":true,"num":0}]'],
      ['→', 'bytes deadbeef'],
      ['←', '432[{"stored":4}]'],
      ['←', '2'],
      ['→', '3'],
      ['→', '41'],
    ]);
    expect(pageNotes(result)).toEqual([
      `connected: socket.id ${socketId}`,
      'join acknowledged with {"room":"general","members":1}',
      `chat event: {"from":"server","text":"${socketId.slice(0, 4)}… joined general"}`,
      'chat acknowledged with {"ok":true,"n":1}',
      'upload acknowledged with {"stored":4}',
      'disconnect: io client disconnect',
      'left with socket.disconnect()',
    ]);
  });

  it('pings at 25 s inside text frames, not with RFC 6455 ping frames', async () => {
    const result = await run(session);
    const ping = frames(result).find((row) => row.opcodeName === 'text' && new TextDecoder().decode(payload(row)) === '2')!;
    const pong = frames(result).find((row) => row.opcodeName === 'text' && new TextDecoder().decode(payload(row)) === '3')!;
    expect([ping.at, ping.direction, ping.app?.label]).toEqual([25_000, 'server→client', 'Engine.IO ping']);
    expect([pong.at, pong.direction, pong.app?.label]).toEqual([25_000, 'client→server', 'Engine.IO pong']);
    expect(frames(result).filter((row) => row.opcodeName === 'ping' || row.opcodeName === 'pong')).toEqual([]);
  });

  it('shows 42["chat",…] decoded as a Socket.IO EVENT in the inspector', async () => {
    const result = await run(session);
    const labels = frames(result).map((row) => row.app?.label);
    expect(labels).toContain('Socket.IO EVENT chat in /');
    expect(labels).toContain('Socket.IO EVENT join in / (ack 0)');
    expect(labels).toContain('Socket.IO ACK 1');
    expect(labels).toContain('Engine.IO open sid=' + sidOf(wire(result)[0]![1]));
  });

  it('replays byte for byte from its seed, and another seed draws other ids', async () => {
    const a = await run(session, 7);
    const b = await run(session, 7);
    const c = await run(session, 8);
    expect(frames(b).map((row) => row.hex)).toEqual(frames(a).map((row) => row.hex));
    expect(fingerprint(b.rows)).toBe(fingerprint(a.rows));
    expect(sidOf(wire(c)[0]![1])).not.toBe(sidOf(wire(a)[0]![1]));
    expect(wire(c)[2]![1]).not.toBe(wire(a)[2]![1]);
  });
});

describe('a plain WebSocket client', () => {
  it('is refused without the Engine.IO path and query, reads the open packet, never pongs, and is closed at the ping timeout', async () => {
    const result = await run(plain);
    const http = result.rows.filter((row) => row.kind === 'http').map((row) => row.summary);
    expect(http).toHaveLength(2);
    expect(http[0]).toContain('404');
    expect(http[1]).toContain('400');
    expect(result.rows.some((row) => row.kind === 'http' && row.text.endsWith('Transport unknown'))).toBe(true);
    const session = result.connections[2]!.connection;
    const texts = wire(result, session);
    const sid = sidOf(texts[0]![1]);
    expect(texts).toEqual([
      ['←', `0{"sid":"${sid}","upgrades":[],"pingInterval":10000,"pingTimeout":5000,"maxPayload":1000000}`],
      ['→', '40'],
      ['←', texts[2]![1]],
      ['←', '2'],
    ]);
    const ping = frames(result, session).find((row) => row.opcodeName === 'text' && new TextDecoder().decode(payload(row)) === '2')!;
    const close = frames(result, session).find((row) => row.opcodeName === 'close' && row.direction === 'server→client')!;
    expect(ping.at).toBe(10_100);
    expect(close.at).toBe(15_100);
    expect(result.connections.map((c) => c.close?.code)).toEqual([1006, 1006, 1000]);
  });
});

describe('two clients, a room and namespaces', () => {
  it('delivers alice’s message to bob as a plain event, multiplexes /admin and refuses an unknown namespace with 44', async () => {
    const result = await run(twoClients);
    const [alice, bob] = result.connections.map((c) => c.connection);
    const aliceWire = wire(result, alice);
    const bobWire = wire(result, bob);
    expect(bobWire).toContainEqual(['←', '42["chat",{"from":"alice","text":"hi bob"}]']);
    expect(bobWire).toContainEqual(['→', '40/admin,']);
    expect(bobWire.some(([dir, text]) => dir === '←' && /^40\/admin,\{"sid":"[A-Za-z0-9_-]{20}"\}$/.test(text))).toBe(true);
    expect(bobWire).toContainEqual(['←', '42/admin,["stats",{"online":2}]']);
    expect(aliceWire).toContainEqual(['←', '44/nope,{"message":"Invalid namespace"}']);
    // The room is the server's bookkeeping: no frame the server sends names it.
    expect([...aliceWire, ...bobWire].filter(([dir, text]) => dir === '←' && text.includes('general'))).toEqual([]);
    expect(pageNotes(result, 'bob')).toContain('chat event from the room: {"from":"alice","text":"hi bob"}');
    expect(pageNotes(result, 'alice')).toContain('connect_error on /nope: Invalid namespace');
  });
});
