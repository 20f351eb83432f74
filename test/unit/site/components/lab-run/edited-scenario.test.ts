import { describe, expect, it } from 'vitest';
import * as authoring from '../../../../../site/authoring.ts';
import { EDITED_FILE, codeError, editedLine, evaluateScenario, importableBy, resolveFrom, scenarioScope } from '../../../../../site/components/lab-run/edited-scenario.ts';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import { fingerprint } from '../../../../../site/components/lab-run/rows.ts';
import { ECHO_SCENARIO, echoSource, editedEcho, lineOf, scenarioSource } from '../../../../fixtures/edited-echo.ts';

const ECHO = ECHO_SCENARIO;
const original = scenarioSource;
const prefixed = editedEcho;

async function runEdited(source: string, id = ECHO, seed = 1): Promise<RunResult> {
  const scope = await scenarioScope(id, original(id), authoring as unknown as Record<string, unknown>);
  const scenario = evaluateScenario(source, scope);
  return executeScenario(scenario, { seed, faults: { latency: 5 }, params: {} }, undefined, { lineOf: editedLine });
}

const serverTexts = (result: RunResult) => result.rows.filter((row) => row.kind === 'frame' && row.direction === 'server→client').map((row) => row.summary);

describe('an edited scenario', () => {
  it('runs through the evaluator and its changed behaviour shows in the timeline', async () => {
    expect(prefixed).not.toBe(echoSource);
    const result = await runEdited(prefixed);
    expect(serverTexts(result)).toContain('Text “you said: hello”');
    expect(serverTexts(result)).not.toContain('Text “hello”');
    expect(result.codeErrors).toEqual([]);
  });

  it('replays exactly: the same edited code, seed and faults give the same wire log', async () => {
    const [a, b] = [await runEdited(prefixed, ECHO, 9), await runEdited(prefixed, ECHO, 9)];
    expect(fingerprint(a.rows)).toBe(fingerprint(b.rows));
    expect(a.rows).toEqual(b.rows);
  });

  it('a syntax error reports its line of the edited source', async () => {
    const broken = prefixed.replace("faults: { latency: 5 },", "faults: { latency: 5 } 'oops',");
    const failure = await runEdited(broken).then(() => undefined, codeError);
    expect(failure?.message).toMatch(/SyntaxError/);
    expect(failure?.line).toBe(lineOf(broken, "'oops'"));
  });

  it('an exception thrown by the server code at run time is reported with its line, and the run still ends', async () => {
    const throwing = prefixed.replace('await ws.accept();', "await ws.accept();\n    throw new Error('server broke');");
    const result = await runEdited(throwing);
    expect(result.codeErrors).toEqual([{ message: 'Error: server broke', line: lineOf(throwing, "throw new Error('server broke')") }]);
    const note = result.rows.find((row) => row.kind === 'note' && row.summary.includes('server broke'));
    expect(note?.summary).toContain(`(line ${lineOf(throwing, "throw new Error('server broke')")} of your code)`);
  });

  it('an exception thrown by the page’s script is reported with its line', async () => {
    const throwing = prefixed.replace("socket.binaryType = 'arraybuffer';", "socket.binaryType = 'arraybuffer';\n    if (socket) throw new TypeError('page broke');");
    const result = await runEdited(throwing);
    expect(result.codeErrors?.[0]).toEqual({ message: 'TypeError: page broke', line: lineOf(throwing, "throw new TypeError('page broke')") });
  });

  it('an exception while the module itself runs is reported with its line', async () => {
    const throwing = prefixed.replace('export default', "const oops = (null as unknown as { x: number }).x;\nexport default");
    const failure = await runEdited(throwing).then(() => undefined, codeError);
    expect(failure?.message).toMatch(/TypeError/);
    expect(failure?.line).toBe(lineOf(throwing, 'const oops'));
  });

  it('refuses a module the original does not import, naming what may be imported', async () => {
    const sneaky = `import { readFileSync } from 'node:fs';\n${prefixed}`;
    const failure = await runEdited(sneaky).then(() => undefined, codeError);
    expect(failure?.message).toBe('ImportError: Cannot import "node:fs" (line 1): a lab scenario can import only "#authoring".');
  });

  it('may import what the original imports: a lesson’s other lab file, a package', async () => {
    expect(importableBy(original('03-lifecycle/09-heartbeats/lab/heartbeat'))).toEqual(['#authoring', './idle-proxy.ts']);
    expect(resolveFrom('03-lifecycle/09-heartbeats/lab/heartbeat', './idle-proxy.ts')).toBe('/lessons/03-lifecycle/09-heartbeats/lab/idle-proxy.ts');
    const id = '03-lifecycle/09-heartbeats/lab/heartbeat';
    const result = await runEdited(original(id), id);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.codeErrors).toEqual([]);
    const msgpack = '04-servers/15-subprotocols/lab/json-vs-msgpack';
    const scope = await scenarioScope(msgpack, original(msgpack), authoring as unknown as Record<string, unknown>);
    expect(Object.keys(scope.modules)).toContain('@msgpack/msgpack');
  });

  it('may import the shared code beside a lesson’s scenarios (lab-kit/), and runs as the original does', async () => {
    const id = '05-practice/20-django-channels/lab/in-memory-two-processes';
    expect(importableBy(original(id))).toEqual(['#authoring', '../lab-kit/channels.ts', '../lab-kit/chat-consumer.ts']);
    expect(resolveFrom(id, '../lab-kit/channels.ts')).toBe('/lessons/05-practice/20-django-channels/lab-kit/channels.ts');
    const edited = await runEdited(original(id), id);
    expect(edited.codeErrors).toEqual([]);
    const scenario = (await import('../../../../../lessons/05-practice/20-django-channels/lab/in-memory-two-processes.ts')).default;
    const unedited = await executeScenario(scenario, { seed: 1, faults: { latency: 5 }, params: {} });
    expect(fingerprint(edited.rows)).toBe(fingerprint(unedited.rows));
  });

  it('names its file in stack traces, so lines are read from the edited source only', () => {
    const error = new Error('x');
    error.stack = `Error: x\n    at handler (${EDITED_FILE}:12:5)\n    at lib/lab/server.ts:80:3`;
    expect(editedLine(error)).toBe(12);
  });
});
