/**
 * `expect` for exercise checks: Vitest's own matchers (@vitest/expect on chai), the same
 * assertions and failure messages in the browser's worker and in CI.
 */
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** The matchers a check uses: `expect(actual).toEqual(expected)`, `.toBe`, `.toThrow`, … */
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as import('@vitest/expect').ExpectStatic;
