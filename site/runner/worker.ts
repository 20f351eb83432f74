/**
 * The exercise worker: runs the learner's code and the exercise's checks, away from the
 * page. It has no DOM; the page's storage and network are removed before any learner code
 * runs; `WebSocket` is the lab's, connected to the lesson endpoints on the in-page network.
 */
import { runChecks, type Check } from './checks.ts';
import { createRunContext } from './context.ts';
import { captureConsole, evaluate } from './evaluate.ts';
import type { RunOutcome, RunRequest } from './protocol.ts';

const checkModules = import.meta.glob<{ default: Check[] }>('../../lessons/**/exercise/checks.ts');

const scope = globalThis as unknown as Record<string, unknown>;
for (const name of ['indexedDB', 'caches', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'EventSource', 'BroadcastChannel', 'importScripts']) {
  try {
    Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
  } catch {
    /* not defined here */
  }
}
const context = createRunContext();
scope.WebSocket = context.globals.WebSocket;

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { exercise, code } = event.data;
  const load = checkModules[`../../lessons/${exercise}/exercise/checks.ts`];
  if (!load) {
    self.postMessage({ kind: 'unavailable', message: `No checks found for ${exercise}.` } satisfies RunOutcome);
    return;
  }
  const checks = (await load()).default;
  const output = captureConsole();
  let module: Record<string, unknown>;
  try {
    module = evaluate(code, output.console, context.globals);
  } catch (error) {
    const e = error as Error & { learnerLine?: number };
    self.postMessage({ kind: 'threw', message: `${e.name}: ${e.message}`, line: e.learnerLine, console: output.lines, truncated: output.truncated() } satisfies RunOutcome);
    return;
  }
  const results = await runChecks(checks, module, context.lab);
  self.postMessage({ kind: 'checked', results, console: output.lines, truncated: output.truncated() } satisfies RunOutcome);
};
