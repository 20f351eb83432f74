/**
 * The exercise worker: runs the learner's code and the exercise's checks, away from the
 * page. It has no DOM; the page's storage and network are removed before any learner code
 * runs; `WebSocket`, timers and `Date` are each check's lab's, on its virtual clock.
 */
import type { Check } from './checks.ts';
import type { RunOutcome, RunRequest } from './protocol.ts';
import { runExercise } from './run-exercise.ts';

const checkModules = import.meta.glob<{ default: Check<unknown>[] }>('/lessons/**/exercise/checks.ts');

const scope = globalThis as unknown as Record<string, unknown>;
for (const name of ['indexedDB', 'caches', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'EventSource', 'BroadcastChannel', 'importScripts', 'WebSocket']) {
  try {
    Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
  } catch {
    /* not defined here */
  }
}

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { exercise, code } = event.data;
  const load = checkModules[`/lessons/${exercise}/exercise/checks.ts`];
  if (!load) {
    self.postMessage({ kind: 'unavailable', message: `No checks found for ${exercise}.` } satisfies RunOutcome);
    return;
  }
  const checks = (await load()).default;
  self.postMessage((await runExercise(code, checks, { seed: 1 })) satisfies RunOutcome);
};
