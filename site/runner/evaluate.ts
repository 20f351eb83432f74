/**
 * Turns the learner's TypeScript into a module: transpiled by sucrase (line numbers kept),
 * evaluated with a `require` that knows the lab's own modules and a captured console.
 * Shared by the worker and by tests in Node.
 */
import { transform } from 'sucrase';
import { parse } from 'sucrase/dist/parser/index.js';
import { ContextualKeyword } from 'sucrase/dist/parser/tokenizer/keywords.js';
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';
import * as lab from '../../lib/lab/index.ts';
import * as protocol from '../../lib/index.ts';
import * as helpers from './helpers.ts';
import type { ConsoleLine } from './protocol.ts';

/**
 * What learner code may import: `websocket-lab` is lib (the protocol), `websocket-lab/lab`
 * the lab runtime, `websocket-lab/helpers` sha1 and toBase64 (site/runner/helpers.ts).
 */
export const MODULES: Record<string, unknown> = {
  'websocket-lab': protocol,
  'websocket-lab/lab': lab,
  'websocket-lab/helpers': helpers,
};
const IMPORTABLE = listModules(Object.keys(MODULES));

/** Console output kept per run; the rest is dropped with a note. */
export const CONSOLE_LIMIT = { lines: 200, chars: 64 * 1024 };

/** A console that records what the learner prints, within the limits. */
export function captureConsole(): { console: Pick<Console, 'log' | 'info' | 'warn' | 'error'>; lines: ConsoleLine[]; truncated: () => boolean } {
  const lines: ConsoleLine[] = [];
  let chars = 0;
  let dropped = false;
  const format = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return `Uint8Array(${value.length}) [${Array.from(value.subarray(0, 32)).join(', ')}${value.length > 32 ? ', …' : ''}]`;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const record = (level: ConsoleLine['level']) => (...args: unknown[]) => {
    if (dropped) return;
    const text = args.map(format).join(' ');
    if (lines.length >= CONSOLE_LIMIT.lines || chars + text.length > CONSOLE_LIMIT.chars) {
      dropped = true;
      return;
    }
    chars += text.length;
    lines.push({ level, text });
  };
  return { console: { log: record('log'), info: record('info'), warn: record('warn'), error: record('error') }, lines, truncated: () => dropped };
}

const PARAMS = ['exports', 'require', 'console'] as const;
const SOURCE = 'exercise.ts';

/**
 * What a piece of learner code may import and what it is called in stack traces: an
 * exercise's (the default) or an edited lab scenario's.
 */
export interface ModuleScope {
  /** Each importable specifier and the module it gives. */
  modules: Record<string, unknown>;
  /** The specifiers, in words, for the message that refuses any other. */
  importable: string;
  /** What the learner's code is called (`exercise`, `the scenario`) in that message. */
  what: string;
  /** The file name stack traces give the code (a plain name, no path). */
  file: string;
}

const EXERCISE_SCOPE: ModuleScope = { modules: MODULES, importable: IMPORTABLE, what: 'the exercise', file: SOURCE };

