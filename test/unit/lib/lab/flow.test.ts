import { describe, expect, it } from 'vitest';
import { FlowControl, ITEM_COST } from '../../../../lib/lab/flow.ts';
import type { ByteTransport } from '../../../../lib/endpoint/transport.ts';

const KiB = 1024;

/** A transport reduced to what flow control reads: its queue, and a drain that answers when told. */
function transport(pendingBytes: number, backlogBytes?: number) {
  const waiting: Array<(flushed: boolean) => void> = [];
  const fake = { pendingBytes, backlogBytes, drain: (callback: (flushed: boolean) => void) => waiting.push(callback) };
  return { transport: fake as unknown as ByteTransport, waiting };
}

/** Whether `promise` has settled by the time the microtasks queued now have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('FlowControl over a transport that holds bytes back a moment (a corked socket)', () => {
  it('does not make a send wait for bytes that are only held back: they say nothing about the client', async () => {
    const { transport: held, waiting } = transport(200 * KiB, 0);
    const flow = new FlowControl(held, { highWaterMark: 64 * KiB });
    expect(await settled(flow.sent())).toBe(true);
    expect(waiting).toHaveLength(0);
    expect(flow.admit()).toBe('send');
  });

  it('makes a send wait while the client has not taken what it was offered, and refuses one past maxBackpressure', async () => {
    const { transport: behind, waiting } = transport(200 * KiB, 150 * KiB);
    const flow = new FlowControl(behind, { highWaterMark: 64 * KiB, maxBackpressure: 128 * KiB });
    const sent = flow.sent();
    expect(await settled(sent)).toBe(false);
    waiting[0](true);
    expect(await settled(sent)).toBe(true);
    expect(flow.admit()).toBe('close');
  });

  it('with writeLimit 0, waits for every byte, the held ones included', async () => {
    const { transport: held, waiting } = transport(10, 0);
    const flow = new FlowControl(held, { writeLimit: 0 });
    const sent = flow.sent();
    expect(await settled(sent)).toBe(false);
    waiting[0](true);
    expect(await settled(sent)).toBe(true);
  });

  it.each([
    { options: {}, limit: 480 * KiB },
    { options: { maxBackpressure: 256 * KiB, highWaterMark: 64 * KiB }, limit: 96 * KiB },
    { options: { maxBackpressure: 64 * KiB, writeLimit: 128 * KiB }, limit: 0 },
  ])('lets the transport hold back at most half of what separates the write limit from maxBackpressure ($limit bytes with $options)', ({ options, limit }) => {
    // Held bytes reach the client's backlog all at once after the sends that wrote them went on: on top of a backlog up to the
    // write limit, they must leave a client that reads under maxBackpressure, or its next send would be refused.
    const limits: number[] = [];
    const { transport: held } = transport(0, 0);
    (held as { limitHold?: (bytes: number) => void }).limitHold = (bytes) => limits.push(bytes);
    void new FlowControl(held, options);
    expect(limits).toEqual([limit]);
  });

  it('counts everything pending as backlog over a transport that holds nothing back (the lab pipe)', async () => {
    const { transport: pipe } = transport(100 * KiB);
    const flow = new FlowControl(pipe, { highWaterMark: 64 * KiB });
    expect(flow.queued).toBe(100 * KiB);
    expect(await settled(flow.sent())).toBe(false);
  });
});

describe('FlowControl: when reading pauses', () => {
  /** A transport that counts its pauses and resumes. */
  function pausable() {
    const calls: string[] = [];
    const fake = { pendingBytes: 0, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
    return { transport: fake as unknown as ByteTransport, calls };
  }

  it('does not pause for one message alone, however large: the handler is about to take it', () => {
    const { transport: socket, calls } = pausable();
    const flow = new FlowControl(socket, { highWaterMark: 64 * KiB });
    for (let i = 0; i < 100; i++) {
      flow.received(64 * KiB);
      flow.taken(64 * KiB);
    }
    flow.received(1024 * KiB);
    expect(flow.readingPaused).toBe(false);
    expect(calls).toEqual([]);
  });

  it('pauses once a second message waits past the high-water mark, and resumes when the handler has caught up', () => {
    const { transport: socket, calls } = pausable();
    const flow = new FlowControl(socket, { highWaterMark: 64 * KiB });
    flow.received(64 * KiB);
    flow.received(10);
    expect(flow.readingPaused).toBe(true);
    flow.taken(64 * KiB);
    expect(flow.readingPaused).toBe(false);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('pauses for a flood of small messages once together they pass the high-water mark (an empty one counts ITEM_COST)', () => {
    const { transport: socket } = pausable();
    const flow = new FlowControl(socket, { highWaterMark: 16 * KiB });
    let count = 0;
    while (!flow.readingPaused && count < 10_000) {
      flow.received(ITEM_COST);
      count += 1;
    }
    expect(count).toBe(Math.floor((16 * KiB) / ITEM_COST) + 1);
  });
});
