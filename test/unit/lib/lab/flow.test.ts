import { describe, expect, it } from 'vitest';
import { FlowControl } from '../../../../lib/lab/flow.ts';
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

  it('counts everything pending as backlog over a transport that holds nothing back (the lab pipe)', async () => {
    const { transport: pipe } = transport(100 * KiB);
    const flow = new FlowControl(pipe, { highWaterMark: 64 * KiB });
    expect(flow.queued).toBe(100 * KiB);
    expect(await settled(flow.sent())).toBe(false);
  });
});
