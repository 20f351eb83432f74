import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';

type Outcome = { kind: string; message?: string; results?: Array<{ status: string }> };

/** What the learner's code tried, and how it ended, run in a locked-down process. */
async function attempt(attempts: Record<string, string>): Promise<Record<string, Outcome>> {
  const { stdout } = await promisify(execFile)(process.execPath, [inject('bundles').sandboxChild, JSON.stringify(attempts)], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('the exercise sandbox: learner code gets only what it is given', () => {
  // Run in the tests' time rather than while the file is collected, so the run's order
  // (longest files first, by the last run's times) sees what this file costs.
  let results: Record<string, Outcome> = {};
  beforeAll(async () => {
    results = await attempt({
      fetchThroughThePrototype: `export const r = Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'fetch').value.call(self, '/x');`,
      storage: `export const r = navigator.storage.getDirectory();`,
      aFreshWorker: `export const r = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'])));`,
      webTransport: `export const r = new WebTransport('https://example.com');`,
      postAFakeVerdict: `self.postMessage({ kind: 'checked', results: [] }); export const r = 1;`,
      globalPostMessage: `globalThis.postMessage({ kind: 'checked', results: [] }); export const r = 1;`,
      theFunctionConstructor: `export const r = (function () {}).constructor('return this')().postMessage;`,
      patchObjectIs: `Object.is = () => true; export const r = 1;`,
      patchStringMatch: `String.prototype.match = () => ['x']; export const r = 1;`,
      patchArrayPush: `Array.prototype.push = function () { return 0; }; export const r = 1;`,
      patchTheLab: `import { LabWebSocketBase } from 'websocket-lab/lab'; LabWebSocketBase.prototype.send = () => undefined; export const r = 1;`,
      patchEvents: `Object.defineProperty(MessageEvent.prototype, 'data', { get() { return 'fake'; } }); export const r = 1;`,
      fine: `export const r = new TextEncoder().encode('ok').length + Math.max(1, 2);`,
    });
  }, 60_000);

  it.each([
    'fetchThroughThePrototype', 'storage', 'aFreshWorker', 'webTransport', 'postAFakeVerdict', 'globalPostMessage', 'theFunctionConstructor',
  ])('%s: the global is not there, so the attempt throws', (name) => {
    expect(results[name]).toMatchObject({ kind: 'threw', message: expect.stringMatching(/^TypeError: /) });
  });

  it.each(['patchObjectIs', 'patchStringMatch', 'patchArrayPush', 'patchTheLab', 'patchEvents'])('%s: what the checks use is frozen, so the attempt throws', (name) => {
    expect(results[name]).toMatchObject({ kind: 'threw', message: expect.stringMatching(/^TypeError: Cannot (assign to read only property|redefine property)/) });
  });

  it('ordinary code still runs and is checked', () => {
    expect(results.fine).toMatchObject({ kind: 'checked', results: [{ status: 'pass' }] });
  });
});
