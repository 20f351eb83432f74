import { describe, expect, it } from 'vitest';
import { seededRandom, virtualClock } from '../../../../lib/endpoint/index.ts';
import { createLessonServer } from '../../../../lib/lab/handlers/index.ts';
import { LabServer, Tap, createPipe } from '../../../../lib/lab/index.ts';
import { Opcode, Receiver, buildClientHandshake, createFrame, encodeFrame, findHeaderEnd, type ReceiverEvent } from '../../../../lib/index.ts';
import { STRICT_CASES } from '../../../fixtures/autobahn-cases.ts';

/** A raw client of `path` over the lab pipe: it writes `bytes` in one chunk once the 101 has come. Events carry the virtual time they arrived at. */
async function exchange(bytes: Uint8Array, server: LabServer = createLessonServer(), path = '/ws/echo'): Promise<ReceiverEvent[]> {
  const { events } = await timedExchange(bytes, server, path);
  return events;
}

async function timedExchange(bytes: Uint8Array, server: LabServer, path: string) {
  const clock = virtualClock();
  const pipe = createPipe(clock, new Tap());
  server.connect(pipe.server, { clock, random: seededRandom(1) });
  const receiver = new Receiver({ role: 'client' });
  const events: ReceiverEvent[] = [];
  const times: number[] = [];
  let head = new Uint8Array(0);
  let open = false;
  pipe.client.onData((chunk) => {
    if (!open) {
      head = new Uint8Array([...head, ...chunk]);
      const end = findHeaderEnd(head);
      if (end < 0) return;
      open = true;
      pipe.client.write(bytes);
      chunk = head.subarray(end);
    }
    for (const event of receiver.push(chunk)) {
      events.push(event);
      times.push(clock.now());
    }
  });
  pipe.client.write(new TextEncoder().encode(buildClientHandshake({ host: 'lab', path, key: 'dGhlIHNhbXBsZSBub25jZQ==' })));
  await clock.run();
  return { events, times };
}

const KEY = new Uint8Array([1, 2, 3, 4]);
const text = (data: string) => encodeFrame(createFrame(Opcode.Text, data, { maskingKey: KEY }));
const reserved = () => encodeFrame(createFrame(5, '', { maskingKey: KEY }));
const join = (a: Uint8Array, b: Uint8Array) => new Uint8Array([...a, ...b]);

describe('strict failure: messages before a bad frame are answered before the connection fails (lab pipe)', () => {
  it.each(STRICT_CASES)('Autobahn $name', async ({ bytes, echoes, code }) => {
    const events = await exchange(bytes);
    expect(events).toEqual([...echoes.map((data) => ({ type: 'text', data })), { type: 'close', code, reason: '' }]);
  });
});

describe('strict failure: the error is held back only while delivered messages wait for their answers', () => {
  function server(handler: Parameters<LabServer['websocket']>[1]) {
    return new LabServer({ closeTimeout: 1000 }).websocket('/t', handler);
  }

  it('a bad frame with nothing before it fails the connection at once', async () => {
    const silent = server(async (ws) => { await ws.accept(); await ws.closed; });
    const { events, times } = await timedExchange(reserved(), silent, '/t');
    expect(events).toEqual([{ type: 'close', code: 1002, reason: '' }]);
    expect(times[0]).toBe(0);
  });

  it('a handler that never reads does not hold the failure beyond the close timeout', async () => {
    const silent = server(async (ws) => { await ws.accept(); await ws.closed; });
    const { events, times } = await timedExchange(join(text('unread'), reserved()), silent, '/t');
    expect(events).toEqual([{ type: 'close', code: 1002, reason: '' }]);
    expect(times[0]).toBe(1000);
  });

  it('a handler that answers and then closes normally still fails the connection with the protocol error', async () => {
    const polite = server(async (ws) => {
      await ws.accept();
      await ws.sendText(`got ${await ws.receiveText()}`);
      await ws.close(1000, 'bye');
    });
    expect(await exchange(join(text('one'), reserved()), polite, '/t')).toEqual([{ type: 'text', data: 'got one' }, { type: 'close', code: 1002, reason: '' }]);
  });
});
