import { describe, expect, it } from 'vitest';
import { LabServer, WebSocketDisconnect } from '../../../../lib/lab/index.ts';
import { labRun, record } from './harness.ts';

describe('ServerWebSocket: iterating over messages', () => {
  it('hands over the messages in order, ends quietly when the client closes, and a break leaves the connection usable', async () => {
    const seen: string[] = [];
    const app = new LabServer();
    app.websocket('/first-two', async (ws) => {
      await ws.accept();
      for await (const message of ws) {
        seen.push(String(message));
        if (seen.length === 2) break;
      }
      await ws.sendText(`got ${seen.join(', ')}`);
      for await (const message of ws) seen.push(`after: ${String(message)}`);
      seen.push('loop ended');
    });
    const run = labRun(app);
    const ws = new run.WebSocket('ws://lab/first-two');
    const log = record(ws);
    ws.onopen = () => { ws.send('a'); ws.send('b'); ws.send('c'); };
    ws.onmessage = () => ws.close(1000);
    await run.virtual!.run();
    expect(seen).toEqual(['a', 'b', 'after: c', 'loop ended']);
    expect(log.messages).toEqual(['got a, b']);
    expect(log.close).toMatchObject({ code: 1000, wasClean: true });
  });

  it('messages waited for by several next() calls at once go to them in order, and the ones left end when the client closes', async () => {
    const results: Array<IteratorResult<unknown>> = [];
    const app = new LabServer();
    app.websocket('/waiting', async (ws) => {
      await ws.accept();
      const iterator = ws[Symbol.asyncIterator]();
      // Four calls before anything arrives: two get the messages, two the end.
      const calls = [iterator.next(), iterator.next(), iterator.next(), iterator.next()];
      for (const call of calls) results.push(await call);
    });
    const run = labRun(app);
    const ws = new run.WebSocket('ws://lab/waiting');
    ws.onopen = () => {
      ws.send('a');
      ws.send('b');
      ws.close(1000);
    };
    await run.virtual!.run();
    expect(results).toEqual([{ value: 'a', done: false }, { value: 'b', done: false }, { value: undefined, done: true }, { value: undefined, done: true }]);
  });

  it('throws what is not a disconnect: iterating before accept() is a programming error', async () => {
    const errors: unknown[] = [];
    const app = new LabServer();
    app.websocket('/early', async (ws) => {
      try {
        for await (const message of ws) void message;
      } catch (error) {
        errors.push(error);
      }
      await ws.accept();
      await ws.close(1000);
    });
    const run = labRun(app);
    new run.WebSocket('ws://lab/early');
    await run.virtual!.run();
    expect(String(errors[0])).toMatch(/before accept/);
    expect(errors[0]).not.toBeInstanceOf(WebSocketDisconnect);
  });

  it('a send on a closed connection rejects with WebSocketDisconnect rather than throwing', async () => {
    let outcome: unknown;
    const app = new LabServer();
    app.websocket('/late', async (ws) => {
      await ws.accept();
      await ws.closed;
      const sending = ws.sendText('too late');
      outcome = await sending.then(() => 'sent', (error: unknown) => error);
    });
    const run = labRun(app);
    const ws = new run.WebSocket('ws://lab/late');
    ws.onopen = () => ws.close(1000);
    await run.virtual!.run();
    expect(outcome).toBeInstanceOf(WebSocketDisconnect);
  });
});
