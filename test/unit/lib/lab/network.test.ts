import { describe, expect, it } from 'vitest';
import { LabServer, createLabRun, PLACEMENTS } from '../../../../lib/lab/index.ts';
import { echoServer, labRun, record } from './harness.ts';

const node = (name: string) => new LabServer().websocket('/who', async (ws) => {
  await ws.accept();
  await ws.sendText(name);
  await ws.closed;
});

describe('LabNetwork: several nodes and named clients', () => {
  it('places a client on one node by its name (sticky), and each connection is known by id, client and node', async () => {
    const run = createLabRun({ nodes: { a: node('a'), b: node('b') }, placement: 'sticky' });
    const heard: string[] = [];
    for (const name of ['alice', 'alice', 'bob']) {
      const ws = new (run.client(name))('ws://lab/who');
      ws.onmessage = (event) => heard.push(`${name}@${String(event.data)}`);
    }
    await run.virtual!.advance(10);
    expect(heard.slice(0, 2)).toEqual([heard[0], heard[0]]);
    expect(run.network.connections.map((c) => [c.id, c.client, c.node])).toEqual([
      [1, 'alice', PLACEMENTS.sticky({ client: 'alice', url: '', number: 1 }, ['a', 'b'])],
      [2, 'alice', PLACEMENTS.sticky({ client: 'alice', url: '', number: 2 }, ['a', 'b'])],
      [3, 'bob', PLACEMENTS.sticky({ client: 'bob', url: '', number: 3 }, ['a', 'b'])],
    ]);
  });

  it('round robin spreads one client\'s connections over the nodes', async () => {
    const run = createLabRun({ nodes: { a: node('a'), b: node('b') }, placement: 'round-robin' });
    const heard: string[] = [];
    for (let i = 0; i < 4; i++) new (run.client('alice'))('ws://lab/who').onmessage = (event) => heard.push(String(event.data));
    await run.virtual!.advance(10);
    expect(heard).toEqual(['a', 'b', 'a', 'b']);
  });

  it('the network says which connection a socket owns', async () => {
    const run = labRun();
    const first = new run.WebSocket('ws://lab/echo');
    const second = new (run.client('bob'))('ws://lab/echo');
    expect(run.network.connectionOf(first)).toMatchObject({ id: 1, client: 'page', url: 'ws://lab/echo' });
    expect(run.network.connectionOf(second)).toMatchObject({ id: 2, client: 'bob' });
  });

  it('a client\'s own faults apply to its connections only', async () => {
    const run = labRun();
    const slow = new (run.client('slow', { latency: 100 }))('ws://lab/echo');
    const fast = new run.WebSocket('ws://lab/echo');
    const opened: string[] = [];
    slow.onopen = () => opened.push('slow');
    fast.onopen = () => opened.push('fast');
    await run.virtual!.advance(50);
    expect(opened).toEqual(['fast']);
    await run.virtual!.advance(200);
    expect(opened).toEqual(['fast', 'slow']);
  });

  it('restarting one node cuts only its connections', async () => {
    const run = createLabRun({ nodes: { a: node('a'), b: node('b') }, placement: 'round-robin' });
    const onA = record(new (run.client('x'))('ws://lab/who'));
    const onB = record(new (run.client('y'))('ws://lab/who'));
    await run.virtual!.advance(10);
    run.network.restartServer(1000, 'a');
    await run.virtual!.advance(10);
    expect(onA.close?.code).toBe(1006);
    expect(onB.close).toBeUndefined();
    expect(run.network.isDown('a')).toBe(true);
    expect(run.network.isDown('b')).toBe(false);
  });

  it('an exception in a page\'s listener goes to the network\'s error listeners and the others still run', async () => {
    const run = labRun(echoServer());
    const errors: unknown[] = [];
    run.network.onError((error) => errors.push(error));
    const ws = new run.WebSocket('ws://lab/echo');
    const seen: string[] = [];
    ws.addEventListener('open', () => { throw new Error('listener bug'); });
    ws.onopen = () => { throw new Error('handler bug'); };
    ws.addEventListener('open', () => seen.push('third'));
    await run.virtual!.advance(10);
    expect(errors.map((e) => (e as Error).message)).toEqual(['listener bug', 'handler bug']);
    expect(seen).toEqual(['third']);
  });

  it('removeEventListener removes a listener added through the reporting wrapper', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const seen: string[] = [];
    const listener = () => seen.push('open');
    ws.addEventListener('open', listener);
    ws.removeEventListener('open', listener);
    await run.virtual!.advance(10);
    expect(seen).toEqual([]);
  });
});

describe('a pipe end that stops reading', () => {
  it('holds what the server sends, counted as pending on the server\'s side, and delivers it in order on resume', async () => {
    const server = new LabServer().websocket('/burst', async (ws) => {
      await ws.accept();
      await ws.receiveText();
      for (let i = 1; i <= 3; i++) await ws.sendText(`m${i}`);
      await ws.closed;
    });
    const run = labRun(server);
    const ws = new run.WebSocket('ws://lab/burst');
    const log = record(ws);
    const connection = run.network.connectionOf(ws)!;
    ws.onopen = () => {
      connection.pipe.pause('client');
      ws.send('go');
    };
    await run.virtual!.advance(10);
    expect(log.events).toEqual(['open']);
    expect(log.messages).toEqual([]);
    expect(connection.pipe.server.pendingBytes).toBe(3 * 4);
    connection.pipe.resume('client');
    await run.virtual!.advance(1);
    expect(log.messages).toEqual(['m1', 'm2', 'm3']);
    expect(connection.pipe.server.pendingBytes).toBe(0);
  });
});
