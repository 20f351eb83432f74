/** What several lesson specs share: waiting for an island, accessibility scans, page width. */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Scrolls an island into view (they hydrate when visible) and waits until it has hydrated. */
export async function hydrated(page: Page, component: string): Promise<Locator> {
  const island = page.locator(`astro-island[component-url*="${component}"]`);
  // An island is display: contents, so scroll its first element into view.
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView({ block: 'center' }));
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  return island;
}

/** No WCAG 2 A or AA violation of any impact inside `selector`. */
export async function expectWcagClean(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** No serious or critical axe finding (WCAG 2.1 AA and best practice) inside `selector`. */
export async function expectNoSeriousFindings(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The page is no wider than the screen (`what` names it in a failure). */
export async function expectNoHorizontalScroll(page: Page, what = 'the page is wider than the screen') {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, what).toBeLessThanOrEqual(clientWidth);
}

/** Scrolls to a lab run on the page (`scenario` as in `<LabRun scenario="…">`) and waits for its first run to finish. */
export async function ranLabRun(page: Page, scenario: string): Promise<Locator> {
  const lab = page.locator(`[data-lab-run="${scenario}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 20_000 });
  return lab;
}

/**
 * The text of every row of a run's timeline, in order, with runs of white space as one
 * space. The list renders only the rows in view, so this scrolls it from top to bottom and
 * gathers each row once.
 */
export async function timelineTexts(lab: Locator): Promise<string[]> {
  return lab.getByRole('listbox').evaluate(async (list) => {
    const seen = new Map<number, string>();
    for (let y = 0; ; y += Math.max(1, list.clientHeight / 2)) {
      list.scrollTop = y;
      list.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      for (const option of list.querySelectorAll('[role="option"]')) {
        const index = Number(/-row-(\d+)$/.exec(option.id)?.[1]);
        seen.set(index, (option.textContent ?? '').replace(/\s+/g, ' ').trim());
      }
      if (y >= list.scrollHeight) break;
    }
    list.scrollTop = 0;
    return [...seen].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  });
}

/** The exercise's plain text editor. */
export const exerciseEditor = (page: Page) => page.getByRole('textbox', { name: /Your code/ });

/** Opens the page at `path`, scrolls to its exercise, waits for it to hydrate and switches to the plain editor. */
export async function openPlainExercise(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  const exercise = page.getByTestId('exercise');
  await exercise.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
  await exercise.getByRole('button', { name: 'Plain text editor' }).click();
  await expect(exerciseEditor(page)).toBeVisible();
  return exercise;
}

/**
 * Runs the exercise's checks with the code in its editor and waits for the verdict. The
 * runner stops learner code after 5 s of real time; the wait only allows for a slow machine.
 */
export async function runChecks(exercise: Locator, verdict: 'pass' | 'fail'): Promise<void> {
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  const banner = exercise.page().getByTestId('exercise-banner');
  await expect(banner).toContainText(verdict === 'pass' ? 'All checks pass' : 'Some checks failed', { timeout: 30_000 });
}

/** Nothing inside the page's main content reaches past the screen's right edge, except what scrolls inside its own box (code, tables). */
export async function expectNothingOverflows(page: Page) {
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((el) => !el.closest('pre, .code-tabs__list, table, .sr-only, .figure__body'))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  );
  expect(overflowing).toEqual([]);
}
