import { encode as encodeMsgpack } from '@msgpack/msgpack';
import { encodePacket } from 'engine.io-parser';
import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../../lib/lab/index.ts';
import { executeScenario } from '../../../../../site/components/lab-run/execute.ts';
import { filterRows, searchScope, type InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import { defineScenario } from '../../../../../site/components/lab-run/scenario.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;
const frames = (rows: InspectorRow[]) => rows.map((row, index) => ({ row, index })).filter((r): r is { row: FrameRow; index: number } => r.row.kind === 'frame');

const rpc = defineScenario({
  title: 'JSON-RPC',
  description: 'A request, a notification and a batch.',
  server: () => new LabServer().websocket('/rpc', async (ws) => {
    await ws.accept({ protocol: 'jsonrpc' });
    for await (const message of ws) {
      const request = JSON.parse(String(message)) as { id?: unknown; params?: number[] } | unknown[];
      if (Array.isArray(request)) await ws.sendJson([{ jsonrpc: '2.0', id: 'b', result: 1 }]);
      else if (request.id !== undefined) await ws.sendJson({ jsonrpc: '2.0', id: request.id, result: (request.params ?? []).reduce((a, b) => a + b, 0) });
    }
  }),
  client: ({ WebSocket }) => {
    const ws = new WebSocket('ws://lab/rpc', ['jsonrpc']);
    ws.onopen = () => {
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'sum', params: [3, 4] }));
      ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'log', params: ['hi'] }));
      ws.send(JSON.stringify([{ jsonrpc: '2.0', id: 'b', method: 'one' }]));
    };
    let replies = 0;
    ws.onmessage = () => { if (++replies === 2) ws.close(1000); };
  },
});

describe('application protocols in the inspector', () => {
  it('labels JSON-RPC requests, notifications, responses and batches, and links each response to its request', async () => {
    const result = await executeScenario(rpc, { seed: 1, faults: {}, params: {} });
    const data = frames(result.rows).filter(({ row }) => row.opcode === 1);
    expect(data.map(({ row }) => row.app?.label)).toEqual([
      'JSON-RPC request #7 sum',
      'JSON-RPC notification log',
      'JSON-RPC batch of 1',
      'JSON-RPC response #7 → 7',
      'JSON-RPC batch of 1',
    ]);
    const [request, , batch, response, batchReply] = data;
    expect(response.row.app?.answers).toEqual([request.index]);
    expect(request.row.app?.answeredBy).toEqual([response.index]);
    expect(batchReply.row.app?.answers).toEqual([batch.index]);
    expect(request.row.app?.tree).toEqual({ jsonrpc: '2.0', id: 7, method: 'sum', params: [3, 4] });
  });

  it('finds rows by what their JSON holds', async () => {
    const result = await executeScenario(rpc, { seed: 1, faults: {}, params: {} });
    const found = filterRows(result.rows, 'all', searchScope('"params":[3,4]'));
    expect(found.map((i) => (result.rows[i] as FrameRow).app?.label)).toEqual(['JSON-RPC request #7 sum']);
  });

  it('decodes Socket.IO packets made by the official encoders, and MessagePack binary frames', async () => {
    const encoder = new Encoder();
    const event = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: ['chat', { text: 'hi' }], id: 12 }) as string[];
    const open = await new Promise<string>((resolve) => encodePacket({ type: 'open', data: JSON.stringify({ sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 }) }, false, (p) => resolve(p as string)));
    const scenario = defineScenario({
      title: 'Socket.IO bytes',
      description: 'A server speaking Engine.IO/Socket.IO, then MessagePack.',
      server: () => new LabServer()
        .websocket('/socket.io/', async (ws) => {
          await ws.accept();
          await ws.sendText(open);
          await ws.sendText('40{"sid":"s1"}');
          await ws.sendText(`4${event[0]}`); // a Socket.IO packet rides in an Engine.IO message packet
          await ws.closed;
        })
        .websocket('/pack', async (ws) => {
          await ws.accept();
          await ws.sendBytes(encodeMsgpack({ type: 'chat', text: 'hi', room: 'general' }));
          await ws.closed;
        }),
      client: ({ WebSocket, sleep }) => {
        const io = new WebSocket('ws://lab/socket.io/?EIO=4&transport=websocket');
        const pack = new WebSocket('ws://lab/pack');
        void sleep(50).then(() => { io.close(1000); pack.close(1000); });
      },
    });
    const result = await executeScenario(scenario, { seed: 1, faults: {}, params: {} });
    const labels = frames(result.rows).map(({ row }) => row.app?.label).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining([
      'Engine.IO open sid=abc',
      'Socket.IO CONNECT /',
      'Socket.IO EVENT chat in / (ack 12)',
      expect.stringMatching(/^MessagePack map/),
    ]));
  });
});
