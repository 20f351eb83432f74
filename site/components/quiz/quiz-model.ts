/**
 * Quiz grading, one function per kind, with no view code: the island renders what these
 * return. Answers are plain data so they can be saved and restored.
 */
import { explainFrame } from '../../../lib/index.ts';
import { headerBits as bitsOf, type HeaderBit } from '../ui/frame-fields.ts';
import { parseHexBytes, toHex } from '../../util/hex.ts';
import type { QuizQuestion } from '../../content/schema/quiz.ts';

export { parseHexBytes, toHex };

/** What a learner has answered, by kind. */
export type QuizAnswer =
  | { kind: 'single'; choice: number }
  | { kind: 'multiple'; choices: number[] }
  | { kind: 'bytes'; text: string }
  | { kind: 'order'; order: number[] }
  | { kind: 'bits'; bits: number[] };

/** The verdict on one answer. */
export type Grade =
  | { status: 'correct' }
  | { status: 'wrong'; detail?: string }
  /** Not gradable as it stands (e.g. malformed hex); the learner fixes it, no attempt counted. */
  | { status: 'invalid'; message: string };

/** A deterministic shuffle of 0…n−1 from a string, never the identity (for n ≥ 2). */
export function shuffledOrder(n: number, seed: string): number[] {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const next = () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  // Already in order would give the answer away: rotate by one instead.
  if (n >= 2 && order.every((v, i) => v === i)) order.push(order.shift()!);
  return order;
}

/** Moves the item at `from` to `to` (both indexes into `order`), returning a new order. */
export function moveItem(order: readonly number[], from: number, to: number): number[] {
  const out = [...order];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}

/** The header bits of a frame (everything before the payload), each with the field it belongs to, from lib's explainFrame. */
export function headerBits(hex: string): HeaderBit[] {
  const parsed = parseHexBytes(hex);
  return parsed.ok ? bitsOf(explainFrame(Uint8Array.from(parsed.bytes)).fields) : [];
}

