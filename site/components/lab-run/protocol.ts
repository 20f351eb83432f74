/** Messages between the page and the lab-run worker. */
import type { RunProgress, RunResult, RunSettings } from './execute.ts';

export interface LabRunRequest {
  /** The scenario: its module path under lessons/, without `.ts` (e.g. `02-frames/07-fragmentation/lab/ping-between-fragments`). */
  scenario: string;
  settings: RunSettings;
}

export type LabRunMessage =
  | { kind: 'progress'; progress: RunProgress }
  | { kind: 'done'; result: RunResult }
  | { kind: 'failed'; message: string };
