/**
 * A Vite plugin that keeps the code editor (Monaco and its workers) out of the server
 * build. The exercise and the lab-run code view import site/components/exercise/monaco.ts
 * only in the browser, but the server build
 * bundles every import it sees: it compiled Monaco again, unminified, with a second
 * TypeScript worker (13 MB) and editor worker, and Astro copied those files into the site
 * next to the real ones. On the server the import now resolves to a stub.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const STUB = '\0lab:editor-server-stub';
const EDITOR = fileURLToPath(new URL('../components/exercise/monaco.ts', import.meta.url));

export function clientOnlyEditor(): Plugin {
  return {
    name: 'lab:client-only-editor',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options?.ssr && importer && source.endsWith('monaco.ts') && resolve(dirname(importer.split('?')[0]!), source) === EDITOR) return STUB;
      return undefined;
    },
    load(id) {
      if (id !== STUB) return undefined;
      return 'export function createEditor() { throw new Error("The code editor runs only in the browser."); }\n';
    },
  };
}