const sameSet = (a: readonly number[], b: readonly number[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
};

/** Grades one answer. */
export function grade(question: QuizQuestion, answer: QuizAnswer | undefined): Grade {
  if (!answer || answer.kind !== question.kind) return { status: 'invalid', message: 'Choose an answer first.' };
  switch (question.kind) {
    case 'single': {
      const a = answer as Extract<QuizAnswer, { kind: 'single' }>;
      const option = question.options[a.choice];
      if (!option) return { status: 'invalid', message: 'Choose one of the options.' };
      return option.correct ? { status: 'correct' } : { status: 'wrong' };
    }
    case 'multiple': {
      const a = answer as Extract<QuizAnswer, { kind: 'multiple' }>;
      if (a.choices.length === 0) return { status: 'invalid', message: 'Choose every option that applies (at least one).' };
      const correct = question.options.flatMap((o, i) => (o.correct ? [i] : []));
      if (sameSet(a.choices, correct)) return { status: 'correct' };
      const missed = correct.filter((i) => !a.choices.includes(i)).length;
      const extra = a.choices.filter((i) => !correct.includes(i)).length;
      const parts = [missed ? `${missed} right ${missed === 1 ? 'option is' : 'options are'} not chosen` : '', extra ? `${extra} chosen ${extra === 1 ? 'option is' : 'options are'} wrong` : ''];
      return { status: 'wrong', detail: `${parts.filter(Boolean).join('; ')}.` };
    }
    case 'bytes': {
      const a = answer as Extract<QuizAnswer, { kind: 'bytes' }>;
      const typed = parseHexBytes(a.text);
      if (!typed.ok) return { status: 'invalid', message: typed.message };
      const expected = parseHexBytes(question.answer);
      if (!expected.ok) return { status: 'invalid', message: expected.message };
      if (typed.bytes.length === expected.bytes.length && typed.bytes.every((b, i) => b === expected.bytes[i])) return { status: 'correct' };
      if (typed.bytes.length !== expected.bytes.length) {
        return { status: 'wrong', detail: `You typed ${typed.bytes.length} ${typed.bytes.length === 1 ? 'byte' : 'bytes'}; the answer has ${expected.bytes.length}.` };
      }
      const first = typed.bytes.findIndex((b, i) => b !== expected.bytes[i]);
      return { status: 'wrong', detail: `Byte ${first + 1} (${toHex([typed.bytes[first]])}) is not right.` };
    }
    case 'order': {
      const a = answer as Extract<QuizAnswer, { kind: 'order' }>;
      if (a.order.length !== question.steps.length || !sameSet(a.order, question.steps.map((_, i) => i))) {
        return { status: 'invalid', message: 'Put every step in the list in order.' };
      }
      const misplaced = a.order.filter((step, position) => step !== position).length;
      return misplaced === 0 ? { status: 'correct' } : { status: 'wrong', detail: `${misplaced} of ${a.order.length} steps are out of place.` };
    }
    case 'bits': {
      const a = answer as Extract<QuizAnswer, { kind: 'bits' }>;
      if (a.bits.length === 0) return { status: 'invalid', message: 'Select at least one bit.' };
      if (sameSet(a.bits, question.answer)) return { status: 'correct' };
      const missed = question.answer.filter((b) => !a.bits.includes(b)).length;
      const extra = a.bits.filter((b) => !question.answer.includes(b)).length;
      const parts = [missed ? `${missed} ${missed === 1 ? 'bit' : 'bits'} missing` : '', extra ? `${extra} selected ${extra === 1 ? 'bit does' : 'bits do'} not belong` : ''];
      return { status: 'wrong', detail: `${parts.filter(Boolean).join('; ')}.` };
    }
  }
}

/** The empty answer a question starts with. */
export function initialAnswer(question: QuizQuestion): QuizAnswer | undefined {
  switch (question.kind) {
    case 'multiple':
      return { kind: 'multiple', choices: [] };
    case 'bytes':
      return { kind: 'bytes', text: '' };
    case 'order':
      return { kind: 'order', order: shuffledOrder(question.steps.length, question.id) };
    case 'bits':
      return { kind: 'bits', bits: [] };
    default:
      return undefined;
  }
}

/**
 * Reads a saved answer back, if it still fits the question (questions can change between
 * visits, and stored data can be damaged): indexes in range and, for lists, each at most once.
 */
export function restoreAnswer(question: QuizQuestion, saved: unknown): QuizAnswer | undefined {
  if (typeof saved !== 'object' || saved === null || (saved as { kind?: unknown }).kind !== question.kind) return undefined;
  const s = saved as Record<string, unknown>;
  const distinct = (v: unknown, n = Infinity): v is number[] =>
    Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x < n) && new Set(v).size === v.length;
  switch (question.kind) {
    case 'single':
      return Number.isInteger(s.choice) && (s.choice as number) >= 0 && (s.choice as number) < question.options.length ? { kind: 'single', choice: s.choice as number } : undefined;
    case 'multiple':
      return distinct(s.choices, question.options.length) ? { kind: 'multiple', choices: s.choices } : undefined;
    case 'bytes':
      return typeof s.text === 'string' ? { kind: 'bytes', text: s.text.slice(0, 2000) } : undefined;
    case 'order':
      // Every step exactly once: a repeated step would be drawn twice under one key.
      return distinct(s.order, question.steps.length) && s.order.length === question.steps.length ? { kind: 'order', order: s.order } : undefined;
    case 'bits':
      return distinct(s.bits) ? { kind: 'bits', bits: s.bits } : undefined;
  }
}

/** The result of a whole quiz: it passes when every question is answered correctly. */
export function scoreQuiz(questions: readonly QuizQuestion[], grades: Record<string, Grade | undefined>): { correct: string[]; total: number; passed: boolean } {
  const correct = questions.filter((q) => grades[q.id]?.status === 'correct').map((q) => q.id);
  return { correct, total: questions.length, passed: correct.length === questions.length };
}
