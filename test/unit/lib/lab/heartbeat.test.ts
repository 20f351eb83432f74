/**
 * What a server-side heartbeat needs from the handler API: pongs it can observe, and a
 * terminate that ends a connection at once even when the client has stopped reading.
 */
import { describe, expect, it } from 'vitest';
import { LabServer, type ServerWebSocket } from '../../../../lib/lab/index.ts';
import { labRun, record } from './harness.ts';

/** A server that keeps each accepted socket for the test to drive. */
function holdingServer() {
  const sockets: ServerWebSocket[] = [];
  const app = new LabServer().websocket('/hold', async (ws) => {
    await ws.accept();
    sockets.push(ws);
    for await (const message of ws) void message;
  });
  return { app, sockets };
}

describe('ServerWebSocket.onPong', () => {
  it('gets the data of the Pong that answers each ping (§5.5.3: identical application data)', async () => {
    const { app, sockets } = holdingServer();
    const run = labRun(app, { faults: { latency: 10 } });
    new run.WebSocket('ws://lab/hold');
    await run.virtual!.advance(100);
    const pongs: string[] = [];
    sockets[0].onPong((data) => pongs.push(new TextDecoder().decode(data)));
    await sockets[0].ping(new TextEncoder().encode('beat 1'));
    await sockets[0].ping(new TextEncoder().encode('beat 2'));
    await run.virtual!.advance(100);
    expect(pongs).toEqual(['beat 1', 'beat 2']);
  });

  it('stops calling a listener once it is removed', async () => {
    const { app, sockets } = holdingServer();
    const run = labRun(app);
    new run.WebSocket('ws://lab/hold');
    await run.virtual!.advance(10);
    let count = 0;
    const off = sockets[0].onPong(() => { count += 1; });
    await sockets[0].ping();
    await run.virtual!.advance(10);
    off();
    await sockets[0].ping();
    await run.virtual!.advance(10);
    expect(count).toBe(1);
  });
});

describe('ServerWebSocket.terminate', () => {
  it('ends the connection at once on both sides, with no Close frame: 1006', async () => {
    const { app, sockets } = holdingServer();
    const run = labRun(app);
    const log = record(new run.WebSocket('ws://lab/hold'));
    await run.virtual!.advance(10);
    sockets[0].terminate();
    await run.virtual!.advance(10);
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(await sockets[0].closed).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(run.wireLog().entries.filter((e) => e.kind === 'frame' && e.opcode === 0x8)).toEqual([]);
    expect(run.wireLog().entries.find((e) => e.kind === 'event')).toMatchObject({ event: 'cut', direction: 'server→client' });
  });

  it('does not wait for a client that has stopped reading (a half-open peer)', async () => {
    const { app, sockets } = holdingServer();
    const run = labRun(app);
    new run.WebSocket('ws://lab/hold');
    await run.virtual!.advance(10);
    run.network.pipes[0].pause('client');
    await sockets[0].ping();
    await sockets[0].sendText('piles up unread');
    sockets[0].terminate();
    await run.virtual!.advance(10);
    expect(sockets[0].state).toBe('closed');
    expect(sockets[0].closeInfo).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(run.network.pipes[0].closed).toBe(true);
  });
});
