/**
 * The lab-run worker: runs one scenario on lib/lab away from the page, posting progress
 * while it goes and the timeline at the end.
 */
import { executeScenario } from './execute.ts';
import type { LabRunMessage, LabRunRequest } from './protocol.ts';
import type { Scenario } from './scenario.ts';

const scenarios = import.meta.glob<{ default: Scenario }>('/lessons/**/lab/*.ts');

const post = (message: LabRunMessage) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<LabRunRequest>) => {
  const { scenario: id, settings } = event.data;
  const load = scenarios[`/lessons/${id}.ts`];
  if (!load) {
    post({ kind: 'failed', message: `There is no lab scenario called ${id}.` });
    return;
  }
  try {
    const scenario = (await load()).default;
    let last = 0;
    const result = await executeScenario(scenario, settings, (progress) => {
      const now = performance.now();
      if (now - last < 100 && progress.phase === 'running') return;
      last = now;
      post({ kind: 'progress', progress });
    });
    post({ kind: 'done', result });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
