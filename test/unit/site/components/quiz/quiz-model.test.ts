import { describe, expect, it } from 'vitest';
import { grade, headerBits, initialAnswer, moveItem, parseHexBytes, restoreAnswer, scoreQuiz, shuffledOrder, toHex } from '../../../../../site/components/quiz/quiz-model.ts';
import { questionSchema, type QuizQuestion } from '../../../../../site/content/schema/quiz.ts';

const q = (data: unknown): QuizQuestion => questionSchema.parse(data);

const single = q({ kind: 'single', id: 's', prompt: 'p', options: [{ text: 'a', explain: 'x' }, { text: 'b', correct: true, explain: 'y' }] });
const multiple = q({ kind: 'multiple', id: 'm', prompt: 'p', options: [{ text: 'a', correct: true, explain: 'x' }, { text: 'b', explain: 'y' }, { text: 'c', correct: true, explain: 'z' }] });
const bytes = q({ kind: 'bytes', id: 'b', prompt: 'p', answer: '81 05 48', explain: 'e' });
const order = q({ kind: 'order', id: 'o', prompt: 'p', steps: [{ text: '1' }, { text: '2' }, { text: '3' }, { text: '4' }], explain: 'e' });
// A masked text frame "Hello" (RFC 6455 §5.7): FIN is bit 0, MASK is bit 8.
const bits = q({ kind: 'bits', id: 'k', prompt: 'p', frame: '81 85 37 fa 21 3d 7f 9f 4d 51 58', answer: [0, 8], explain: 'e' });

