/**
 * An exercise's checks: named, visible or hidden, each an async function that asserts on
 * the learner's module with `expect`. runChecks runs them in order and reports each one
 * as data — the same in the page's worker and in CI.
 */
export { expect } from './expect.ts';

import type { LabRun } from '../../lib/lab/index.ts';

/** What a check gets: the learner's module (its exports) and the run's lab network. */
export interface CheckContext<Module> {
  module: Module;
  /** The lab network the learner's `WebSocket` connects over; `lab.wireLog()` is every byte so far. */
  lab?: LabRun;
}

/** One named check. Hidden checks show their result but not their code. */
export interface Check<Module = Record<string, unknown>> {
  name: string;
  hidden?: boolean;
  run(context: CheckContext<Module>): void | Promise<void>;
}

/** Declares an exercise's checks, typed by the exports the learner writes. */
export function defineChecks<Module>(checks: Check<Module>[]): Check<Module>[] {
  return checks;
}

/** How one check went. */
export interface CheckResult {
  name: string;
  hidden: boolean;
  status: 'pass' | 'fail' | 'error';
  /** The assertion's message, or the error thrown by the learner's code. */
  message?: string;
  expected?: string;
  actual?: string;
  /** The check's code, for visible checks. */
  source?: string;
}

const show = (value: unknown): string => {
  if (value instanceof Uint8Array) return `Uint8Array [${Array.from(value, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Runs every check in order; a failing or throwing check never stops the next one. */
export async function runChecks<Module>(checks: readonly Check<Module>[], module: Module, lab?: LabRun): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { name: check.name, hidden: check.hidden === true, ...(check.hidden ? {} : { source: check.run.toString() }) };
    try {
      await check.run({ module, ...(lab ? { lab } : {}) });
      results.push({ ...base, status: 'pass' });
    } catch (error) {
      const e = error as { name?: string; message?: string; expected?: unknown; actual?: unknown; showDiff?: boolean };
      if (e?.name === 'AssertionError') {
        results.push({
          ...base,
          status: 'fail',
          message: e.message,
          ...('expected' in e ? { expected: show(e.expected) } : {}),
          ...('actual' in e ? { actual: show(e.actual) } : {}),
        });
      } else {
        results.push({ ...base, status: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
  }
  return results;
}
