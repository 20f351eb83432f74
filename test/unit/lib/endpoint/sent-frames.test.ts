import { describe, expect, it } from 'vitest';
import { Endpoint, virtualClock, type ByteTransport } from '../../../../lib/endpoint/index.ts';
import { SentFrames } from '../../../../lib/endpoint/sent-frames.ts';
import { buildClientHandshake, parseClientHandshake } from '../../../../lib/index.ts';

describe('SentFrames: what bufferedAmount counts', () => {
  it('counts the payload of every frame not wholly taken by the peer', () => {
    const sent = new SentFrames();
    sent.add(12, 10); // wire bytes 0–11
    sent.add(7, 5); // 12–18
    sent.add(102, 100); // 19–120
    sent.settle(121);
    expect(sent.payloadBytes).toBe(115);
    sent.settle(110); // 11 bytes taken: the first frame is not whole yet
    expect(sent.payloadBytes).toBe(115);
    sent.settle(109); // the first frame is taken
    expect(sent.payloadBytes).toBe(105);
    sent.settle(102);
    expect(sent.payloadBytes).toBe(100);
    expect(sent.frames).toBe(1);
    sent.settle(0);
    expect(sent.payloadBytes).toBe(0);
    expect(sent.entries).toBe(0);
  });

  it('holds nothing once the transport has nothing pending, however many frames went through', () => {
    const sent = new SentFrames();
    for (let i = 0; i < 200_000; i++) {
      sent.add(7, 5);
      sent.settle(0);
    }
    expect(sent.entries).toBe(0);
  });

  it('compacts the frames taken while others are still pending, so its arrays stay within twice the pending frames', () => {
    const sent = new SentFrames();
    let pending = 0;
    let firstWrong: string | undefined;
    for (let i = 0; i < 200_000; i++) {
      sent.add(10, 8);
      pending += 10;
      // The peer takes a frame for every frame written, a hundred frames behind.
      if (pending > 1000) pending -= 10;
      sent.settle(pending);
      if (firstWrong === undefined && sent.payloadBytes !== (pending / 10) * 8) firstWrong = `frame ${i}: ${sent.payloadBytes} bytes counted, ${(pending / 10) * 8} pending`;
    }
    expect(firstWrong).toBeUndefined();
    expect(sent.frames).toBe(100);
    expect(sent.entries).toBeLessThanOrEqual(2 * sent.frames + 1024);
  });
});

describe('Endpoint: bufferedAmount bookkeeping is bounded and trimmed on write', () => {
  /** A server endpoint over a transport that holds what is written until told it has left. */
  function server(holds: boolean) {
    const transport = {
      pending: 0,
      write(bytes: Uint8Array) { if (holds) this.pending += bytes.length; },
      end: () => {}, onData: () => {}, onEnd: () => {},
      get pendingBytes() { return this.pending; },
    } satisfies ByteTransport & { pending: number };
    const parsed = parseClientHandshake(buildClientHandshake({ host: 'lab', path: '/', key: 'dGhlIHNhbXBsZSBub25jZQ==' }));
    if (!parsed.ok) throw new Error(parsed.error.problem);
    const endpoint = Endpoint.server({ transport, clock: virtualClock(), request: parsed.request });
    transport.pending = 0; // the 101 response has left
    return { endpoint, transport, sent: (endpoint as unknown as { sent: SentFrames }).sent };
  }

  it('keeps no entry for 200,000 frames the transport has already handed on, without bufferedAmount being read', () => {
    const { endpoint, sent } = server(false);
    for (let i = 0; i < 200_000; i++) endpoint.sendText('x');
    expect(sent.entries).toBe(0);
    expect(endpoint.bufferedAmount).toBe(0);
  });

  it('counts 200,000 frames still pending, then nothing once they have left', () => {
    const { endpoint, transport, sent } = server(true);
    for (let i = 0; i < 200_000; i++) endpoint.sendText('x'); // 81 01 78: 3 bytes each
    expect(transport.pending).toBe(600_000);
    expect(endpoint.bufferedAmount).toBe(200_000);
    transport.pending = 300; // all but the last hundred frames have left
    expect(endpoint.bufferedAmount).toBe(100);
    expect(sent.entries).toBeLessThanOrEqual(2 * 100 + 1024);
    transport.pending = 0;
    expect(endpoint.bufferedAmount).toBe(0);
    expect(sent.entries).toBe(0);
  });
});
