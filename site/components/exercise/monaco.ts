/**
 * Monaco, loaded on demand for an exercise: TypeScript with the lab's types (lib, lib/lab
 * and the runner's helpers, importable as `websocket-lab`, `websocket-lab/lab` and
 * `websocket-lab/helpers`), the site's colours in
 * light and dark, and Ctrl+Enter to run. Bundled with the site; nothing from a CDN.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import { typescriptDefaults, ScriptTarget, ModuleKind, ModuleResolutionKind } from 'monaco-editor/languages/features/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';
// Monaco's styles, added to the page only when an editor opens (the page never waits for them).
import { LAB_THEMES } from './monaco-theme.ts';
import editorCss from '../../../node_modules/monaco-editor/min/vs/editor/editor.main.css?inline';

if (!document.querySelector('style[data-monaco]')) {
  const style = document.createElement('style');
  style.dataset.monaco = '';
  style.textContent = editorCss;
  document.head.append(style);
}

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()),
};

// lib's own sources, so the editor type-checks learner code against the real API.
const sources = import.meta.glob<string>(['../../../lib/**/*.ts', '!../../../lib/node/**', '../../runner/helpers.ts'], { query: '?raw', import: 'default', eager: true });
let typesReady = false;
function addLabTypes() {
  if (typesReady) return;
  typesReady = true;
  for (const [path, text] of Object.entries(sources)) {
    typescriptDefaults.addExtraLib(text, `file:///${path.replace(/^(\.\.\/)+/, '').replace(/^runner\//, 'site/runner/')}`);
  }
  typescriptDefaults.addExtraLib(`declare var WebSocket: typeof import('websocket-lab/lab').LabWebSocketBase;\n`, 'file:///websocket-lab.d.ts');
  typescriptDefaults.setCompilerOptions({
    target: ScriptTarget.ES2020,
    module: ModuleKind.ESNext,
    moduleResolution: ModuleResolutionKind.NodeJs,
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    baseUrl: 'file:///',
    paths: { 'websocket-lab': ['lib/index.ts'], 'websocket-lab/lab': ['lib/lab/index.ts'], 'websocket-lab/helpers': ['site/runner/helpers.ts'] },
    lib: ['es2020', 'webworker'],
  } as Parameters<typeof typescriptDefaults.setCompilerOptions>[0]);
}

// The lessons' Shiki themes, turned into Monaco themes.
for (const [name, data] of Object.entries(LAB_THEMES)) monaco.editor.defineTheme(name, data);

const themeOfPage = () => (document.documentElement.dataset.theme === 'dark' ? 'lab-dark' : 'lab-light');

export interface CodeEditor {
  setValue(text: string): void;
  dispose(): void;
}

/** Mounts an editor in `host`. */
export function createEditor(host: HTMLElement, options: { value: string; label: string; onChange(text: string): void; onRun(): void }): CodeEditor {
  addLabTypes();
  const model = monaco.editor.createModel(options.value, 'typescript', monaco.Uri.parse(`file:///exercise-${Math.random().toString(36).slice(2)}.ts`));
  const editor = monaco.editor.create(host, {
    model,
    theme: themeOfPage(),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: options.label,
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  const changes = model.onDidChangeContent(() => options.onChange(model.getValue()));
  const themeWatch = new MutationObserver(() => monaco.editor.setTheme(themeOfPage()));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return {
    setValue(text) {
      if (model.getValue() !== text) model.setValue(text);
    },
    dispose() {
      themeWatch.disconnect();
      changes.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
