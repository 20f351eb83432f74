/**
 * The quiz island in Chromium: feedback and explanations, retry, every kind by mouse and
 * by keyboard, completion, and answers restored after a reload. A miss explains the answer
 * given without giving the right one away; the answer shows on request or after a second
 * miss, and progress records it as shown.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const question = (page: Page, id: string) => page.locator(`[data-question="${id}"]`);

async function openQuiz(page: Page, path = '/lessons/closing/') {
  await page.goto(path);
  const quiz = page.locator('[data-quiz]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Quiz"]')).not.toHaveAttribute('ssr', /.*/);
  return quiz;
}

/** Puts an order question right using only the keyboard (the Move up buttons). */
async function orderByKeyboard(page: Page, q: Locator, correct: string[]) {
  for (let target = 0; target < correct.length; target++) {
    const texts = await q.locator('.step__text').allTextContents();
    let at = texts.indexOf(correct[target]);
    expect(at).toBeGreaterThanOrEqual(target);
    if (at === target) continue;
    await q.getByRole('button', { name: `Move “${correct[target]}” up` }).focus();
    while (at > target) {
      await page.keyboard.press('Enter');
      at--;
      // Focus stays on the moved step's button.
      if (at > target) await expect(q.getByRole('button', { name: `Move “${correct[target]}” up` })).toBeFocused();
    }
  }
  await expect(q.locator('.step__text')).toHaveText(correct);
}

/** Answers every question of lesson 10 correctly. */
async function answerClosingQuiz(page: Page) {
  await question(page, 'close-payload-bye').getByRole('textbox').fill('0x03 0xE8 62 79 65');
  await question(page, 'close-payload-bye').getByRole('button', { name: 'Check' }).click();
  const never = question(page, 'never-sent');
  for (const code of ['1005', '1006', '1015']) await never.getByLabel(code).check();
  await never.getByRole('button', { name: 'Check' }).click();
  const order = question(page, 'client-initiated-close');
  await orderByKeyboard(page, order, [
    'The browser sends a masked Close frame with code 1000 and moves to readyState CLOSING.',
    'The server receives it and answers with its own Close frame, usually echoing 1000.',
    'The server closes the TCP connection.',
    'The browser sees the TCP connection close and fires close with wasClean true.',
  ]);
  await order.getByRole('button', { name: 'Check' }).click();
  await question(page, 'why-server-closes-tcp').getByLabel(/TIME_WAIT state is held by the server/).check();
  await question(page, 'why-server-closes-tcp').getByRole('button', { name: 'Check' }).click();
  const bits = question(page, 'close-opcode-bits');
  for (const offset of [4, 5, 6, 7]) {
    await bits.getByRole('button', { name: new RegExp(`^bit ${offset}, `) }).focus();
    await page.keyboard.press('Space');
  }
  await bits.getByRole('button', { name: 'Check' }).click();
  await question(page, 'tunnel-close-event').getByLabel('code 1006, wasClean false').check();
  await question(page, 'tunnel-close-event').getByRole('button', { name: 'Check' }).click();
}

const KEY = 'websocket-lab:progress:v1';
const savedQuiz = (page: Page, lesson: string) =>
  page.evaluate(([key, id]) => JSON.parse(localStorage.getItem(key) ?? '{}').lessons?.[id]?.quiz, [KEY, lesson] as const);

test('a wrong choice says why it is wrong without pointing at the right one; Try again, then the right answer is accepted', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'tunnel-close-event');
  await q.getByLabel('code 1000, wasClean true').check();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'wrong');
  await expect(q.getByRole('status')).toContainText('Not quite');
  // Only the option chosen explains itself; nothing marks the right one.
  await expect(q.locator('.option__explain')).toHaveCount(1);
  await expect(q.locator('.option--wrong')).toContainText('Not this one.');
  await expect(q.locator('.option--wrong')).toContainText('1000 needs a Close frame carrying it');
  await expect(q.locator('.option--right')).toHaveCount(0);
  await expect(q).not.toContainText('right too');
  await expect(q.getByRole('button', { name: 'Show the answer' })).toBeVisible();
  await expect(q.getByLabel('code 1006, wasClean false')).toBeDisabled();
  await q.getByRole('button', { name: 'Try again' }).click();
  await q.getByLabel('code 1006, wasClean false').check();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'correct');
  await expect(q.getByRole('status')).toHaveText('Correct.');
  await expect(page.getByTestId('quiz-summary')).toContainText('1 of 6');
});

