/** Progress across pages: continue link, export and import, reset with confirmation, corrupt data. */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, openPlainExercise } from './page-helpers.ts';

const KEY = 'websocket-lab:progress:v1';
const passedClosing = {
  version: 1,
  lessons: {
    closing: { quiz: { answers: {}, correct: ['a'], total: 1, passed: true, updatedAt: '2026-01-01T00:00:00.000Z' }, lastVisited: '2026-01-01T00:00:00.000Z' },
  },
};

test('the home page continues where the learner left off', async ({ page }) => {
  await page.goto('/');
  const cont = page.locator('a[data-continue]');
  await expect(cont).toContainText('Start lesson 1: Why WebSocket');
  await page.goto('/lessons/closing/');
  await expect(page.locator('.lesson-status--panel')).toHaveAttribute('data-state', 'in-progress');
  await page.goto('/');
  await expect(cont).toContainText('Continue with lesson 10: Closing');
  await expect(cont).toHaveAttribute('href', '/lessons/closing/');
});

test('export to a file, reset with confirmation, import the file back', async ({ page }) => {
  await page.addInitScript(([key, value]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, value);
      sessionStorage.setItem('seeded', '1');
    }
  }, [KEY, JSON.stringify(passedClosing)] as const);
  await page.goto('/progress/');
  const badge = page.locator('.lesson-status--badge[data-progress-lesson="closing"]');
  await expect(badge).toHaveAttribute('data-state', 'complete');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export to a file' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await readFile(file, 'utf8'));
  expect(exported.lessons.closing.quiz.passed).toBe(true);

  // Reset asks first; keeping changes nothing.
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset all progress?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(badge).toHaveAttribute('data-state', 'complete');
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await expect(badge).toHaveAttribute('data-state', 'not-started');
  await expect(page.getByRole('status').filter({ hasText: 'reset' })).toBeVisible();

  // A file that is not progress changes nothing.
  await page.locator('[data-progress-import]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await expect(page.locator('[data-progress-message]')).toContainText('not WebSocket Lab progress');
  await expect(badge).toHaveAttribute('data-state', 'not-started');

  await page.locator('[data-progress-import]').setInputFiles(file);
  await expect(page.locator('[data-progress-message]')).toContainText('progress for 1 lesson');
  await expect(badge).toHaveAttribute('data-state', 'complete');
  await page.reload();
  await expect(badge).toHaveAttribute('data-state', 'complete');
});

test('corrupt saved data is set aside with a notice, and the page still works', async ({ page }) => {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, '{"version":1,"lessons":{"closing":{"quiz":"broken"');
      sessionStorage.setItem('seeded', '1');
    }
  }, KEY);
  await page.goto('/lessons/closing/');
  const notice = page.locator('[data-progress-notice]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('could not be read (it is not valid JSON)');
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download the old data' }).click();
  expect(await readFile(await (await download).path(), 'utf8')).toBe('{"version":1,"lessons":{"closing":{"quiz":"broken"');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  // The quiz works and saves afresh.
  const q = page.locator('[data-question="tunnel-close-event"]');
  await q.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Quiz"]')).not.toHaveAttribute('ssr', /.*/);
  await q.getByLabel('code 1006, wasClean false').check();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'correct');
  await page.reload();
  await expect(notice).toBeHidden();
  expect(JSON.parse((await page.evaluate((key) => localStorage.getItem(key), KEY))!).lessons.closing.quiz.correct).toEqual(['tunnel-close-event']);
});

test('the course has all 22 lessons written; with every one complete, the totals and "continue" say so', async ({ page }) => {
  await page.goto('/progress/');
  const entries = JSON.parse((await page.locator('script[data-course-lessons]').textContent())!) as { slug: string; hasExercise: boolean }[];
  const coming = Number(await page.locator('script[data-course-lessons]').getAttribute('data-coming'));
  expect(entries).toHaveLength(22);
  expect(coming).toBe(0);
  const at = '2026-01-01T00:00:00.000Z';
  const all = {
    version: 1,
    lessons: Object.fromEntries(entries.map((l) => [l.slug, {
      quiz: { answers: {}, correct: [], total: 1, passed: true, updatedAt: at },
      ...(l.hasExercise ? { exercise: { passed: true, updatedAt: at } } : {}),
      lastVisited: at,
    }])),
  };
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, JSON.stringify(all)] as const);
  for (const path of ['/progress/', '/lessons/', '/']) {
    await page.goto(path);
    await expect(page.locator('[data-course-progress-text]')).toHaveText('22 of 22 lessons complete');
    await expect(page.locator('a[data-continue]')).toContainText('Every lesson is complete');
    await expect(page.locator('a[data-continue]')).not.toContainText('coming');
  }
  await page.goto('/lessons/');
  await expect(page.locator('.course-map .lesson-card--coming')).toHaveCount(0);
  await expect(page.locator('.course-map a.lesson-card__title')).toHaveCount(22);
});

test('the progress file holds the exercise code; reset deletes it and says so; a bad file loses nothing', async ({ page }) => {
  const CODE_KEY = 'websocket-lab:code:v1:payload-length';
  await page.goto('/progress/');
  await page.evaluate(([key, codeKey, value]) => {
    localStorage.setItem(key, value);
    localStorage.setItem(codeKey, '// my own attempt\n');
  }, [KEY, CODE_KEY, JSON.stringify(passedClosing)] as const);
  await page.reload();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export to a file' }).click();
  const file = await (await download).path();
  expect(JSON.parse(await readFile(file, 'utf8')).code).toEqual({ 'payload-length': '// my own attempt\n' });

  // A file with broken code is refused with the reason; the saved code stays.
  const broken = JSON.stringify({ version: 1, lessons: {}, code: { 'payload-length': 7 } });
  await page.locator('[data-progress-import]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await expect(page.locator('[data-progress-message]')).toHaveText("This file is not WebSocket Lab progress: code.payload-length should be the exercise's code, as text. Your progress and code are unchanged.");
  expect(await page.evaluate((k) => localStorage.getItem(k), CODE_KEY)).toBe('// my own attempt\n');

  await page.getByRole('button', { name: 'Reset progress…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset all progress?' });
  await expect(dialog).toContainText('the code you wrote in each exercise is deleted');
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('[data-progress-message]')).toContainText('exercise code were reset');
  expect(await page.evaluate((k) => localStorage.getItem(k), CODE_KEY)).toBeNull();

  await page.locator('[data-progress-import]').setInputFiles(file);
  await expect(page.locator('[data-progress-message]')).toContainText('progress for 1 lesson and your code for 1 exercise');
  expect(await page.evaluate((k) => localStorage.getItem(k), CODE_KEY)).toBe('// my own attempt\n');
  await openPlainExercise(page, '/lessons/payload-length/');
  await expect(exerciseEditor(page)).toHaveValue('// my own attempt\n');
});
