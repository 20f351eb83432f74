/**
 * Answers a lesson's quiz in the page with the answers its author marked right in the
 * frontmatter, so a test proves the quiz the learner sees accepts them — for any lesson.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { parse } from 'yaml';
import { expect } from './fixtures.ts';

interface Question {
  kind: 'single' | 'multiple' | 'bytes' | 'order' | 'bits';
  id: string;
  options?: { text: string; correct?: boolean }[];
  answer?: string | number[];
  steps?: { text: string }[];
}

/** The quiz questions in a lesson's index.mdx frontmatter. */
export function quizOf(file: string): Question[] {
  const source = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---/.exec(source);
  if (!match) throw new Error(`${file} has no frontmatter`);
  return (parse(match[1]) as { quiz: Question[] }).quiz;
}

/** Moves the steps of an "order" question into `correct` order with its Move up buttons. */
export async function putInOrder(q: Locator, correct: string[]) {
  for (let target = 0; target < correct.length; target++) {
    let at = (await q.locator('.step__text').allTextContents()).indexOf(correct[target]);
    expect(at).toBeGreaterThanOrEqual(target);
    for (; at > target; at--) await q.getByRole('button', { name: `Move “${correct[target]}” up` }).click();
  }
  await expect(q.locator('.step__text')).toHaveText(correct);
}

/** Answers every question of the lesson's quiz correctly and checks each; expects the quiz passed. */
export async function passQuiz(page: Page, file: string) {
  const quiz = page.locator('[data-quiz]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Quiz"]')).not.toHaveAttribute('ssr', /.*/);
  const questions = quizOf(file);
  for (const question of questions) {
    const q = page.locator(`[data-question="${question.id}"]`);
    switch (question.kind) {
      case 'single':
      case 'multiple':
        for (const option of question.options ?? []) if (option.correct) await q.getByLabel(option.text, { exact: true }).check();
        break;
      case 'bytes':
        await q.getByRole('textbox').fill(String(question.answer));
        break;
      case 'order':
        await putInOrder(q, (question.steps ?? []).map((s) => s.text));
        break;
      case 'bits':
        for (const offset of question.answer as number[]) await q.getByRole('button', { name: new RegExp(`^bit ${offset}, `) }).click();
        break;
    }
    await q.getByRole('button', { name: 'Check' }).click();
    await expect(q, question.id).toHaveAttribute('data-status', 'correct');
  }
  await expect(page.getByTestId('quiz-summary')).toContainText(`All ${questions.length} correct — quiz passed`);
}
