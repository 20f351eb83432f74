/**
 * An exercise's checks: named, visible or hidden, each an async function that asserts on
 * the learner's module with `expect`. runChecks runs them in order, each in a fresh lab on
 * a virtual clock, and reports each one as data — the same in the page's worker and in CI.
 */
export { expect } from './expect.ts';

import { learnerLine } from './evaluate.ts';
import { failureText } from './failure.ts';
import { ExerciseLab, LabAssertionError, labTime } from './lab.ts';

/** What a check gets: the learner's module (its exports) and the check's own lab. */
export interface CheckContext<Module> {
  module: Module;
  /**
   * A fresh lab network on a virtual clock: the lesson endpoints, `lab.mount(route, handler)`
   * for server code, named clients (`await lab.client('alice', '/ws/chat/general')`), the
   * wire log. The learner's `WebSocket`, timers and `Date` run on it.
   */
  lab: ExerciseLab;
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
  /** The line of the learner's code an error came from. */
  line?: number;
  /** Lab time when the check ended, ms. */
  labTimeMs?: number;
  /** What the learner's server or listeners threw during the check, with lines and lab times. */
  notes?: string[];
}

/** The learner's code, run afresh for each check with that check's lab (its WebSocket, timers and Date). */
export class FreshModule<Module> {
  constructor(readonly instantiate: (lab: ExerciseLab) => Module) {}
}

/** Options for {@link runChecks}. */
export interface RunChecksOptions {
  /** Seed of every check's lab (masking keys, handshake keys, the learner's Math.random). */
  seed?: number;
  /** Lab time a check may wait before it is stopped (default ten minutes). */
  labLimitMs?: number;
}

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A thrown value from the learner's code, as the learner should read it. */
function learnerError(error: unknown): { message: string; line?: number } {
  const line = learnerLine(error);
  return { message: describeError(error), ...(line !== undefined ? { line } : {}) };
}

/**
 * The module as checks see it: reading an export the learner's code does not have throws an
 * error that says so in plain words, instead of "undefined is not a function". The first such
 * read is remembered too, so a check that catches the error (`expect(() => …).toThrow()`)
 * still reports the missing export rather than a puzzling assertion.
 */
function guarded<Module>(module: Module): { module: Module; missing(): MissingExport | undefined } {
  if (typeof module !== 'object' || module === null) return { module, missing: () => undefined };
  let first: MissingExport | undefined;
  const proxy = new Proxy(module as object, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property !== 'then' && !(property in target)) {
        const error = new MissingExport(property);
        first ??= error;
        throw error;
      }
      return Reflect.get(target, property, receiver);
    },
  }) as Module;
  return { module: proxy, missing: () => first };
}

class MissingExport extends Error {
  override readonly name = 'MissingExport';
  constructor(readonly exportName: string) {
    super(`Your code does not export ${exportName}. Add \`export\` before its declaration (e.g. \`export function ${exportName}(…)\`).`);
  }
}

const kindOf = (value: unknown): string => (value === null ? 'null' : value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/**
 * "e.applyMask is not a function", as the engine words it, names the check's variable as the
 * build minified it. When the name is one of the learner's exports, say what that export is.
 */
function exportNotCallable(error: unknown, module: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'TypeError' || typeof module !== 'object' || module === null) return undefined;
  const match = /^[\w$]+\.([\w$]+) is not a function$/.exec(error.message);
  const name = match?.[1];
  if (!name || !Object.prototype.hasOwnProperty.call(module, name)) return undefined;
  return `Your code exports ${name}, but the check calls it and it is ${kindOf((module as Record<string, unknown>)[name])}, not a function.`;
}

/** Notes about what the learner's server handlers and listeners threw during one check. */
function notesOf(lab: ExerciseLab): string[] {
  const notes: string[] = [];
  for (const { path, error, at } of lab.serverErrors) {
    const { message, line } = learnerError(error);
    notes.push(`At ${labTime(at)} the handler for ${path} threw ${message}${line !== undefined ? ` (line ${line})` : ''}; the server closed that connection with 1011.`);
  }
  for (const { error, at } of lab.listenerErrors) {
    const { message, line } = learnerError(error);
    notes.push(`At ${labTime(at)} an event listener threw ${message}${line !== undefined ? ` (line ${line})` : ''}.`);
  }
  return notes;
}

/**
 * Runs every check in order, each in a fresh lab; a failing or throwing check never stops
 * the next one. A check that waits forever on the lab's clock is stopped and reported.
 */
export async function runChecks<Module>(checks: readonly Check<Module>[], subject: Module | FreshModule<Module>, options: RunChecksOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const limitMs = options.labLimitMs ?? 600_000;
  for (const check of checks) {
    // The check's code is not sent: the page shows it as written in checks.ts (the build minifies run).
    const base = { name: check.name, hidden: check.hidden === true };
    const lab = new ExerciseLab({ seed: options.seed });
    let outcome: unknown;
    let failed = false;
    let exports: unknown;
    let missing: () => MissingExport | undefined = () => undefined;
    try {
      exports = subject instanceof FreshModule ? subject.instantiate(lab) : subject;
      const guard = guarded(exports as Module);
      missing = guard.missing;
      const module = guard.module;
      let settled = false;
      const running = Promise.resolve()
        .then(() => check.run({ module, lab }))
        .then(() => undefined, (error: unknown) => { failed = true; outcome = error; })
        .finally(() => { settled = true; });
      const ended = await lab.clock.runWhile(() => !settled, { limitMs });
      if (ended === 'done') await running;
      else {
        failed = true;
        outcome = new LabAssertionError(ended === 'limit'
          ? `The check was still waiting after ${labTime(limitMs)} of lab time.`
          : `The check waited for something that can never happen: at ${labTime(lab.clock.now())} nothing was left to do in the lab.`);
      }
    } catch (error) {
      failed = true;
      outcome = error;
    }
    const notes = notesOf(lab);
    const extra = { labTimeMs: lab.clock.now(), ...(notes.length ? { notes } : {}) };
    // Reading an export that is not there is never a pass, even when the check caught the error.
    const absent = outcome instanceof MissingExport ? outcome : missing();
    if (!failed && !absent) {
      results.push({ ...base, status: 'pass', ...extra });
      continue;
    }
    const e = outcome as { name?: string } & Parameters<typeof failureText>[0];
    const notCallable = exportNotCallable(outcome, exports);
    if (absent) {
      results.push({ ...base, status: 'error', message: absent.message, ...extra });
    } else if (notCallable) {
      results.push({ ...base, status: 'error', message: notCallable, ...extra });
    } else if (e?.name === 'AssertionError') {
      results.push({ ...base, status: 'fail', ...failureText(e), ...extra });
    } else {
      results.push({ ...base, status: 'error', ...learnerError(outcome), ...extra });
    }
  }
  return results;
}