test('type the bytes: malformed hex gets a message, not a wrong answer; a wrong byte is pointed out', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'close-payload-bye');
  const input = q.getByRole('textbox');
  await input.fill('03 e8 6g');
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q.getByRole('status')).toContainText('“6g” is not hex');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toBeEditable();
  await input.fill('03 e8 62 79 66');
  await input.press('Enter');
  await expect(q.getByRole('status')).toContainText('Byte 5 (66) is not right');
  // A nudge, not the answer.
  await expect(q).toContainText('Hint: The code comes first');
  await expect(q).not.toContainText('03 e8 62 79 65');
  // A second miss shows the answer, and why.
  await q.getByRole('button', { name: 'Try again' }).click();
  await input.fill('03 e8 62 79 64');
  await input.press('Enter');
  await expect(q).toHaveAttribute('data-status', 'revealed');
  await expect(q.getByRole('status')).toContainText('Not quite again, so here is the answer');
  await expect(q).toContainText('The answer: 03 e8 62 79 65');
  expect(await savedQuiz(page, 'closing')).toMatchObject({ correct: [], revealed: ['close-payload-bye'] });
});

test('Show the answer shows it with every explanation, and progress records it as shown, not answered', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'tunnel-close-event');
  await q.getByLabel('code 1000, wasClean true').check();
  await q.getByRole('button', { name: 'Check' }).click();
  await q.getByRole('button', { name: 'Show the answer' }).click();
  await expect(q).toHaveAttribute('data-status', 'revealed');
  await expect(q.locator('.option__explain')).toHaveCount(4);
  await expect(q.locator('.option--right')).toContainText('This one is right too.');
  await expect(q.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page.getByTestId('quiz-summary')).toContainText('0 of 6 correct, 1 answer shown');
  expect(await savedQuiz(page, 'closing')).toMatchObject({ correct: [], revealed: ['tunnel-close-event'] });
  await expect(page.locator('.lesson-status--panel [data-progress-lines]')).toContainText('1 answer was shown rather than found.');

  await page.reload();
  await openQuiz(page);
  await expect(question(page, 'tunnel-close-event')).toHaveAttribute('data-status', 'revealed');
  // Answering it afterwards counts, and the record still says the answer was shown.
  await page.getByRole('button', { name: 'Retry the questions I missed' }).click();
  await q.getByLabel('code 1006, wasClean false').check();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'correct');
  expect(await savedQuiz(page, 'closing')).toMatchObject({ correct: ['tunnel-close-event'], revealed: ['tunnel-close-event'] });
});

test('after a miss, an order question says which steps are in place, not where the others belong', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'client-initiated-close');
  // The steps start shuffled, never in order.
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'wrong');
  await expect(q.getByRole('status')).toContainText('out of place');
  await expect(q.locator('.step__mark').filter({ hasText: 'out of place' }).first()).toBeVisible();
  await expect(q).not.toContainText('belongs at');
  await q.getByRole('button', { name: 'Show the answer' }).click();
  await expect(q.locator('.step__mark').filter({ hasText: 'belongs at' }).first()).toBeVisible();
});

test('click the bit: after a miss the stray bits are marked, the missing ones are not', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'close-opcode-bits');
  await q.getByRole('button', { name: /^bit 0, / }).click();
  await q.getByRole('button', { name: /^bit 4, / }).click();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'wrong');
  await expect(q.locator('.bit--wrong')).toHaveCount(1);
  await expect(q.getByRole('button', { name: /^bit 0, .*not asked for$/ })).toBeVisible();
  await expect(q.locator('.bit--right')).toHaveCount(0);
});

