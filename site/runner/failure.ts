/**
 * A failed assertion as a learner reads it: one sentence saying what the check expected, and
 * when the values are too large for a sentence, the expected and received values below it.
 * Never chai's own message as is: it prints a pattern containing "/" with its tail twice
 * (`/^[A-Za-z0-9+/]{27}=$/]{27}=$`), shows a RegExp as `{}`, and ends in notes meant for
 * the check's author ("// Object.is equality", "replace toBe with toEqual").
 */
import { toHex } from '../util/hex.ts';
import type { AssertionParts } from './expect.ts';

/** How a failure is shown. `expected` and `actual` come only when the sentence cannot hold them. */
export interface FailureText {
  message: string;
  expected?: string;
  actual?: string;
}

/** A value in a message: strings quoted, bytes in hex, patterns as written. */
export function show(value: unknown): string {
  if (value instanceof Uint8Array) return `Uint8Array [${Array.from(value, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}]`;
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'a function';
  if (typeof value === 'symbol') return String(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const text = JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Uint8Array ? `bytes ${toHex(v)}` : v === undefined ? '(undefined)' : typeof v === 'bigint' ? `${v}n` : v instanceof RegExp ? String(v) : v,
    );
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

/** Values short and simple enough to read inside a sentence. */
const INLINE_LIMIT = 80;
const inline = (value: unknown): boolean =>
  (value === null || value instanceof RegExp || (typeof value !== 'object' && typeof value !== 'function')) && show(value).length <= INLINE_LIMIT;

/** chai's notes for the check's author, cut from the learner's message. */
function withoutAuthorNotes(message: string): string {
  return message.split('\n\nIf it should pass with deep equality')[0]!.replace(/ \/\/ Object\.is equality$/, '').trim();
}

function fill(template: string, subject: string, expected: string): string {
  return template.replace(/#\{(this|act|exp)\}/g, (_, tag: string) => (tag === 'exp' ? expected : subject));
}

/** The text for a failed assertion (an error named AssertionError, from `expect` or the lab). */
export function failureText(error: { message?: string; expected?: unknown; actual?: unknown; labParts?: AssertionParts }): FailureText {
  const parts = error.labParts;
  const hasValues = 'expected' in error && error.expected !== undefined;
  if (parts) {
    const actual = 'actual' in error ? error.actual : parts.subject;
    const template = withoutAuthorNotes(parts.template);
    const prefix = parts.label ? `${parts.label}: ` : '';
    if (!hasValues || (inline(parts.subject) && inline(error.expected))) {
      return { message: prefix + fill(template, show(parts.subject), show(error.expected)) };
    }
    return { message: prefix + fill(template, 'the received value', 'the expected value'), expected: show(error.expected), actual: show(actual) };
  }
  const message = withoutAuthorNotes(error.message ?? 'The check failed.');
  if (!hasValues || (inline(error.actual) && inline(error.expected))) return { message };
  return { message, expected: show(error.expected), actual: show(error.actual) };
}
