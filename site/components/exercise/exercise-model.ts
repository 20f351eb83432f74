/**
 * The exercise panel's logic without the view: saved code, the banner for a run's
 * outcome, and the diff shown before Solve.
 */
import { diffLines } from 'diff';
import type { RunOutcome } from '../../runner/protocol.ts';
import { codeKey } from '../../progress/store.ts';

export { codeKey };

/**
 * Whether saved code found on opening the exercise came from Solve: it is the solution
 * itself, as Solve left it before a reload. (Within a visit the island knows Solve was
 * used, and a pass then counts as solved with help until the code is reset to the starter.)
 */
export function savedFromSolve(saved: string | undefined, solution: string | undefined): boolean {
  return saved !== undefined && solution !== undefined && saved.trim() === solution.trim();
}

/**
 * Most characters of code kept per exercise. An exercise's solution is a few kilobytes;
 * far more than this is a paste gone wrong, and loading it would stall the page.
 */
export const MAX_SAVED_CODE = 100_000;

/** What this browser holds for an exercise. */
export type SavedCode =
  | { kind: 'none' }
  | { kind: 'code'; code: string }
  /** Code saved before the cap, too long to load: it stays stored until the learner downloads or discards it. */
  | { kind: 'too-long'; length: number };

/**
 * The learner's saved code, if any (storage may be unavailable). `id` is an exercise's
 * lesson id, or `lab/<scenario>` for a lab run's edited scenario: both are kept under
 * {@link codeKey}, so progress export, import and reset include them.
 */
export function loadCode(lessonId: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SavedCode {
  let code: string | null | undefined;
  try {
    code = storage?.getItem(codeKey(lessonId));
  } catch {
    return { kind: 'none' };
  }
  if (code === null || code === undefined) return { kind: 'none' };
  return code.length > MAX_SAVED_CODE ? { kind: 'too-long', length: code.length } : { kind: 'code', code };
}

/**
 * Whether the code was saved: not when storage is unavailable, nor when it is longer than
 * {@link MAX_SAVED_CODE}, nor ('held') while this browser still holds earlier code too long
 * to load, which an edit must not overwrite before it is downloaded or discarded.
 */
export type SaveOutcome = 'saved' | 'too-long' | 'unavailable' | 'held';

/** Saves the learner's code; code too long to keep leaves the last version that fitted in place. */
export function saveCode(lessonId: string, code: string, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): SaveOutcome {
  if (code.length > MAX_SAVED_CODE) return 'too-long';
  try {
    if (!storage) return 'unavailable';
    storage.setItem(codeKey(lessonId), code);
    return 'saved';
  } catch {
    return 'unavailable';
  }
}

/**
 * Saves an edit, unless `holding`: earlier code too long to load is still stored under the
 * same id, and stays there, whole, until it is downloaded or discarded.
 */
export function saveEdit(lessonId: string, code: string, holding: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): SaveOutcome {
  return holding ? 'held' : saveCode(lessonId, code, storage);
}

/** The stored code as it is, however long (to download it), and a way to discard it. */
export function storedCode(lessonId: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string | undefined {
  try {
    return storage?.getItem(codeKey(lessonId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function discardCode(lessonId: string, storage: Pick<Storage, 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(codeKey(lessonId));
  } catch {
    // Nothing to discard where storage is unavailable.
  }
}

/** The banner above the results. */
export function banner(outcome: RunOutcome, options: { withHelp?: boolean } = {}): { tone: 'pass' | 'fail' | 'threw' | 'timeout'; title: string; detail: string } {
  switch (outcome.kind) {
    case 'checked': {
      const failed = outcome.results.filter((r) => r.status !== 'pass').length;
      // Zero checks is never a pass.
      if (outcome.results.length === 0) return { tone: 'threw', title: 'No checks ran', detail: 'The run returned no results, so nothing was checked.' };
      if (failed === 0 && options.withHelp) {
        return { tone: 'pass', title: 'All checks pass — solved with help', detail: `${outcome.results.length} of ${outcome.results.length} checks pass with the solution's code. Progress shows this exercise as solved with help; reset to the starter and pass it on your own to mark it passed.` };
      }
      return failed === 0
        ? { tone: 'pass', title: 'All checks pass', detail: `${outcome.results.length} of ${outcome.results.length} checks pass. The exercise is done.` }
        : { tone: 'fail', title: 'Some checks failed', detail: `${outcome.results.length - failed} of ${outcome.results.length} checks pass.` };
    }
    case 'threw':
      return { tone: 'threw', title: 'Your code threw', detail: `${outcome.message}${outcome.line ? ` (line ${outcome.line})` : ''}` };
    case 'timeout':
      return { tone: 'timeout', title: 'Timed out', detail: `The run took longer than ${outcome.limitMs / 1000} s and was stopped. Look for a loop that never ends.` };
    case 'unavailable':
      return { tone: 'threw', title: 'The run could not start', detail: outcome.message };
  }
}

/** A line diff from one text to another: the learner's code to the solution, a scenario's original to the learner's edit. */
export function lineDiff(from: string, to: string): Array<{ kind: 'same' | 'added' | 'removed'; text: string }> {
  return diffLines(from, to).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }));
}

/** A line diff from the learner's code to the solution. */
export const solutionDiff = (mine: string, solution: string) => lineDiff(mine, solution);

/** How a check's status reads in the results: "✓ pass", "✗ fail", "! error". */
export function statusLabel(status: 'pass' | 'fail' | 'error'): string {
  return status === 'pass' ? '✓ pass' : status === 'fail' ? '✗ fail' : '! error';
}

/** Whether a run passed the exercise: every check ran and passed (zero checks is never a pass). */
export function passedAll(outcome: RunOutcome): boolean {
  return outcome.kind === 'checked' && outcome.results.length > 0 && outcome.results.every((r) => r.status === 'pass');
}

/** Tab in the plain editor: two spaces in place of the selection, and where the caret goes after them. */
export function indentAt(code: string, start: number, end: number): { code: string; caret: number } {
  return { code: code.slice(0, start) + '  ' + code.slice(end), caret: start + 2 };
}
