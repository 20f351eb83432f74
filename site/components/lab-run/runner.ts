/**
 * The page's side of a lab run: a fresh worker per run, ended when the run is done, when
 * the learner stops it, or after a minute.
 */
import type { RunProgress, RunResult, RunSettings } from './execute.ts';
import type { LabRunMessage, LabRunRequest } from './protocol.ts';

export const RUN_TIME_LIMIT_MS = 60_000;

/** How a run ended: its result, or why not (`line`: of the edited source, when the failure is in it). */
export type LabRunOutcome = { ok: true; result: RunResult } | { ok: false; message: string; line?: number };

export interface LabRunHandle {
  result: Promise<LabRunOutcome>;
  stop(): void;
}

/** Starts `scenario` in a worker; with `edited`, the learner's version of its source instead of the module. */
export function startLabRun(scenario: string, settings: RunSettings, onProgress: (progress: RunProgress) => void, edited?: LabRunRequest['edited']): LabRunHandle {
  let stop = () => {};
  const result = new Promise<LabRunOutcome>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      resolve({ ok: false, message: `This browser could not start the lab: ${String(error)}` });
      return;
    }
    const finish = (outcome: LabRunOutcome) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, message: `The run took longer than ${RUN_TIME_LIMIT_MS / 1000} s and was stopped.` }), RUN_TIME_LIMIT_MS);
    stop = () => finish({ ok: false, message: 'Stopped.' });
    worker.onmessage = (event: MessageEvent<LabRunMessage>) => {
      const message = event.data;
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'done') finish({ ok: true, result: message.result });
      else finish({ ok: false, message: message.message, ...(message.line !== undefined ? { line: message.line } : {}) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ ok: false, message: event.message || 'The lab stopped unexpectedly.' });
    };
    worker.postMessage({ scenario, settings, ...(edited ? { edited } : {}) } satisfies LabRunRequest);
  });
  return { result, stop: () => stop() };
}
