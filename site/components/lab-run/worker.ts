/**
 * The lab-run worker: runs one scenario on lib/lab away from the page, posting progress
 * while it goes and the timeline at the end.
 *
 * A scenario the learner edited runs in the same worker script, but that worker instance
 * (a fresh one per run: ./runner.ts) first locks its realm down (site/runner/sandbox.ts)
 * once every module the edited code may import is loaded, and evaluates the code in a
 * compartment that has no network, storage or messaging. Unedited scenarios run unlocked.
 */
import { codeError, editedLine, evaluateScenario, scenarioScope } from './edited-scenario.ts';
import { executeScenario, type ExecuteOptions } from './execute.ts';
import type { LabRunMessage, LabRunRequest } from './protocol.ts';
import type { Scenario } from './scenario.ts';

const scenarios = import.meta.glob<{ default: Scenario }>('/lessons/**/lab/*.ts');

/** The only way results leave the worker, taken before any edited code exists. */
const post = self.postMessage.bind(self) as (message: LabRunMessage) => void;

/** Loads the edited scenario's imports, locks the realm down, then evaluates the code in a compartment. */
async function editedScenario(id: string, edited: { source: string; original: string }): Promise<Scenario> {
  const [authoring, sandbox] = await Promise.all([import('../../authoring.ts'), import('../../runner/sandbox.ts')]);
  const scope = await scenarioScope(id, edited.original, authoring as unknown as Record<string, unknown>);
  sandbox.closeNetworkAndStorage();
  sandbox.enterSandbox(Object.values(scope.modules) as object[]);
  return evaluateScenario(edited.source, scope);
}

self.onmessage = async (event: MessageEvent<LabRunRequest>) => {
  const { scenario: id, settings, edited } = event.data;
  const load = scenarios[`/lessons/${id}.ts`];
  if (!load) {
    post({ kind: 'failed', message: `There is no lab scenario called ${id}.` });
    return;
  }
  let scenario: Scenario;
  try {
    scenario = edited ? await editedScenario(id, edited) : (await load()).default;
  } catch (error) {
    post({ kind: 'failed', ...codeError(error) });
    return;
  }
  const options: ExecuteOptions = edited ? { lineOf: editedLine } : {};
  try {
    let last = 0;
    const result = await executeScenario(scenario, settings, (progress) => {
      const now = performance.now();
      if (now - last < 100 && progress.phase === 'running') return;
      last = now;
      post({ kind: 'progress', progress });
    }, options);
    post({ kind: 'done', result });
  } catch (error) {
    post({ kind: 'failed', ...(edited ? codeError(error) : { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }) });
  }
};
