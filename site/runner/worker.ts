/**
 * The exercise worker: runs the learner's code and the exercise's checks, away from the
 * page. Learner code runs in a hardened compartment (site/runner/sandbox.ts): its global
 * object has no network, storage, workers or messaging, and it cannot change the intrinsics
 * the checks use. `WebSocket`, timers and `Date` are each check's lab's, on its virtual clock.
 */
import type { Check } from './checks.ts';
import type { RunOutcome, RunRequest } from './protocol.ts';
import { runExercise } from './run-exercise.ts';
import { closeNetworkAndStorage, enterSandbox } from './sandbox.ts';

/** The only way results leave the worker, taken before any learner code exists. */
const post = self.postMessage.bind(self) as (outcome: RunOutcome) => void;

// Every exercise's checks, loaded before the realm is locked down.
const checkModules = import.meta.glob<{ default: Check<unknown>[] }>('/lessons/**/exercise/checks.ts', { eager: true });

closeNetworkAndStorage();
enterSandbox();
// The page starts the learner's time limit from here, not from the worker's loading.
self.postMessage({ kind: 'ready' });

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { exercise, code } = event.data;
  const checks = checkModules[`/lessons/${exercise}/exercise/checks.ts`]?.default;
  if (!checks) {
    post({ kind: 'unavailable', message: `No checks found for ${exercise}.` });
    return;
  }
  post(await runExercise(code, checks, { seed: 1 }));
};
