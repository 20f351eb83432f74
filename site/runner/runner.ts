/**
 * The page's side of an exercise run: one fresh worker per run, stopped at the time limit.
 * A timeout is its own outcome; the page never waits on learner code.
 */
import { readOutcome } from './outcome.ts';
import type { RunOutcome, RunRequest } from './protocol.ts';

export const DEFAULT_TIME_LIMIT_MS = 5000;

/** How long a new worker may take to load and lock its realm down before the page gives up on it. */
export const BOOT_LIMIT_MS = 30_000;

/** Something that can run an exercise (a worker in the page; a fake in tests). */
export interface ExerciseRunner {
  run(request: RunRequest, options?: { timeLimitMs?: number }): Promise<RunOutcome>;
}

/** Runs each request in a new module worker and terminates it when done or out of time. */
export function workerRunner(createWorker: () => Worker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })): ExerciseRunner {
  return {
    run(request, options = {}) {
      const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
      return new Promise<RunOutcome>((resolve) => {
        let worker: Worker;
        try {
          worker = createWorker();
        } catch (error) {
          resolve({ kind: 'unavailable', message: `This browser could not start the exercise runner: ${String(error)}` });
          return;
        }
        const finish = (outcome: RunOutcome) => {
          clearTimeout(timer);
          worker.terminate();
          resolve(outcome);
        };
        // The time limit is the learner's: it starts once the worker has loaded and says it is ready.
        let ready = false;
        let timer = setTimeout(() => finish({ kind: 'unavailable', message: `The exercise runner did not start within ${BOOT_LIMIT_MS / 1000} s.` }), BOOT_LIMIT_MS);
        worker.onmessage = (event: MessageEvent<unknown>) => {
          if (!ready && (event.data as { kind?: unknown } | null)?.kind === 'ready') {
            ready = true;
            clearTimeout(timer);
            timer = setTimeout(() => finish({ kind: 'timeout', limitMs }), limitMs);
            worker.postMessage(request);
            return;
          }
          // The outcome is read field by field; anything after it is ignored.
          finish(readOutcome(event.data));
        };
        worker.onerror = (event) => {
          event.preventDefault();
          finish({ kind: 'unavailable', message: event.message || 'The exercise runner stopped unexpectedly.' });
        };
      });
    },
  };
}
