/**
 * Reading a lab run's result in lesson tests: what each page heard, the broker's rows,
 * where each client was placed.
 */
import { executeScenario, type RunResult } from '../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../site/components/lab-run/rows.ts';
import type { FaultSettings, Scenario } from '../../../site/components/lab-run/scenario.ts';

export type BrokerRow = Extract<InspectorRow, { kind: 'broker' }>;

/** Runs a scenario with its own faults (or the ones given) and no parameters. */
export const run = (scenario: Scenario, faults: FaultSettings = scenario.faults ?? {}, seed = 1) => executeScenario(scenario, { seed, faults, params: {} });

/** What each client's page received, in order, by client name. */
export function heard(result: RunResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const row of result.rows) {
    if (row.kind !== 'note' || row.side !== 'page' || !row.client || !row.summary.startsWith('message “')) continue;
    (out[row.client] ??= []).push(row.summary.slice('message “'.length, -1));
  }
  return out;
}

export const brokerRows = (result: RunResult) => result.rows.filter((row): row is BrokerRow => row.kind === 'broker');
/** [client, node] for each connection. */
export const placed = (result: RunResult) => result.connections.map((c) => [c.client, c.node]);