describe('parseHexBytes', () => {
  it.each([['81 05', [0x81, 5]], ['8105', [0x81, 5]], ['0x81 0x05', [0x81, 5]], ['  81,05 ', [0x81, 5]], ['8A 0b', [0x8a, 0x0b]], ['0X81', [0x81]]])(
    'reads %j',
    (text, expected) => {
      expect(parseHexBytes(text)).toEqual({ ok: true, bytes: expected });
    },
  );
  it.each([[''], ['zz'], ['81 5'], ['810'], ['0x'], ['81 g1']])('rejects %j with a message', (text) => {
    const result = parseHexBytes(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });
  it('formats back as lowercase pairs', () => {
    expect(toHex([0x81, 5, 255])).toBe('81 05 ff');
  });
});

describe('grade', () => {
  it('single choice: the one correct option', () => {
    expect(grade(single, { kind: 'single', choice: 1 })).toEqual({ status: 'correct' });
    expect(grade(single, { kind: 'single', choice: 0 }).status).toBe('wrong');
    expect(grade(single, undefined).status).toBe('invalid');
    expect(grade(single, { kind: 'single', choice: 7 }).status).toBe('invalid');
  });

  it('multiple choice: exactly the correct set, saying what is missing or extra', () => {
    expect(grade(multiple, { kind: 'multiple', choices: [2, 0] })).toEqual({ status: 'correct' });
    expect(grade(multiple, { kind: 'multiple', choices: [0] })).toEqual({ status: 'wrong', detail: '1 right option is not chosen.' });
    expect(grade(multiple, { kind: 'multiple', choices: [0, 1, 2] })).toEqual({ status: 'wrong', detail: '1 chosen option is wrong.' });
    expect(grade(multiple, { kind: 'multiple', choices: [] }).status).toBe('invalid');
  });

  it('type the bytes: tolerant of spaces, case and 0x; malformed hex is not a wrong answer', () => {
    for (const text of ['81 05 48', '810548', '0x81 0x05 0x48', '81 05 48 ']) expect(grade(bytes, { kind: 'bytes', text })).toEqual({ status: 'correct' });
    expect(grade(bytes, { kind: 'bytes', text: '81 05' })).toEqual({ status: 'wrong', detail: 'You typed 2 bytes; the answer has 3.' });
    expect(grade(bytes, { kind: 'bytes', text: '81 85 48' })).toEqual({ status: 'wrong', detail: 'Byte 2 (85) is not right.' });
    expect(grade(bytes, { kind: 'bytes', text: '81 0g 48' }).status).toBe('invalid');
  });

  it('order the steps: right only in the listed order', () => {
    expect(grade(order, { kind: 'order', order: [0, 1, 2, 3] })).toEqual({ status: 'correct' });
    expect(grade(order, { kind: 'order', order: [1, 0, 2, 3] })).toEqual({ status: 'wrong', detail: '2 of 4 steps are out of place.' });
    expect(grade(order, { kind: 'order', order: [0, 1, 2] }).status).toBe('invalid');
  });

  it('click the bit: exactly the answer bits', () => {
    expect(grade(bits, { kind: 'bits', bits: [8, 0] })).toEqual({ status: 'correct' });
    expect(grade(bits, { kind: 'bits', bits: [0] })).toEqual({ status: 'wrong', detail: '1 bit missing.' });
    expect(grade(bits, { kind: 'bits', bits: [0, 8, 9] })).toEqual({ status: 'wrong', detail: '1 selected bit does not belong.' });
    expect(grade(bits, { kind: 'bits', bits: [] }).status).toBe('invalid');
  });

  it('an answer of another kind is not gradable', () => {
    expect(grade(bytes, { kind: 'single', choice: 0 }).status).toBe('invalid');
  });
});

describe('headerBits', () => {
  it('draws every header bit before the payload, each with its field from explainFrame', () => {
    const drawn = headerBits('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    expect(drawn).toHaveLength(48); // 2 bytes of header + 4 bytes of masking key
    expect(drawn[0]).toMatchObject({ offset: 0, value: 1, field: 'fin' });
    expect(drawn.slice(4, 8).map((b) => b.field)).toEqual(['opcode', 'opcode', 'opcode', 'opcode']);
    expect(drawn.slice(4, 8).map((b) => b.value)).toEqual([0, 0, 0, 1]);
    expect(drawn[8]).toMatchObject({ offset: 8, value: 1, field: 'mask' });
    expect(drawn.slice(9, 16).map((b) => b.value).join('')).toBe('0000101');
    expect(drawn[16].field).toBe('maskingKey');
  });
  it('includes the extended length when there is one', () => {
    const fields = new Set(headerBits('82 7e 00 80').map((b) => b.field));
    expect(fields.has('extendedPayloadLength')).toBe(true);
  });
});

describe('order helpers', () => {
  it('shuffles the same way for the same id, and never leaves the steps in order', () => {
    expect(shuffledOrder(5, 'steps')).toEqual(shuffledOrder(5, 'steps'));
    for (let n = 2; n < 8; n++) {
      for (const id of ['a', 'b', 'handshake', 'close-order', 'x1']) {
        const order = shuffledOrder(n, id);
        expect([...order].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        expect(order).not.toEqual([...Array(n).keys()]);
      }
    }
  });
  it('moves one item and ignores moves out of range', () => {
    expect(moveItem([0, 1, 2, 3], 3, 0)).toEqual([3, 0, 1, 2]);
    expect(moveItem([0, 1, 2], 0, 1)).toEqual([1, 0, 2]);
    expect(moveItem([0, 1, 2], 0, 5)).toEqual([0, 1, 2]);
  });
  it('starts an order question shuffled and restores only answers that still fit', () => {
    const start = initialAnswer(order);
    expect(start?.kind).toBe('order');
    expect(restoreAnswer(order, { kind: 'order', order: [3, 2, 1, 0] })).toEqual({ kind: 'order', order: [3, 2, 1, 0] });
    expect(restoreAnswer(order, { kind: 'order', order: [0, 1] })).toBeUndefined();
    // A step saved twice would be drawn twice under one key: the answer is set aside.
    expect(restoreAnswer(order, { kind: 'order', order: [0, 0, 0, 0] })).toBeUndefined();
    expect(restoreAnswer(multiple, { kind: 'multiple', choices: [0, 0] })).toBeUndefined();
    expect(restoreAnswer(bits, { kind: 'bits', bits: [0, 0] })).toBeUndefined();
    expect(restoreAnswer(single, { kind: 'single', choice: -1 })).toBeUndefined();
    expect(restoreAnswer(single, { kind: 'single', choice: 9 })).toBeUndefined();
    expect(restoreAnswer(single, 'nonsense')).toBeUndefined();
    expect(restoreAnswer(bytes, { kind: 'bytes', text: '81' })).toEqual({ kind: 'bytes', text: '81' });
  });
});

describe('scoreQuiz', () => {
  it('passes only when every question is correct', () => {
    const questions = [single, bytes];
    expect(scoreQuiz(questions, { s: { status: 'correct' }, b: { status: 'wrong' } })).toEqual({ correct: ['s'], total: 2, passed: false });
    expect(scoreQuiz(questions, { s: { status: 'correct' }, b: { status: 'correct' } })).toEqual({ correct: ['s', 'b'], total: 2, passed: true });
  });
});
