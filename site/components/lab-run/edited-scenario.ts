/**
 * A scenario the learner edited in the lab run's code view: its TypeScript transpiled by
 * sucrase and evaluated as a module (site/runner/evaluate.ts, as exercises are), whose
 * imports are resolved by a map: `#authoring` to site/authoring.ts, and every other module
 * the original scenario imports (a lesson's shared lab file, a package) to that same
 * module. Anything else is refused before the code runs, naming what may be imported.
 * Used by the lab-run worker (which evaluates in a locked-down realm: site/runner/sandbox.ts)
 * and by tests in Node.
 */
import { compile, captureConsole, importedModules, learnerLine, listModules, type ModuleScope } from '../../runner/evaluate.ts';
import type { Scenario } from './scenario.ts';

/** The name edited code has in stack traces, so a run-time error can be traced to its line. */
export const EDITED_FILE = 'your-scenario.ts';

/** The modules a relative import may reach, loaded on demand: the lessons' scenarios and the shared code beside them (lab-kit/). */
const labModules = import.meta.glob<Record<string, unknown>>(['/lessons/**/lab/*.ts', '/lessons/**/lab-kit/*.ts']);

/** Packages lesson scenarios import, by name; an edited scenario may import those its original does. */
const PACKAGES: Record<string, () => Promise<unknown>> = {
  '@msgpack/msgpack': () => import('@msgpack/msgpack'),
};

/** Where a relative import of scenario `id` (`04-servers/13-first-endpoint/lab/echo`) leads: a path under /lessons/. */
export function resolveFrom(id: string, specifier: string): string {
  const parts = `/lessons/${id}`.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const path = parts.join('/');
  return /\.[cm]?[jt]s$/.test(path) ? path.replace(/\.[cm]?js$/, '.ts') : `${path}.ts`;
}

/** The specifiers an edited scenario may import: `#authoring` and whatever the original imports. */
export function importableBy(original: string): string[] {
  let found: string[] = [];
  try {
    found = importedModules(original).map((m) => m.specifier);
  } catch {
    // The original always parses (the build checks it); nothing more to allow if it did not.
  }
  return [...new Set(['#authoring', ...found])];
}

/**
 * Loads every module an edited version of scenario `id` may import, for {@link evaluateScenario}.
 * `authoring` is site/authoring.ts's namespace (the worker imports it; tests hand it over).
 */
export async function scenarioScope(id: string, original: string, authoring: Record<string, unknown>): Promise<ModuleScope> {
  const names = importableBy(original);
  const modules: Record<string, unknown> = {};
  for (const name of names) {
    if (name === '#authoring') modules[name] = authoring;
    else if (name.startsWith('.')) {
      const load = labModules[resolveFrom(id, name)];
      if (!load) throw new Error(`The scenario imports "${name}", which is not a lab file of this lesson.`);
      modules[name] = await load();
    } else {
      const load = PACKAGES[name];
      if (!load) throw new Error(`The scenario imports "${name}", which the lab cannot load in the page.`);
      modules[name] = await load();
    }
  }
  return { modules, importable: listModules(names), what: 'a lab scenario', file: EDITED_FILE };
}

/** An error in edited code, with its line when known. */
export interface CodeError {
  message: string;
  line?: number;
}

/**
 * Transpiles and evaluates the edited source; its default export must be a scenario.
 * Throws a {@link CodeError}-shaped Error (`learnerLine` set) on a syntax error, a refused
 * import, or an exception while the module runs.
 */
export function evaluateScenario(source: string, scope: ModuleScope): Scenario {
  const exports = compile(source, scope).instantiate(captureConsole().console);
  const scenario = exports.default as Partial<Scenario> | undefined;
  if (!scenario || typeof scenario !== 'object' || (!scenario.server && !scenario.nodes) || (!scenario.client && !scenario.clients)) {
    throw new Error('The scenario’s default export should be defineScenario({ …, server, client }).');
  }
  return scenario as Scenario;
}

/** The line of edited code an error was thrown from, if it was. */
export const editedLine = (error: unknown): number | undefined => learnerLine(error, EDITED_FILE);

/** An error from evaluating edited code as a message and its line. */
export function codeError(error: unknown): CodeError {
  const e = error as Error & { learnerLine?: number };
  const line = e?.learnerLine ?? editedLine(error);
  return { message: error instanceof Error ? `${e.name}: ${e.message}` : String(error), ...(line !== undefined ? { line } : {}) };
}
