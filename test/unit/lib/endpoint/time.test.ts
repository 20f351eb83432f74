import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRandom, unitRandom, virtualClock } from '../../../../lib/endpoint/index.ts';

describe('virtualClock', () => {
  it('fires timers in time order, and those due together in the order they were set', async () => {
    const clock = virtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@10'), 10);
    clock.setTimeout(() => fired.push('a@5'), 5);
    clock.setTimeout(() => fired.push('c@10'), 10);
    clock.setTimeout(() => fired.push('d@0'), 0);
    await clock.advance(10);
    expect(fired).toEqual(['d@0', 'a@5', 'b@10', 'c@10']);
    expect(clock.now()).toBe(10);
  });

  it('matches a sorted schedule for any set of delays (same time → order set)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), async (delays) => {
        const clock = virtualClock();
        const fired: number[] = [];
        delays.forEach((ms, i) => clock.setTimeout(() => fired.push(i), ms));
        await clock.run();
        const expected = delays.map((ms, i) => ({ ms, i })).sort((a, b) => a.ms - b.ms || a.i - b.i).map((t) => t.i);
        expect(fired).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('never fires a cleared timer, and counts only waiting timers', async () => {
    const clock = virtualClock();
    const fired: number[] = [];
    const first = clock.setTimeout(() => fired.push(1), 5);
    clock.setTimeout(() => fired.push(2), 5);
    const third = clock.setTimeout(() => fired.push(3), 1);
    expect(clock.pending).toBe(3);
    clock.clearTimeout(first);
    clock.clearTimeout(third);
    clock.clearTimeout(third); // twice is harmless
    expect(clock.pending).toBe(1);
    await clock.run();
    expect(fired).toEqual([2]);
    expect(clock.pending).toBe(0);
    clock.clearTimeout(first); // after firing: nothing to clear
    expect(clock.pending).toBe(0);
  });

  it('lets an async step run between two timers due at the same time', async () => {
    const clock = virtualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('timer 1');
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => order.push('async step after timer 1'));
    }, 0);
    clock.setTimeout(() => order.push('timer 2'), 0);
    await clock.run();
    expect(order).toEqual(['timer 1', 'async step after timer 1', 'timer 2']);
  });

  it('advance stops at the limit and leaves later timers waiting', async () => {
    const clock = virtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(1), 10);
    clock.setTimeout(() => clock.setTimeout(() => fired.push(3), 10), 5);
    await clock.advance(12);
    expect(fired).toEqual([1]);
    expect(clock.pending).toBe(1);
    await clock.advance(3);
    expect(fired).toEqual([1, 3]);
  });
});

describe('seededRandom', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    expect(seededRandom(42).bytes(16)).toEqual(seededRandom(42).bytes(16));
    expect(seededRandom(42).bytes(16)).not.toEqual(seededRandom(43).bytes(16));
  });
});

describe('unitRandom', () => {
  it('draws numbers in [0, 1) that replay from the seed and differ with another seed', () => {
    const draw = (seed: number) => { const random = unitRandom(seededRandom(seed)); return Array.from({ length: 1000 }, () => random()); };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    // Spread over the whole interval, as Math.random's are: each tenth gets its share.
    const tenths = Array.from({ length: 10 }, (_, i) => a.filter((x) => Math.floor(x * 10) === i).length);
    expect(Math.min(...tenths)).toBeGreaterThan(60);
  });
});

describe('virtualClock().runWhile', () => {
  it('jumps to each timer while waiting, and stops when the wait is over', async () => {
    const clock = virtualClock();
    let done = false;
    clock.setTimeout(() => clock.setTimeout(() => { done = true; }, 20_000), 10_000);
    expect(await clock.runWhile(() => !done)).toBe('done');
    expect(clock.now()).toBe(30_000);
  });

  it('says "limit" when the next timer lies beyond the limit, and "idle" when nothing can end the wait', async () => {
    const clock = virtualClock();
    clock.setTimeout(() => undefined, 5000);
    expect(await clock.runWhile(() => true, { limitMs: 1000 })).toBe('limit');
    const idle = virtualClock();
    expect(await idle.runWhile(() => true, { idleRounds: 10 })).toBe('idle');
  });

  it('waits through real asynchronous work while no timer is set', async () => {
    const clock = virtualClock();
    let done = false;
    void new Blob([new Uint8Array(4)]).arrayBuffer().then(() => { done = true; });
    expect(await clock.runWhile(() => !done)).toBe('done');
  });
});
