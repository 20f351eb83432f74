import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PURE_DIRS = ['lib/protocol', 'lib/endpoint', 'lib/lab'];
const NODE_BUILTINS = ['fs', 'path', 'buffer', 'crypto', 'net', 'http', 'https', 'stream', 'events', 'os', 'child_process', 'url', 'util', 'zlib', 'worker_threads', 'timers'];

function sources(dir: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries.filter((file) => file.endsWith('.ts')).map((file) => join(dir, file));
}

describe('lib stays pure: no Node or DOM APIs outside lib/node', () => {
  const files = PURE_DIRS.flatMap(sources);

  it('finds the protocol sources', () => {
    expect(files.filter((f) => f.startsWith('lib/protocol')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s imports no Node built-in and uses no Buffer, document, window or Math.random', (file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const imports = [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const specifier of imports) {
      expect(specifier.startsWith('node:'), `${file} imports ${specifier}`).toBe(false);
      expect(NODE_BUILTINS.includes(specifier.split('/')[0]), `${file} imports ${specifier}`).toBe(false);
    }
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/\bdocument\./);
    expect(code).not.toMatch(/\bwindow\./);
    expect(code).not.toMatch(/Math\.random/);
    expect(code).not.toMatch(/\brequire\(/);
  });
});
