/**
 * Monaco's own TypeScript worker (the class its web worker runs, with the same bundled
 * TypeScript and lib files) run in Node, for the editor's type-check tests. Files stay open
 * in it side by side, each at an address of its own, so one program and one type checker
 * serve every check, and a file's diagnostics are its own.
 */
import { readdirSync } from 'node:fs';
import { TypeScriptWorker } from 'monaco-editor/languages/features/typescript/tsWorker.js';

/** Every .ts file under `dir`, as a path from the repository's root. */
export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
}

/**
 * A file that imports or exports is a module: what it declares stays its own, so files open
 * side by side in one checker cannot see each other's declarations.
 */
export const MODULE_SYNTAX = /^(import|export) /m;

type Model = { uri: { toString(): string; path: string }; version: number; getValue(): string };

/** One worker with one set of compiler options and extra libraries, as the editor keeps one for the page. */
export class TypeChecker {
  private readonly models = new Map<string, Model>();
  private readonly worker: TypeScriptWorker;

  /** `extraLibs`: file URI → text, as the editor gives them to Monaco. */
  constructor(compilerOptions: object, extraLibs: Record<string, string>) {
    const libs = Object.fromEntries(Object.entries(extraLibs).map(([uri, content]) => [uri, { content, version: 1 }]));
    this.worker = new TypeScriptWorker({ getMirrorModels: () => [...this.models.values()] }, { compilerOptions, extraLibs: libs });
  }

  /** Opens `code` at `uri`. A new text is a new version, so the worker never reuses an earlier one. */
  open(uri: string, code: string): void {
    const open = this.models.get(uri);
    if (open?.getValue() === code) return;
    this.models.set(uri, { uri: { toString: () => uri, path: uri.slice('file://'.length) }, version: (open?.version ?? 0) + 1, getValue: () => code });
  }

  /** Every diagnostic the worker gives `code` at `uri` (opened there first), as "line: message". */
  async diagnostics(uri: string, code: string): Promise<string[]> {
    this.open(uri, code);
    const found = [...(await this.worker.getSyntacticDiagnostics(uri)), ...(await this.worker.getSemanticDiagnostics(uri))];
    return found.map((d) => `${code.slice(0, d.start ?? 0).split('\n').length}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`);
  }
}
