/**
 * The frame builder names where a receiver fails a text frame that is not UTF-8: the first
 * byte no valid UTF-8 can have there — in a non-final fragment too (fail fast) — or the end of
 * a final frame that stops inside a character.
 */
import { describe, expect, it } from 'vitest';
import { explainFrame } from '../../../../../lib/index.ts';
import { firstInvalidUtf8, viewFrame } from '../../../../../site/components/frame/frame-builder-model.ts';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const codes = (bytes: Uint8Array) => explainFrame(bytes, { role: 'client' }).violations.map((v) => v.code);

describe('where a text frame stops being UTF-8', () => {
  it('a valid frame has no failure', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('Zürich → 東京 🚄'))).toBeUndefined();
    expect(viewFrame(hex('81 02 c3 bc'), 'server').utf8Failure).toBeUndefined();
  });

  it('names the first impossible byte: e6 9d ff is byte 2, frame byte 4', () => {
    const view = viewFrame(hex('81 03 e6 9d ff'), 'server');
    expect(view.violations.map((v) => v.code)).toEqual(['INVALID_UTF8']);
    expect(view.utf8Failure).toEqual({ offset: 2, byte: 0xff });
    expect(view.headerLength + view.utf8Failure!.offset).toBe(4);
  });

  it('a non-final fragment with an impossible byte is a violation, not a warning (fail fast)', () => {
    expect(codes(hex('01 03 41 ff 42'))).toEqual(['INVALID_UTF8']);
    expect(viewFrame(hex('01 03 41 ff 42'), 'server').utf8Failure).toEqual({ offset: 1, byte: 0xff });
  });

  it('a non-final fragment that ends inside a character is only a warning', () => {
    const explained = explainFrame(hex('01 02 e2 82'), { role: 'client' });
    expect(explained.violations).toEqual([]);
    expect(explained.warnings).toEqual(['The payload ends inside a character; the next fragment may complete it']);
  });

  it('a final frame that ends inside a character fails at its end', () => {
    expect(codes(hex('81 02 e2 82'))).toEqual(['INVALID_UTF8']);
    expect(viewFrame(hex('81 02 e2 82'), 'server').utf8Failure).toEqual({ offset: 2 });
  });

  it('surrogates and overlongs fail at their second byte', () => {
    expect(firstInvalidUtf8(hex('ed a0 80'))).toEqual({ offset: 1, byte: 0xa0 });
    expect(firstInvalidUtf8(hex('e0 80 80'))).toEqual({ offset: 1, byte: 0x80 });
  });
});
