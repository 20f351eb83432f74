import { describe, expect, it } from 'vitest';
import { CONSOLE_LIMIT, captureConsole, evaluate, importedModules, learnerLine } from '../../../../site/runner/evaluate.ts';

describe('evaluate', () => {
  it('runs TypeScript and returns its exports; the lab’s modules can be imported', () => {
    const out = captureConsole();
    const module = evaluate(`import { computeAcceptKey } from 'websocket-lab';\nexport const key: string = computeAcceptKey('dGhlIHNhbXBsZSBub25jZQ==');\nexport function twice(n: number): number { return n * 2; }`, out.console);
    expect(module.key).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect((module.twice as (n: number) => number)(4)).toBe(8);
  });

  it('gives the helpers for the accept key: sha1 and toBase64', () => {
    const module = evaluate(`import { sha1, toBase64 } from 'websocket-lab/helpers';\nexport const digest = sha1('abc');\nexport const b64 = toBase64(Uint8Array.of(0xfb, 0xff));`, captureConsole().console);
    expect(Array.from(module.digest as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(module.b64).toBe('+/8=');
  });

  it('reports the line of the learner’s code where it threw', () => {
    const code = `const a = 1;\n\ntype T = { x: number };\nconst b: T = { x: 2 };\nthrow new RangeError('line five');\n`;
    try {
      evaluate(code, captureConsole().console);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('line five');
      expect((error as { learnerLine?: number }).learnerLine).toBe(5);
    }
  });

  it('finds the line of an error thrown later, from a function the learner wrote', () => {
    const module = evaluate(`export function f(): void {\n  const x = 1;\n  throw new Error('in f ' + x);\n}\n`, captureConsole().console);
    try {
      (module.f as () => void)();
      expect.unreachable();
    } catch (error) {
      expect(learnerLine(error)).toBe(3);
    }
  });

  it('a syntax error names its line', () => {
    try {
      evaluate(`const ok = 1;\nconst = 2;\n`, captureConsole().console);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SyntaxError);
      expect((error as { learnerLine?: number }).learnerLine).toBe(2);
    }
  });

  it('refuses imports other than the lab’s, saying which exist', () => {
    expect(() => evaluate(`import fs from 'node:fs';\nexport const x = fs;`, captureConsole().console)).toThrow(/Cannot import "node:fs" \(line 1\): the exercise can import only "websocket-lab", "websocket-lab\/lab" and "websocket-lab\/helpers"/);
  });
});

describe('captureConsole', () => {
  it('records each level and formats bytes and objects', () => {
    const out = captureConsole();
    out.console.log('a', 1, { b: 2 });
    out.console.warn(Uint8Array.of(1, 2));
    out.console.error(new TypeError('t'));
    expect(out.lines).toEqual([
      { level: 'log', text: 'a 1 {"b":2}' },
      { level: 'warn', text: 'Uint8Array(2) [1, 2]' },
      { level: 'error', text: 'TypeError: t' },
    ]);
    expect(out.truncated()).toBe(false);
  });
  it('stops at its limits and says so', () => {
    const out = captureConsole();
    for (let i = 0; i < CONSOLE_LIMIT.lines + 50; i++) out.console.log(i);
    expect(out.lines).toHaveLength(CONSOLE_LIMIT.lines);
    expect(out.truncated()).toBe(true);
    const big = captureConsole();
    big.console.log('x'.repeat(CONSOLE_LIMIT.chars + 1));
    expect(big.lines).toHaveLength(0);
    expect(big.truncated()).toBe(true);
  });
});

describe('imports are checked before compiling', () => {
  it('finds every form of import, with its line, and nothing in comments or strings', () => {
    const code = [
      "import fs from 'fs';",
      '// import nope from "commented"',
      'const text = "import z from \'quoted\'";',
      "export * from 'path';",
      "import type { A } from 'typed';",
      "import 'side-effect';",
      "const later = () => import('os');",
      "const old = require('child_process');",
      "import { applyMask } from 'websocket-lab';",
    ].join('\n');
    expect(importedModules(code)).toEqual([
      { specifier: 'fs', line: 1 },
      { specifier: 'path', line: 4 },
      { specifier: 'typed', line: 5 },
      { specifier: 'side-effect', line: 6 },
      { specifier: 'os', line: 7 },
      { specifier: 'child_process', line: 8 },
      { specifier: 'websocket-lab', line: 9 },
    ]);
  });

  it('an unused import of a module the exercise cannot import is an error naming it and the modules that can be', () => {
    const run = () => evaluate("import fs from 'fs';\nexport const x = 1;\nexport * from \"path\";\n", captureConsole().console);
    expect(run).toThrow(/^Cannot import "fs" \(line 1\), "path" \(line 3\): the exercise can import only "websocket-lab", "websocket-lab\/lab" and "websocket-lab\/helpers"\.$/);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ name: 'ImportError' });
      expect((error as { learnerLine?: number }).learnerLine).toBeUndefined();
    }
  });

  it('the lab’s own modules pass, whether used or not', () => {
    expect(() => evaluate("import { sha1 } from 'websocket-lab/helpers';\nimport type { Frame } from 'websocket-lab';\nexport {};\n", captureConsole().console)).not.toThrow();
  });
});
