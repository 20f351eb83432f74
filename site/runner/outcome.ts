/**
 * What the page accepts from the exercise worker: a run's outcome, checked field by field
 * and bounded, so a malformed or oversized message becomes a clear failure instead of a
 * page error or a frozen page. Whatever the worker sends, zero checks is never a pass.
 */
import type { CheckResult } from './checks.ts';
import type { ConsoleLine, RunOutcome } from './protocol.ts';

/** The most the page shows of a run. */
export const OUTCOME_LIMITS = { results: 200, text: 10_000, notes: 20, console: 200 } as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number = OUTCOME_LIMITS.text): string | undefined => (typeof value === 'string' ? (value.length > max ? `${value.slice(0, max)}…` : value) : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

function readResult(value: unknown): CheckResult | undefined {
  if (!isRecord(value)) return undefined;
  const name = text(value.name, 500);
  const status = value.status;
  if (!name || (status !== 'pass' && status !== 'fail' && status !== 'error') || typeof value.hidden !== 'boolean') return undefined;
  const result: CheckResult = { name, hidden: value.hidden, status };
  for (const key of ['message', 'expected', 'actual'] as const) {
    const field = text(value[key]);
    if (field !== undefined) result[key] = field;
  }
  const line = count(value.line);
  if (line !== undefined) result.line = line;
  const labTimeMs = count(value.labTimeMs);
  if (labTimeMs !== undefined) result.labTimeMs = labTimeMs;
  if (Array.isArray(value.notes)) result.notes = value.notes.slice(0, OUTCOME_LIMITS.notes).map((note) => text(note) ?? String(note).slice(0, 200));
  return result;
}

function readConsole(value: unknown): ConsoleLine[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const lines: ConsoleLine[] = [];
  for (const line of value.slice(0, OUTCOME_LIMITS.console)) {
    if (!isRecord(line) || !['log', 'info', 'warn', 'error'].includes(line.level as string)) return undefined;
    lines.push({ level: line.level as ConsoleLine['level'], text: text(line.text) ?? '' });
  }
  return lines;
}

const unreadable = (why: string): RunOutcome => ({ kind: 'unavailable', message: `The exercise runner sent a result the page cannot read (${why}), so nothing was checked.` });

/** Reads what the worker posted into an outcome the page can show. */
export function readOutcome(data: unknown): RunOutcome {
  if (!isRecord(data)) return unreadable('not an object');
  switch (data.kind) {
    case 'checked': {
      if (!Array.isArray(data.results)) return unreadable('no list of results');
      if (data.results.length === 0) return unreadable('no checks ran');
      if (data.results.length > OUTCOME_LIMITS.results) return unreadable(`${data.results.length} results, more than any exercise has`);
      const results: CheckResult[] = [];
      for (const item of data.results) {
        const result = readResult(item);
        if (!result) return unreadable('a result without a name and status');
        results.push(result);
      }
      const console = readConsole(data.console);
      if (!console) return unreadable('a malformed console');
      return { kind: 'checked', results, console, truncated: data.truncated === true || (Array.isArray(data.console) && data.console.length > OUTCOME_LIMITS.console) };
    }
    case 'threw': {
      const console = readConsole(data.console);
      const message = text(data.message);
      if (!console || message === undefined) return unreadable('a malformed error');
      const line = count(data.line);
      return { kind: 'threw', message, ...(line !== undefined ? { line } : {}), console, truncated: data.truncated === true };
    }
    case 'unavailable':
      return { kind: 'unavailable', message: text(data.message) ?? 'The exercise runner could not run.' };
    default:
      return unreadable('an unknown kind of result');
  }
}
