import { describe, expect, it } from 'vitest';
import { QuizSession, initialQuizState, type QuizResult } from '../../../../../site/components/quiz/quiz-session.ts';
import { questionSchema, type QuizQuestion } from '../../../../../site/content/schema/quiz.ts';

const q = (data: unknown): QuizQuestion => questionSchema.parse(data);
const single = q({ kind: 'single', id: 's', prompt: 'p', options: [{ text: 'a', explain: 'x' }, { text: 'b', correct: true, explain: 'y' }] });
const bytes = q({ kind: 'bytes', id: 'b', prompt: 'p', answer: '81 05', explain: 'e' });
const order = q({ kind: 'order', id: 'o', prompt: 'p', steps: [{ text: '1' }, { text: '2' }, { text: '3' }], explain: 'e' });
const bits = q({ kind: 'bits', id: 'k', prompt: 'p', frame: '81 05 48 65 6c 6c 6f', answer: [0], explain: 'e' });
const questions = [single, bytes, order, bits];

function session() {
  const saved: QuizResult[] = [];
  const s = new QuizSession(questions, initialQuizState(questions), (result) => saved.push(result));
  return { s, saved };
}

describe('QuizSession', () => {
  it('grades a question, locks it and saves the answer', () => {
    const { s, saved } = session();
    s.choose('s', 1);
    expect(s.check('s')).toEqual({ status: 'correct' });
    expect(s.locked('s')).toBe(true);
    expect(saved.at(-1)).toEqual({ answers: { s: { kind: 'single', choice: 1 } }, correct: ['s'], total: 4, passed: false, revealed: [] });
    s.choose('s', 0);
    expect(s.answer('s')).toEqual({ kind: 'single', choice: 1 });
  });

  it('an answer it cannot read is not counted, and editing clears that message', () => {
    const { s, saved } = session();
    s.type('b', '81 0g');
    expect(s.check('b')?.status).toBe('invalid');
    expect(saved).toHaveLength(0);
    s.type('b', '81 05');
    expect(s.grade('b')).toBeUndefined();
    expect(s.check('b')?.status).toBe('correct');
  });

  it('moves steps, toggles bits, and announces', () => {
    const { s } = session();
    const before = s.answer('o');
    expect(before?.kind).toBe('order');
    expect(s.move('o', 0, 1)).toBe(1);
    expect(s.move('o', 0, 9)).toBeUndefined();
    s.toggleBit('k', 4);
    s.toggleBit('k', 0);
    expect(s.answer('k')).toEqual({ kind: 'bits', bits: [0, 4] });
    s.toggleBit('k', 4);
    expect(s.answer('k')).toEqual({ kind: 'bits', bits: [0] });
    s.check('k');
    expect(s.state.announcement).toBe('Question 4: correct');
  });

  it('retry clears only missed questions; restart clears all', () => {
    const { s } = session();
    s.choose('s', 1);
    s.check('s');
    s.type('b', '81 06');
    s.check('b');
    expect(s.checkedCount()).toBe(2);
    s.retryMissed();
    expect(s.grade('s')?.status).toBe('correct');
    expect(s.grade('b')).toBeUndefined();
    expect(s.answer('b')).toEqual({ kind: 'bytes', text: '' });
    s.restart();
    expect(s.grade('s')).toBeUndefined();
  });

  it('restores saved answers that fit, and leaves out the rest', () => {
    const { s } = session();
    s.restore({ answers: { s: { kind: 'single', choice: 1 }, b: { kind: 'single', choice: 0 } }, correct: ['s'], total: 4, passed: true, updatedAt: 'x' });
    expect(s.grade('s')?.status).toBe('correct');
    expect(s.answer('b')).toEqual({ kind: 'bytes', text: '' });
    expect(s.state.everPassed).toBe(true);
  });

  it('a miss keeps the answer hidden; asking shows it and records it as shown', () => {
    const { s, saved } = session();
    s.choose('s', 0);
    expect(s.check('s')?.status).toBe('wrong');
    expect(s.status('s')).toBe('wrong');
    expect(s.misses('s')).toBe(1);
    s.reveal('s');
    expect(s.status('s')).toBe('revealed');
    expect(s.locked('s')).toBe(true);
    expect(saved.at(-1)).toMatchObject({ correct: [], revealed: ['s'] });
    s.tryAgain('s');
    expect(s.status('s')).toBe('revealed');
  });

  it('a second miss shows the answer without asking', () => {
    const { s, saved } = session();
    s.type('b', '81 06');
    s.check('b');
    s.tryAgain('b');
    expect(s.status('b')).toBe('unanswered');
    s.type('b', '81 07');
    s.check('b');
    expect(s.status('b')).toBe('revealed');
    expect(s.state.announcement).toBe('Question 2: not quite again; the answer is shown');
    expect(saved.at(-1)?.revealed).toEqual(['b']);
  });

  it('a question retried after its answer was shown stays recorded as shown until the quiz starts over', () => {
    const { s, saved } = session();
    s.choose('s', 0);
    s.check('s');
    s.reveal('s');
    s.retryMissed();
    expect(s.status('s')).toBe('unanswered');
    s.choose('s', 1);
    s.check('s');
    expect(saved.at(-1)).toMatchObject({ correct: ['s'], revealed: ['s'] });
    s.restart();
    expect(s.state.shown).toEqual([]);
  });

  it('restores a shown answer as shown, and sets aside saved answers that do not fit (a step twice)', () => {
    const { s } = session();
    s.restore({
      answers: { s: { kind: 'single', choice: 0 }, o: { kind: 'order', order: [0, 0, 0] } },
      correct: [],
      total: 4,
      passed: false,
      revealed: ['s', 'gone'],
      updatedAt: 'x',
    });
    expect(s.status('s')).toBe('revealed');
    expect(s.state.shown).toEqual(['s']);
    expect(s.status('o')).toBe('unanswered');
    const order = s.answer('o');
    expect(order?.kind === 'order' && new Set(order.order).size).toBe(3);
  });
});
