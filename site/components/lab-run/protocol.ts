/** Messages between the page and the lab-run worker. */
import type { RunProgress, RunResult, RunSettings } from './execute.ts';

export interface LabRunRequest {
  /** The scenario: its module path under lessons/, without `.ts` (e.g. `02-frames/07-fragmentation/lab/ping-between-fragments`). */
  scenario: string;
  settings: RunSettings;
  /** The learner's edited source of the scenario, and the original (whose imports it may use). */
  edited?: { source: string; original: string };
}

export type LabRunMessage =
  | { kind: 'progress'; progress: RunProgress }
  | { kind: 'done'; result: RunResult }
  /** `line`: of the edited source, when the failure is in it. */
  | { kind: 'failed'; message: string; line?: number };