/** A list of module names in words: `"a", "b" and "c"`. */
export function listModules(names: string[]): string {
  const quoted = names.map((m) => `"${m}"`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** The line of the learner's code where an error was thrown, read from its stack (`file` as in its {@link ModuleScope}). */
export function learnerLine(error: unknown, file = SOURCE): number | undefined {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):\\d+`).exec(error instanceof Error ? error.stack ?? '' : '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Turns the source of a function expression into the function, with the globals learner
 * code may see. In CI and tests: indirect eval. In the page's worker: a hardened
 * compartment (site/runner/sandbox.ts), whose global object holds only what it is given.
 */
export type Evaluator = (source: string, globals: Record<string, unknown>) => (...args: unknown[]) => void;

let evaluator: Evaluator = (source) => (0, eval)(source) as (...args: unknown[]) => void;

/** Makes every later instantiate() evaluate learner code with `next`. */
export function useEvaluator(next: Evaluator): void {
  evaluator = next;
}

/** The learner's code, transpiled once; each call of `instantiate` runs it afresh (a new module). */
export interface CompiledModule {
  instantiate(output: Pick<Console, 'log' | 'info' | 'warn' | 'error'>, globals?: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Every module the code imports, with its line: `import … from`, `import '…'`, `export … from`,
 * `import('…')` and `require('…')`, read from sucrase's tokens (so comments and strings that
 * merely look like imports are not counted). Type-only imports are listed too. Throws when the
 * code does not parse.
 */
export function importedModules(code: string): { specifier: string; line: number }[] {
  const { tokens } = parse(code, false, true, false);
  const found: { specifier: string; line: number }[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== TokenType.string) return;
    const before = tokens[i - 1];
    const twoBefore = tokens[i - 2];
    const isModule =
      before !== undefined &&
      ((before.type === TokenType.name && before.contextualKeyword === ContextualKeyword._from) ||
        before.type === TokenType._import ||
        (before.type === TokenType.parenL && twoBefore !== undefined && (twoBefore.type === TokenType._import || (twoBefore.type === TokenType.name && twoBefore.contextualKeyword === ContextualKeyword._require))));
    if (!isModule) return;
    // Module names have no escapes worth decoding: the text between the quotes is the name.
    const specifier = code.slice(token.start + 1, token.end - 1);
    found.push({ specifier, line: code.slice(0, token.start).split('\n').length });
  });
  return found;
}

/**
 * Refuses code that imports anything but the lab's modules, before it is compiled: sucrase
 * drops an import whose binding is never used, so `import fs from 'fs'` would otherwise pass
 * in silence.
 */
function checkImports(code: string, scope: ModuleScope): void {
  let modules: { specifier: string; line: number }[];
  try {
    modules = importedModules(code);
  } catch {
    return; // Not parseable: the compiler reports the syntax error with its line.
  }
  const refused = modules.filter((m) => !Object.hasOwn(scope.modules, m.specifier));
  if (refused.length === 0) return;
  const list = refused.map((m) => `"${m.specifier}" (line ${m.line})`).join(', ');
  const error = new Error(`Cannot import ${list}: ${scope.what} can import only ${scope.importable}.`);
  error.name = 'ImportError';
  // The message names each line already; no learnerLine, so the page does not add one more.
  throw error;
}

/** Transpiles the learner's TypeScript. Throws a SyntaxError (with `learnerLine`) when it does not parse, an ImportError when it imports a module it may not. */
export function compile(code: string, scope: ModuleScope = EXERCISE_SCOPE): CompiledModule {
  checkImports(code, scope);
  let js: string;
  try {
    js = transform(code, { transforms: ['typescript', 'imports'], filePath: scope.file }).code;
  } catch (error) {
    const e = error as { message?: string; loc?: { line: number } };
    throw Object.assign(new SyntaxError(e.message ?? String(error)), { learnerLine: e.loc?.line });
  }
  return { instantiate: (output, globals = {}) => run(js, output, globals, scope) };
}

/** Transpiles and runs the learner's code; returns its exports. Throws what the code throws (with `learnerLine` set). */
export function evaluate(code: string, output: Pick<Console, 'log' | 'info' | 'warn' | 'error'>, globals: Record<string, unknown> = {}): Record<string, unknown> {
  return compile(code).instantiate(output, globals);
}

function run(js: string, output: Pick<Console, 'log' | 'info' | 'warn' | 'error'>, globals: Record<string, unknown>, scope: ModuleScope): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const require = (specifier: string) => {
    if (Object.hasOwn(scope.modules, specifier)) return scope.modules[specifier];
    throw new Error(`Cannot import "${specifier}" here: ${scope.what} can import ${scope.importable}.`);
  };
  // The source URL names the learner's file in stack traces; sucrase keeps every line where it
  // was, and the learner's first line shares the wrapper's, so line numbers match the editor's.
  // The lab's globals (WebSocket, timers, Date …) are parameters after the fixed ones.
  const names = Object.keys(globals);
  const source = `(function (${[...PARAMS, ...names].join(', ')}) {${js}\n})\n//# sourceURL=${scope.file}`;
  try {
    evaluator(source, globals)(exports, require, output, ...names.map((name) => globals[name]));
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { learnerLine: learnerLine(error, scope.file) });
  }
  return exports;
}
