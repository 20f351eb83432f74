/**
 * Every exercise, checked in CI with the same harness the page uses: its solution passes
 * every check, its starter fails at least one, and each `wrong-*.ts` — a common mistake —
 * fails the check its header names (`Fails: "check name"`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../site/runner/checks.ts';
import { runExercise } from '../../site/runner/run-exercise.ts';

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

/**
 * Runs a file of learner code as the page's worker does: against every check, or only the
 * one named (each check runs in a fresh lab on a fresh instance of the code, so a check's
 * result is the same alone as among the others).
 */
async function check(folder: string, file: string, only?: string) {
  const checks: Check<unknown>[] = (await load(join(folder, 'checks.ts'))).default;
  const chosen = only === undefined ? checks : checks.filter((c) => c.name === only);
  if (chosen.length === 0) throw new Error(`${folder}/checks.ts has no check named "${only}"`);
  const outcome = await runExercise(readFileSync(join(folder, file), 'utf8'), chosen, { seed: 1 });
  if (outcome.kind !== 'checked') throw new Error(`${folder}/${file} did not run: ${outcome.message} (line ${outcome.line})`);
  return outcome.results;
}

/** The check a wrong answer must fail, from its header: `Fails: "…"`. */
function failsCheck(folder: string, file: string): string | undefined {
  return /Fails:\s*"(.+)"\s*$/m.exec(readFileSync(join(folder, file), 'utf8'))?.[1];
}

const folders = exerciseFolders();

it('finds the exercises', () => {
  expect(folders.length).toBeGreaterThanOrEqual(2);
});

describe.each(folders.map((folder) => [relative('lessons', folder), folder]))('%s', (_, folder) => {
  const wrong = readdirSync(folder).filter((file) => /^wrong-.+\.ts$/.test(file)).sort();

  it('has a starter, a solution, checks (visible and hidden) and at least one common wrong answer', async () => {
    for (const file of ['starter.ts', 'solution.ts', 'checks.ts']) expect(existsSync(join(folder, file)), `${folder}/${file}`).toBe(true);
    const checks: Check[] = (await load(join(folder, 'checks.ts'))).default;
    expect(checks.some((c) => c.hidden)).toBe(true);
    expect(checks.some((c) => !c.hidden)).toBe(true);
    expect(new Set(checks.map((c) => c.name)).size).toBe(checks.length);
    expect(wrong.length, `${folder} has no wrong-*.ts`).toBeGreaterThan(0);
    for (const file of wrong) {
      const name = failsCheck(folder, file);
      expect(name, `${file} names the check it fails with Fails: "…"`).toBeDefined();
      expect(checks.map((c) => c.name), `${file} names a check that exists`).toContain(name);
    }
  });

  it('the solution passes every check', async () => {
    const results = await check(folder, 'solution.ts');
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('the starter fails at least one check', async () => {
    const results = await check(folder, 'starter.ts');
    expect(results.some((r) => r.status !== 'pass')).toBe(true);
  });

  it.each(wrong)('%s fails the check named for its mistake', async (file) => {
    const name = failsCheck(folder, file);
    const results = await check(folder, file, name);
    const named = results.find((r) => r.name === name);
    expect(named, `${file} was checked`).toBeDefined();
    expect(named?.status, `${file}: ${JSON.stringify(named)}`).not.toBe('pass');
  });
});
