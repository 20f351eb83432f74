import { describe, expect, it, vi } from 'vitest';
import { BOOT_LIMIT_MS, DEFAULT_TIME_LIMIT_MS, workerRunner } from '../../../../site/runner/runner.ts';
import type { RunOutcome } from '../../../../site/runner/protocol.ts';

/** A stand-in for a module worker: answers (or not) as told, and records terminate(). */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<RunOutcome>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(private answer?: RunOutcome, ready = true) {
    FakeWorker.made.push(this);
    if (ready) queueMicrotask(() => this.onmessage?.({ data: { kind: 'ready' } } as unknown as MessageEvent<RunOutcome>));
  }
  postMessage() {
    if (this.answer) queueMicrotask(() => this.onmessage?.({ data: this.answer } as MessageEvent<RunOutcome>));
  }
  terminate() {
    this.terminated = true;
  }
}
const request = { exercise: '02-frames/06-masking', code: '' };

describe('workerRunner', () => {
  it('a run past its limit is a timeout; the worker is terminated and the next run gets a new one', async () => {
    vi.useFakeTimers();
    try {
      FakeWorker.made = [];
      const answers: Array<RunOutcome | undefined> = [undefined, { kind: 'checked', results: [{ name: 'a check', hidden: false, status: 'pass' }], console: [], truncated: false }];
      const runner = workerRunner(() => new FakeWorker(answers.shift()) as unknown as Worker);
      const spinning = runner.run(request);
      await vi.advanceTimersByTimeAsync(DEFAULT_TIME_LIMIT_MS - 1);
      expect(FakeWorker.made[0].terminated).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await spinning).toEqual({ kind: 'timeout', limitMs: DEFAULT_TIME_LIMIT_MS });
      expect(FakeWorker.made[0].terminated).toBe(true);

      const next = await runner.run(request);
      expect(next.kind).toBe('checked');
      expect(FakeWorker.made).toHaveLength(2);
      expect(FakeWorker.made[1].terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the limit starts when the worker is ready; a worker that never gets ready is reported', async () => {
    vi.useFakeTimers();
    try {
      const runner = workerRunner(() => new FakeWorker(undefined, false) as unknown as Worker);
      const run = runner.run(request);
      await vi.advanceTimersByTimeAsync(DEFAULT_TIME_LIMIT_MS + 1);
      let settled = false;
      void run.then(() => { settled = true; });
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(BOOT_LIMIT_MS);
      expect(await run).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('did not start') });
    } finally {
      vi.useRealTimers();
    }
  });

  it('honours a shorter limit', async () => {
    vi.useFakeTimers();
    try {
      const runner = workerRunner(() => new FakeWorker() as unknown as Worker);
      const run = runner.run(request, { timeLimitMs: 100 });
      await vi.advanceTimersByTimeAsync(100);
      expect(await run).toEqual({ kind: 'timeout', limitMs: 100 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a worker that cannot start, or dies, is reported as such', async () => {
    const cannot = workerRunner(() => {
      throw new Error('no workers');
    });
    expect(await cannot.run(request)).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('no workers') });
    let worker: FakeWorker | undefined;
    const dies = workerRunner(() => (worker = new FakeWorker()) as unknown as Worker);
    const run = dies.run(request);
    worker!.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(await run).toEqual({ kind: 'unavailable', message: 'boom' });
    expect(worker!.terminated).toBe(true);
  });
});
