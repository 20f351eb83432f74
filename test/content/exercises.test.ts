/**
 * Every exercise, checked in CI with the same harness the page uses: its solution passes
 * every check, and its starter fails at least one.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChecks, type Check } from '../../site/runner/checks.ts';
import { createRunContext } from '../../site/runner/context.ts';
import { captureConsole, evaluate } from '../../site/runner/evaluate.ts';
import { readFileSync } from 'node:fs';

function exerciseFolders(dir = 'lessons'): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'exercise') found.push(path);
    else found.push(...exerciseFolders(path));
  }
  return found.sort();
}

const load = async (file: string) => import(pathToFileURL(join(process.cwd(), file)).href);
/** Runs learner code as the page's worker does: transpiled, with the lab's WebSocket, checks seeing the lab. */
async function check(folder: string, file: 'solution.ts' | 'starter.ts') {
  const checks: Check[] = (await load(join(folder, 'checks.ts'))).default;
  const context = createRunContext();
  const module = evaluate(readFileSync(join(folder, file), 'utf8'), captureConsole().console, context.globals);
  return runChecks(checks, module, context.lab);
}
const folders = exerciseFolders();

it('finds the exercises', () => {
  expect(folders.length).toBeGreaterThanOrEqual(2);
});

describe.each(folders.map((folder) => [relative('lessons', folder), folder]))('%s', (_, folder) => {
  it('has a starter, a solution and checks, visible and hidden', async () => {
    for (const file of ['starter.ts', 'solution.ts', 'checks.ts']) expect(existsSync(join(folder, file)), `${folder}/${file}`).toBe(true);
    const checks: Check[] = (await load(join(folder, 'checks.ts'))).default;
    expect(checks.some((c) => c.hidden)).toBe(true);
    expect(checks.some((c) => !c.hidden)).toBe(true);
    expect(new Set(checks.map((c) => c.name)).size).toBe(checks.length);
  });

  it('the solution passes every check', async () => {
    const results = await check(folder, 'solution.ts');
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('the starter fails at least one check', async () => {
    const results = await check(folder, 'starter.ts');
    expect(results.some((r) => r.status !== 'pass')).toBe(true);
  });
});
