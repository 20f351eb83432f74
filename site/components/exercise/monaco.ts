/**
 * Monaco, loaded on demand for an exercise: TypeScript with the lab's types (lib, lib/lab
 * and the runner's helpers, importable as `websocket-lab`, `websocket-lab/lab` and
 * `websocket-lab/helpers`), the site's colours in
 * light and dark, and Ctrl+Enter to run. Bundled with the site; nothing from a CDN.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import { typescriptDefaults } from 'monaco-editor/languages/features/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker.js?worker';
// Monaco's styles, added to the page only when an editor opens (the page never waits for them).
import { LAB_THEMES } from './monaco-theme.ts';
import { SCENARIO_PACKAGE_TYPES, editorCompilerOptions, isScenarioTypeSource, labExtraLibs, repositoryPath } from './editor-types.ts';
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
  const libs = labExtraLibs(Object.fromEntries(Object.entries(sources).map(([key, text]) => [repositoryPath(key), text])));
  for (const [uri, text] of Object.entries(libs)) typescriptDefaults.addExtraLib(text, uri);
  typescriptDefaults.setCompilerOptions(editorCompilerOptions() as Parameters<typeof typescriptDefaults.setCompilerOptions>[0]);
}

// What an edited lab scenario imports: #authoring and what it re-exports, and the lessons' lab files and the shared code beside them (lab-kit/).
const scenarioSources = import.meta.glob<string>(['/site/authoring.ts', '/site/runner/*.ts', '/site/components/lab-run/scenario.ts', '/lessons/**/lab/*.ts', '/lessons/**/lab-kit/*.ts'], { query: '?raw', import: 'default', eager: true });
let scenarioTypesReady = false;
function addScenarioTypes() {
  if (scenarioTypesReady) return;
  scenarioTypesReady = true;
  const wanted = Object.entries(scenarioSources).map(([key, text]) => [key.slice(1), text] as const).filter(([path]) => isScenarioTypeSource(path));
  const libs = { ...labExtraLibs(Object.fromEntries(wanted)), ...SCENARIO_PACKAGE_TYPES };
  for (const [uri, text] of Object.entries(libs)) typescriptDefaults.addExtraLib(text, uri);
}

// The lessons' Shiki themes, turned into Monaco themes.
for (const [name, data] of Object.entries(LAB_THEMES)) monaco.editor.defineTheme(name, data);

const themeOfPage = () => (document.documentElement.dataset.theme === 'dark' ? 'lab-dark' : 'lab-light');

/**
 * What the editor leaves on its host element, so browser tests can read the markers
 * Monaco shows (`monaco.editor.getModelMarkers`) without a global.
 */
export interface EditorHost extends HTMLElement {
  labEditor?: { monaco: typeof monaco; model: monaco.editor.ITextModel };
}

export interface CodeEditor {
  setValue(text: string): void;
  /** Puts the cursor at the start of `line` and scrolls it into view (an error's line). */
  revealLine(line: number): void;
  /** Marks what a run found wrong on its line (beside TypeScript's own markers), or clears it. */
  markRunError(error: { message: string; line: number } | undefined): void;
  dispose(): void;
}

/**
 * Mounts an editor in `host`. `uri` places the code's file (an edited lab scenario's beside
 * its original, so its relative imports and `#authoring` resolve); by default, an exercise's.
 */
export function createEditor(host: HTMLElement, options: { value: string; label: string; uri?: string; onChange(text: string): void; onRun(): void }): CodeEditor {
  addLabTypes();
  if (options.uri) addScenarioTypes();
  const model = monaco.editor.createModel(options.value, 'typescript', monaco.Uri.parse(options.uri ?? `file:///exercise-${Math.random().toString(36).slice(2)}.ts`));
  const editor = monaco.editor.create(host, {
    model,
    theme: themeOfPage(),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    // The task is written in comments: long lines wrap instead of hiding past the edge.
    wordWrap: 'on',
    wrappingIndent: 'same',
    tabSize: 2,
    ariaLabel: options.label,
  });
  (host as EditorHost).labEditor = { monaco, model };
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  const changes = model.onDidChangeContent(() => options.onChange(model.getValue()));
  const themeWatch = new MutationObserver(() => monaco.editor.setTheme(themeOfPage()));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return {
    setValue(text) {
      if (model.getValue() !== text) model.setValue(text);
    },
    markRunError(error) {
      const markers = error && error.line <= model.getLineCount()
        ? [{ severity: monaco.MarkerSeverity.Error, message: error.message, startLineNumber: error.line, startColumn: 1, endLineNumber: error.line, endColumn: model.getLineMaxColumn(error.line) }]
        : [];
      monaco.editor.setModelMarkers(model, 'lab-run', markers);
    },
    revealLine(line) {
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.revealLineInCenter(line);
    },
    dispose() {
      delete (host as EditorHost).labEditor;
      themeWatch.disconnect();
      changes.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
