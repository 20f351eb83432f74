/**
 * One exercise run, from the learner's TypeScript to results: transpiled once, then run
 * afresh for each check in that check's lab. The page's worker and CI both use this.
 */
import { FreshModule, runChecks, type Check, type RunChecksOptions } from './checks.ts';
import { captureConsole, compile, type CompiledModule } from './evaluate.ts';
import { ExerciseLab } from './lab.ts';
import type { RunOutcome } from './protocol.ts';

type Output = Pick<Console, 'log' | 'info' | 'warn' | 'error'>;

/** Runs `code` against `checks`. Never throws: a syntax error or an exception at the top level is a 'threw' outcome. */
export async function runExercise(code: string, checks: readonly Check<unknown>[], options: RunChecksOptions = {}): Promise<Extract<RunOutcome, { kind: 'checked' | 'threw' }>> {
  const output = captureConsole();
  let compiled: CompiledModule;
  try {
    compiled = compile(code);
    // Once up front, so an error at the top level is reported as such, with its line; its console output is kept.
    compiled.instantiate(output.console, new ExerciseLab({ seed: options.seed }).globals());
  } catch (error) {
    const e = error as Error & { learnerLine?: number };
    return { kind: 'threw', message: `${e.name}: ${e.message}`, line: e.learnerLine, console: output.lines, truncated: output.truncated() };
  }
  // The top level already printed once: later instances print only what runs during the checks.
  let quiet = false;
  const forward = (level: keyof Output) => (...args: unknown[]) => { if (!quiet) output.console[level](...args); };
  const console: Output = { log: forward('log'), info: forward('info'), warn: forward('warn'), error: forward('error') };
  const fresh = new FreshModule((lab) => {
    quiet = true;
    try {
      return compiled.instantiate(console, lab.globals());
    } finally {
      quiet = false;
    }
  });
  const results = await runChecks(checks, fresh, options);
  return { kind: 'checked', results, console: output.lines, truncated: output.truncated() };
}
