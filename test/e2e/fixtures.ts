/**
 * The shared Playwright fixture: every spec imports `test` and `expect` from here, so
 * any console error or uncaught page error fails the test that caused it.
 */
import { test as base, expect } from '@playwright/test';

/** Console messages and page errors seen during one test. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Stop failing on a message matching this (for a test that provokes an error on purpose). */
  allow(pattern: RegExp): void;
}

export const test = base.extend<{ problems: PageProblems }>({
  problems: [
    async ({ page }, use, testInfo) => {
      const allowed: RegExp[] = [];
      const problems: PageProblems = {
        consoleErrors: [],
        pageErrors: [],
        allow: (pattern) => allowed.push(pattern),
      };
      page.on('console', (message) => {
        if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
      await use(problems);
      const unexpected = [...problems.consoleErrors, ...problems.pageErrors].filter(
        (text) => !allowed.some((pattern) => pattern.test(text)),
      );
      if (unexpected.length > 0 && testInfo.status === testInfo.expectedStatus) {
        throw new Error(`The page logged ${unexpected.length} error(s):\n${unexpected.join('\n')}`);
      }
    },
    { auto: true },
  ],
});

export { expect };