test('a saved order answer with a step twice is set aside: the question starts afresh and nothing breaks', async ({ page }) => {
  await page.addInitScript((key) => {
    const quiz = { answers: { 'upgrade-steps': { kind: 'order', order: [0, 0, 0, 0] } }, correct: [], total: 5, passed: false, updatedAt: '2026-01-01T00:00:00.000Z' };
    localStorage.setItem(key, JSON.stringify({ version: 1, lessons: { 'why-websocket': { quiz } } }));
  }, KEY);
  await openQuiz(page, '/lessons/why-websocket/');
  const q = question(page, 'upgrade-steps');
  await expect(q).toHaveAttribute('data-status', 'unanswered');
  const steps = await q.locator('.step__text').allTextContents();
  expect(steps).toHaveLength(4);
  expect(new Set(steps).size).toBe(4);
});

test('click the bit: the header is drawn from the frame, and a wrong selection is explained', async ({ page }) => {
  await openQuiz(page);
  const q = question(page, 'close-opcode-bits');
  // 2 header bytes and a 4-byte masking key, bit by bit.
  await expect(q.getByRole('button', { name: /^bit \d+, / })).toHaveCount(48);
  await expect(q.getByRole('button', { name: /^bit 0, FIN/ })).toHaveText('1');
  await q.getByRole('button', { name: /^bit 0, / }).click();
  await expect(q.getByRole('button', { name: /^bit 0, / })).toHaveAttribute('aria-pressed', 'true');
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q.getByRole('status')).toContainText('4 bits missing; 1 selected bit does not belong');
});

test('completing the quiz completes the lesson, and everything survives a reload', async ({ page }) => {
  await openQuiz(page);
  const panel = page.locator('.lesson-status--panel');
  await expect(panel.locator('[data-progress-state]')).toHaveText('In progress'); // visited
  await answerClosingQuiz(page);
  await expect(page.getByTestId('quiz-summary')).toContainText('All 6 correct — quiz passed');
  await expect(panel).toHaveAttribute('data-state', 'complete');
  await expect(panel.locator('[data-progress-state]')).toHaveText('Lesson complete.');

  await page.reload();
  await openQuiz(page);
  await expect(page.locator('[data-question]')).toHaveCount(6);
  for (const q of await page.locator('[data-question]').all()) await expect(q).toHaveAttribute('data-status', 'correct');
  await expect(question(page, 'close-payload-bye').getByRole('textbox')).toHaveValue('0x03 0xE8 62 79 65');
  await expect(page.getByTestId('quiz-summary')).toContainText('quiz passed');

  await page.goto('/lessons/');
  await expect(page.locator('.lesson-status--badge[data-progress-lesson="closing"]')).toHaveAttribute('data-state', 'complete');
  await expect(page.locator('.lesson-status--badge[data-progress-lesson="closing"]')).toHaveText('Complete');
  await expect(page.locator('[data-course-progress-text]')).toHaveText('1 of 22 lessons complete');
});

test('Retry clears only the missed questions', async ({ page }) => {
  await openQuiz(page);
  await question(page, 'tunnel-close-event').getByLabel('code 1006, wasClean false').check();
  await question(page, 'tunnel-close-event').getByRole('button', { name: 'Check' }).click();
  await question(page, 'why-server-closes-tcp').getByLabel('Because browsers cannot close TCP connections').check();
  await question(page, 'why-server-closes-tcp').getByRole('button', { name: 'Check' }).click();
  await page.getByRole('button', { name: 'Retry the questions I missed' }).click();
  await expect(question(page, 'why-server-closes-tcp')).toHaveAttribute('data-status', 'unanswered');
  await expect(question(page, 'why-server-closes-tcp').getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(question(page, 'tunnel-close-event')).toHaveAttribute('data-status', 'correct');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the quiz has no serious accessibility problems (${scheme}), answered and not`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openQuiz(page, '/lessons/why-websocket/');
    await page.locator('[data-question]').first().locator('input').first().check();
    await page.locator('[data-question]').first().getByRole('button', { name: 'Check' }).click();
    const results = await new AxeBuilder({ page }).include('.lesson-quiz').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
