/**
 * Clocks and randomness to inject: real ones for live runs, a virtual clock and a seeded
 * generator so a run replays byte for byte.
 */
import type { Clock, RandomSource, TimerHandle } from './transport.ts';

/** The platform's timers and monotonic time. */
export function realClock(): Clock {
  const origin = globalThis.performance?.now() ?? 0;
  return {
    now: () => (globalThis.performance ? globalThis.performance.now() - origin : 0),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

interface VirtualTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock whose time moves only when told to; timers due at the same time fire in the order they were set. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers (and letting promise callbacks run between them). */
  advance(ms: number): Promise<void>;
  /** Fires timers until none is left or `limitMs` of virtual time has passed. */
  run(limitMs?: number): Promise<void>;
  /**
   * Lets time pass while `waiting()` holds: after each round of promise callbacks, fires
   * the next timer, jumping to it when nothing is due — so code that waits 30 s of lab time
   * finishes at once. Ends 'done' when `waiting()` is false, 'limit' when the next timer is
   * beyond `limitMs` from now, 'idle' when no timer is set and the wait went on through
   * `idleRounds` rounds of the event loop (nothing can end it).
   */
  runWhile(waiting: () => boolean, options?: { limitMs?: number; idleRounds?: number }): Promise<'done' | 'limit' | 'idle'>;
  /** How many timers are waiting. */
  readonly pending: number;
}

/**
 * Lets queued promise callbacks (an async handler's next step) run before the next timer:
 * resolves on the next macrotask, when every microtask has run. setImmediate (Node) or a
 * MessageChannel (browser, worker) — setTimeout(0) would be clamped to 1–4 ms per timer.
 */
const settle: () => Promise<void> = (() => {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return () => new Promise<void>((resolve) => void immediate(resolve));
  if (typeof globalThis.MessageChannel === 'function') {
    const waiting: Array<() => void> = [];
    let channel: MessageChannel | undefined;
    return () =>
      new Promise<void>((resolve) => {
        if (!channel) {
          channel = new MessageChannel();
          channel.port1.onmessage = () => waiting.shift()?.();
        }
        waiting.push(resolve);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
})();

/** Earlier first; at the same time, the one set first. */
const before = (a: VirtualTimer, b: VirtualTimer) => a.at < b.at || (a.at === b.at && a.id < b.id);

/** A binary min-heap of timers; cancelled timers are skipped when they reach the top. */
class TimerHeap {
  private readonly items: VirtualTimer[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): VirtualTimer | undefined {
    return this.items[0];
  }
  push(timer: VirtualTimer): void {
    const items = this.items;
    let i = items.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): VirtualTimer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < items.length && before(items[left], items[least])) least = left;
        if (right < items.length && before(items[right], items[least])) least = right;
        if (least === i) break;
        [items[i], items[least]] = [items[least], items[i]];
        i = least;
      }
    }
    return top;
  }
}

/** A virtual clock starting at 0 ms. */
export function virtualClock(): VirtualClock {
  let now = 0;
  let nextId = 1;
  const heap = new TimerHeap();
  /** Timers set and neither fired nor cleared; the heap skips the others. */
  const live = new Set<number>();
  const dropCleared = () => {
    for (let top = heap.peek(); top && !live.has(top.id); top = heap.peek()) heap.pop();
  };
  const fireNext = async (until: number): Promise<boolean> => {
    await settle();
    dropCleared();
    const next = heap.peek();
    if (!next || next.at > until) return false;
    heap.pop();
    live.delete(next.id);
    now = Math.max(now, next.at);
    next.callback();
    return true;
  };
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), callback };
      heap.push(timer);
      live.add(timer.id);
      return timer.id;
    },
    clearTimeout(handle: TimerHandle) {
      live.delete(handle as number);
    },
    async advance(ms) {
      const until = now + ms;
      while (await fireNext(until));
      now = until;
      await settle();
    },
    async run(limitMs = 60_000) {
      const until = now + limitMs;
      while (await fireNext(until));
      await settle();
    },
    async runWhile(waiting, options = {}) {
      const until = now + (options.limitMs ?? 600_000);
      const idleRounds = options.idleRounds ?? 2000;
      let idle = 0;
      for (;;) {
        await settle();
        if (!waiting()) return 'done';
        dropCleared();
        const next = heap.peek();
        if (next) {
          if (next.at > until) return 'limit';
          idle = 0;
          heap.pop();
          live.delete(next.id);
          now = Math.max(now, next.at);
          next.callback();
          continue;
        }
        // Nothing is scheduled: only real asynchronous work (a Blob read, say) can still end the wait.
        if (++idle > idleRounds) return 'idle';
      }
    },
    get pending() {
      return live.size;
    },
  };
}

/**
 * A deterministic random source (sfc32 seeded through splitmix32): the same seed gives
 * the same bytes. Not for secrets; for replayable lab runs and tests.
 */
export function seededRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  return {
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        const word = next();
        for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (j * 8)) & 0xff;
      }
      return out;
    },
  };
}

/**
 * A stand-in for Math.random drawn from `source`: numbers in [0, 1) from 32 random bits,
 * so code with jitter (a reconnect backoff) replays exactly from a seed.
 */
export function unitRandom(source: RandomSource): () => number {
  return () => {
    const b = source.bytes(4);
    return (((b[0] | (b[1] << 8) | (b[2] << 16)) >>> 0) + b[3] * 2 ** 24) / 2 ** 32;
  };
}

/** Randomness from the platform's cryptographic generator (browser, worker and Node 20 all have it). */
export function cryptoRandom(): RandomSource {
  return {
    bytes(length) {
      const out = new Uint8Array(length);
      globalThis.crypto.getRandomValues(out);
      return out;
    },
  };
}
