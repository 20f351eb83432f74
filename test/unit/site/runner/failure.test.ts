/** Failure messages as the learner reads them: what was expected and what came, nothing garbled, doubled or meant for the check's author. */
import { describe, expect as vitestExpect, it } from 'vitest';
import { defineChecks, expect, runChecks } from '../../../../site/runner/checks.ts';
import { show } from '../../../../site/runner/failure.ts';

type M = { key(): string; bytes(): Uint8Array; n(): number };

async function failureOf(run: (module: M) => void, module: Partial<M>) {
  const [result] = await runChecks(defineChecks<M>([{ name: 'one', run: ({ module }) => run(module) }]), module as M);
  return result!;
}

describe('failure messages', () => {
  it('a pattern with a slash in it is printed once, as written, and the values are not repeated beside it', async () => {
    const result = await failureOf((m) => void expect(m.key()).toMatch(/^[A-Za-z0-9+/]{27}=$/), { key: () => '' });
    vitestExpect(result).toMatchObject({ status: 'fail', message: 'expected "" to match /^[A-Za-z0-9+/]{27}=$/' });
    vitestExpect(result.expected).toBeUndefined();
    vitestExpect(result.actual).toBeUndefined();
  });

  it('toBe says what was expected without "// Object.is equality"', async () => {
    const result = await failureOf((m) => void expect(m.key()).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo='), { key: () => '' });
    vitestExpect(result.message).toBe('expected "" to be "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="');
  });

  it('drops the hint meant for the check’s author when only deep equality would pass', async () => {
    const result = await failureOf((m) => void expect(m.bytes()).toBe(Uint8Array.of(1)), { bytes: () => Uint8Array.of(1) });
    vitestExpect(result.message).not.toMatch(/toStrictEqual|Object\.is|serializes/);
  });

  it('bytes and objects go below the sentence, expected then received, shown once', async () => {
    const result = await failureOf((m) => void expect(m.bytes()).toEqual(Uint8Array.of(0x7f, 0x9f)), { bytes: () => Uint8Array.of(0x48, 0x65) });
    vitestExpect(result).toMatchObject({
      status: 'fail',
      message: 'expected the received value to deeply equal the expected value',
      expected: 'Uint8Array [0x7f, 0x9f]',
      actual: 'Uint8Array [0x48, 0x65]',
    });
  });

  it('a label given to expect starts the message', async () => {
    const result = await failureOf((m) => void expect(m.n(), 'the length').toBe(2), { n: () => 3 });
    vitestExpect(result.message).toBe('the length: expected 3 to be 2');
  });

  it('show prints patterns, bytes, strings and missing values readably', () => {
    vitestExpect([show(/a\/b/g), show(Uint8Array.of(1, 255)), show('x'), show(undefined), show(-0), show(10n)]).toEqual(['/a\\/b/g', 'Uint8Array [0x01, 0xff]', '"x"', 'undefined', '-0', '10n']);
  });
});

describe('missing and mistyped exports', () => {
  it('a missing export is named, even when the check catches the error it causes', async () => {
    const result = await failureOf((m) => void expect(() => m.n()).toThrow(), {});
    vitestExpect(result).toMatchObject({ status: 'error', message: vitestExpect.stringContaining('Your code does not export n.') });
  });

  it('an export that is not a function is named, not the check’s (possibly minified) variable', async () => {
    const [result] = await runChecks(defineChecks<M>([{ name: 'one', run: ({ module: e }) => void e.n() }]), { n: 5 } as unknown as M);
    vitestExpect(result).toMatchObject({ status: 'error', message: 'Your code exports n, but the check calls it and it is a number, not a function.' });
  });
});
