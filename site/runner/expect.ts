/**
 * `expect` for exercise checks: Vitest's own matchers (@vitest/expect on chai), the same
 * assertions in the browser's worker and in CI.
 *
 * A failed assertion also keeps its parts — chai's message template
 * ("expected #{this} to match #{exp}"), the value it tested and its label — so the runner
 * writes the learner's message itself (site/runner/failure.ts) instead of passing on chai's,
 * which misprints a pattern containing "/" and ends in "// Object.is equality".
 */
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** What a failed assertion keeps for the runner's message. */
export interface AssertionParts {
  /** chai's template, with `#{this}`, `#{act}` and `#{exp}` for the values. */
  template: string;
  /** The value under test (`#{this}`). */
  subject: unknown;
  /** The label given as `expect(value, label)`, if any. */
  label?: string;
}

type Assert = (this: object, ...args: unknown[]) => unknown;
const prototype = chai.Assertion.prototype as unknown as { assert: Assert };
const assert = prototype.assert;
prototype.assert = function (this: object, ...args: unknown[]) {
  try {
    return assert.apply(this, args);
  } catch (error) {
    if (error instanceof Error && error.name === 'AssertionError' && !('labParts' in error)) {
      const raw = chai.util.flag(this, 'negate') ? args[2] : args[1];
      const template = typeof raw === 'function' ? (raw as () => unknown)() : raw;
      if (typeof template === 'string') {
        const label = chai.util.flag(this, 'message') as unknown;
        const parts: AssertionParts = { template, subject: chai.util.flag(this, 'object'), ...(typeof label === 'string' ? { label } : {}) };
        Object.defineProperty(error, 'labParts', { value: parts });
      }
    }
    throw error;
  }
};

/** The matchers a check uses: `expect(actual).toEqual(expected)`, `.toBe`, `.toThrow`, … */
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as import('@vitest/expect').ExpectStatic;
