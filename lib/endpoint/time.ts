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
  /** How many timers are waiting. */
  readonly pending: number;
}

/** Lets queued promise callbacks (an async handler's next step) run before the next timer. */
function settle(): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

/** A virtual clock starting at 0 ms. */
export function virtualClock(): VirtualClock {
  let now = 0;
  let nextId = 1;
  let timers: VirtualTimer[] = [];
  const fireNext = async (until: number): Promise<boolean> => {
    await settle();
    let next: VirtualTimer | undefined;
    for (const timer of timers) if (timer.at <= until && (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) next = timer;
    if (!next) return false;
    timers = timers.filter((timer) => timer !== next);
    now = Math.max(now, next.at);
    next.callback();
    return true;
  };
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle: TimerHandle) {
      timers = timers.filter((timer) => timer.id !== handle);
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
    get pending() {
      return timers.length;
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
