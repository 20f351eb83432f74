/** Messages between the page and the exercise worker. */
import type { CheckResult } from './checks.ts';

export interface RunRequest {
  /** The exercise, as `NN-part/NN-lesson` (its folder under lessons/). */
  exercise: string;
  /** The learner's TypeScript. */
  code: string;
}

export interface ConsoleLine {
  level: 'log' | 'info' | 'warn' | 'error';
  text: string;
}

/** How a run ended. A timeout is decided by the page, which stops the worker. */
export type RunOutcome =
  | { kind: 'checked'; results: CheckResult[]; console: ConsoleLine[]; truncated: boolean }
  | { kind: 'threw'; message: string; line?: number; console: ConsoleLine[]; truncated: boolean }
  | { kind: 'timeout'; limitMs: number }
  | { kind: 'unavailable'; message: string };
