import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../lib/lab/index.ts';
import { labRun, record } from './harness.ts';

/** A server that sends "Hello, world" in three parts with a ping after the first. */
function fragmentingServer(onError?: (error: unknown) => void): LabServer {
  const app = new LabServer();
  app.websocket('/parts', async (ws) => {
    await ws.accept();
    await ws.sendFragment('Hello', false);
    await ws.ping(new TextEncoder().encode('still there?'));
    try {
      await ws.sendText('not now');
    } catch (error) {
      onError?.(error);
    }
    await ws.sendFragment(', ', false);
    await ws.sendFragment('world', true);
    await ws.sendText('after');
    await ws.close(1000);
  });
  return app;
}

describe('sending a message in fragments', () => {
  it('sends text, continuation, continuation with FIN, and the client answers the ping in between', async () => {
    const errors: unknown[] = [];
    const run = labRun(fragmentingServer((e) => errors.push(e)));
    const ws = new run.WebSocket('ws://lab/parts');
    const log = record(ws);
    await run.virtual!.run();
    expect(log.messages).toEqual(['Hello, world', 'after']);
    expect(String(errors[0])).toMatch(/another is being sent in fragments/);
    const frames = run.wireLog().entries.flatMap((e) => (e.kind === 'frame' ? [`${e.direction === 'client→server' ? 'C' : 'S'} ${e.opcodeName}${e.fin ? '' : ' (more)'}`] : []));
    expect(frames.filter((f) => f.startsWith('S')).slice(0, 5)).toEqual(['S text (more)', 'S ping', 'S continuation (more)', 'S continuation', 'S text']);
    expect(frames.filter((f) => f.startsWith('C'))[0]).toBe('C pong');
    const pong = run.wireLog().entries.find((e) => e.kind === 'frame' && e.opcodeName === 'pong');
    expect(pong && pong.kind === 'frame' && pong.preview).toBe('73 74 69 6c 6c 20 74 68 65 72 65 3f'); // "still there?" echoed back
  });
});
