import { describe, expect, it } from 'vitest';
import { PROGRESS_BACKUP_KEY, PROGRESS_KEY, ProgressStore, codeKey, parseProgress, type StorageLike } from '../../../../site/progress/store.ts';
import { continueTarget, courseTotalText, courseTotals, doneText, lessonPanel, type CourseEntry } from '../../../../site/progress/view.ts';

class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem(key: string) { return this.data.get(key) ?? null; }
  setItem(key: string, value: string) { this.data.set(key, value); }
  removeItem(key: string) { this.data.delete(key); }
  key(index: number) { return [...this.data.keys()][index] ?? null; }
  get length() { return this.data.size; }
}

/** Storage that cannot list its keys (the store then looks for code of the lessons it knows). */
class UnlistedStorage implements StorageLike {
  readonly data = new Map<string, string>();
  getItem(key: string) { return this.data.get(key) ?? null; }
  setItem(key: string, value: string) { this.data.set(key, value); }
  removeItem(key: string) { this.data.delete(key); }
}

const clock = () => {
  let t = Date.UTC(2026, 0, 1);
  return () => new Date((t += 1000));
};
const quizResult = (passed: boolean) => ({ answers: { q1: { kind: 'single', choice: 1 } }, correct: passed ? ['q1'] : [], total: 1, passed });

describe('ProgressStore', () => {
  it('saves quiz results and exercise passes under the versioned key and reads them back', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    store.recordQuiz('closing', quizResult(true));
    store.recordExercise('masking', true);
    const again = new ProgressStore(storage);
    expect(again.lesson('closing').quiz).toMatchObject({ passed: true, correct: ['q1'] });
    expect(again.lesson('masking').exercise?.passed).toBe(true);
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!).version).toBe(1);
  });

  it('completes a lesson when the quiz passes and its exercise, if any, passes; a later failing run keeps the pass', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    expect(store.lessonState('masking', { hasExercise: true })).toBe('not-started');
    store.recordQuiz('masking', quizResult(true));
    expect(store.isLessonComplete('masking', { hasExercise: true })).toBe(false);
    expect(store.lessonState('masking', { hasExercise: true })).toBe('in-progress');
    expect(store.isLessonComplete('masking', { hasExercise: false })).toBe(true);
    store.recordExercise('masking', true);
    store.recordExercise('masking', false);
    expect(store.isLessonComplete('masking', { hasExercise: true })).toBe(true);
  });

  it('sets corrupt data aside with a reason, starts afresh, and keeps the old text', () => {
    for (const [text, reason] of [
      ['{not json', /not valid JSON/],
      ['{"version":7,"lessons":{}}', /version 7/],
      ['{"lessons":{}}', /no version/],
      ['{"version":1,"lessons":{"x":{"quiz":{"passed":"yes"}}}}', /lessons\.x\.quiz/],
      ['[1,2]', /not a progress object/],
    ] as const) {
      const storage = new MemoryStorage();
      storage.setItem(PROGRESS_KEY, text);
      const store = new ProgressStore(storage);
      expect(store.get()).toEqual({ version: 1, lessons: {} });
      expect(store.problem).toMatchObject({ kind: 'set-aside', reason: expect.stringMatching(reason) });
      expect(storage.getItem(PROGRESS_BACKUP_KEY)).toBe(text);
      expect(store.setAsideText()).toBe(text);
      expect(storage.getItem(PROGRESS_KEY)).toBeNull();
      store.recordVisit('closing'); // and it works afterwards
      expect(store.lesson('closing').lastVisited).toBeTypeOf('string');
      store.dismissProblem();
      expect(store.problem).toBeUndefined();
    }
  });

  it('works in memory, with a notice, when storage throws', () => {
    const broken: StorageLike = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('denied'); },
      removeItem: () => { throw new Error('denied'); },
    };
    const store = new ProgressStore(broken, clock());
    store.recordQuiz('closing', quizResult(true));
    expect(store.lesson('closing').quiz?.passed).toBe(true);
    expect(store.problem).toEqual({ kind: 'no-storage' });
    expect(new ProgressStore(undefined).problem).toEqual({ kind: 'no-storage' });
  });

  it('exports and imports a round trip; a bad file changes nothing and says why', () => {
    const a = new ProgressStore(new MemoryStorage(), clock());
    a.recordQuiz('closing', quizResult(true));
    a.recordExercise('masking', true);
    const file = a.exportProgress();
    const b = new ProgressStore(new MemoryStorage(), clock());
    b.recordVisit('why-websocket');
    const before = b.get();
    const bad = b.importProgress('{"version":2}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/not WebSocket Lab progress: it is version 2.*unchanged/);
    expect(b.get()).toEqual(before);
    expect(b.importProgress(file)).toEqual({ ok: true, lessons: 2, code: 0 });
    expect(b.get()).toEqual(a.get());
  });

  it('resets, and tells subscribers about every change, also from another tab', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    const seen: number[] = [];
    const stop = store.subscribe((p) => seen.push(Object.keys(p.lessons).length));
    store.recordVisit('closing');
    store.resetProgress();
    expect(seen).toEqual([1, 0]);
    // Another tab writes the key:
    const other = new ProgressStore(storage, clock());
    other.recordVisit('masking');
    other.recordVisit('closing');
    store.storageChanged(PROGRESS_KEY);
    expect(seen.at(-1)).toBe(2);
    store.storageChanged('some-other-key');
    expect(seen).toHaveLength(3);
    stop();
    store.recordVisit('x');
    expect(seen).toHaveLength(3);
  });

  it('reads quiz records saved before answers could be shown, and checks the list of shown answers', () => {
    const quiz = { answers: {}, correct: ['a'], total: 2, passed: false, updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(parseProgress(JSON.stringify({ version: 1, lessons: { x: { quiz } } }))).toMatchObject({ ok: true });
    expect(parseProgress(JSON.stringify({ version: 1, lessons: { x: { quiz: { ...quiz, revealed: ['b'] } } } }))).toMatchObject({ ok: true });
    expect(parseProgress(JSON.stringify({ version: 1, lessons: { x: { quiz: { ...quiz, revealed: 'b' } } } }))).toMatchObject({
      ok: false,
      reason: 'lessons.x.quiz.revealed should be a list of question ids',
    });
  });

  it('rejects unknown fields, so foreign data is not mistaken for progress', () => {
    expect(parseProgress('{"version":1,"lessons":{},"user":"x"}')).toMatchObject({ ok: false, reason: 'user is not a progress field' });
    expect(parseProgress('{"version":1,"lessons":{"a":{"score":3}}}')).toMatchObject({ ok: false, reason: 'lessons.a.score is not a progress field' });
  });
});

describe('progress view', () => {
  const lessons: CourseEntry[] = [
    { slug: 'one', number: 1, title: 'One', href: '/lessons/one/', hasExercise: false, hasQuiz: true },
    { slug: 'two', number: 2, title: 'Two', href: '/lessons/two/', hasExercise: true, hasQuiz: true },
    { slug: 'three', number: 3, title: 'Three', href: '/lessons/three/', hasExercise: false, hasQuiz: true },
  ];

  it('continue: start with the first lesson, then the last one visited, then the next unfinished one, then done', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    expect(continueTarget(store, lessons)).toMatchObject({ kind: 'start', lesson: { slug: 'one' } });
    store.recordVisit('two');
    expect(continueTarget(store, lessons)).toMatchObject({ kind: 'continue', lesson: { slug: 'two' } });
    store.recordQuiz('two', quizResult(true));
    store.recordExercise('two', true);
    expect(continueTarget(store, lessons)).toMatchObject({ kind: 'next', lesson: { slug: 'three' } });
    store.recordQuiz('three', quizResult(true));
    store.recordVisit('three');
    expect(continueTarget(store, lessons)).toMatchObject({ kind: 'next', lesson: { slug: 'one' } });
    store.recordQuiz('one', quizResult(true));
    expect(continueTarget(store, lessons)).toEqual({ kind: 'done' });
    expect(courseTotals(store, lessons)).toEqual({ complete: 3, total: 3 });
  });

  it('while lessons are still coming, the totals speak of written lessons, never of every lesson', () => {
    expect(courseTotalText({ complete: 14, total: 14 }, 8)).toBe('14 of 14 written lessons complete; 8 more coming');
    expect(courseTotalText({ complete: 3, total: 14 }, 8)).toBe('3 of 14 written lessons complete; 8 more coming');
    expect(doneText(8)).toBe('Every written lesson is complete (8 more coming) — review the course');
    expect(doneText(8)).not.toMatch(/^Every lesson/);
    // Once nothing is planned, the course is complete.
    expect(courseTotalText({ complete: 22, total: 22 }, 0)).toBe('22 of 22 lessons complete');
    expect(doneText(0)).toBe('Every lesson is complete — review the course');
  });

  it('the lesson panel lists the quiz and the exercise', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    expect(lessonPanel(store, lessons[1]).lines).toEqual(['Quiz: not answered yet.', 'Exercise: not passed yet.']);
    store.recordQuiz('two', { answers: {}, correct: ['a'], total: 3, passed: false });
    expect(lessonPanel(store, lessons[1])).toMatchObject({ state: 'in-progress', lines: [expect.stringMatching(/1 of 3 correct/), 'Exercise: not passed yet.'] });
  });

  it('the lesson panel says how many answers were shown rather than found', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.recordQuiz('one', { answers: {}, correct: ['a', 'b'], total: 2, passed: true, revealed: ['b'] });
    expect(lessonPanel(store, lessons[0]).lines).toEqual(['Quiz: passed. 1 answer was shown rather than found.']);
  });
});

describe('saved exercise code', () => {
  const codeOf = (storage: StorageLike, id: string) => storage.getItem(codeKey(id));

  it('is exported with the progress and imported back in another browser', () => {
    const here = new MemoryStorage();
    const store = new ProgressStore(here, clock());
    store.recordExercise('masking', true);
    here.setItem(codeKey('masking'), 'export function mask() { /* mine */ }');
    here.setItem(codeKey('closing'), 'export const draft = 1;');
    const file = JSON.parse(store.exportProgress());
    expect(file.code).toEqual({ closing: 'export const draft = 1;', masking: 'export function mask() { /* mine */ }' });

    const there = new MemoryStorage();
    const other = new ProgressStore(there, clock());
    expect(other.importProgress(JSON.stringify(file))).toEqual({ ok: true, lessons: 1, code: 2 });
    expect(codeOf(there, 'masking')).toBe('export function mask() { /* mine */ }');
    expect(codeOf(there, 'closing')).toBe('export const draft = 1;');
    expect(other.lesson('masking').exercise?.passed).toBe(true);
  });

  it('is found without a key listing, for the lessons in the progress', () => {
    const storage = new UnlistedStorage();
    const store = new ProgressStore(storage, clock());
    store.recordVisit('masking');
    storage.setItem(codeKey('masking'), 'mine');
    expect(JSON.parse(store.exportProgress()).code).toEqual({ masking: 'mine' });
    store.resetProgress();
    expect(codeOf(storage, 'masking')).toBeNull();
  });

  it('is deleted by reset, with the progress', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    store.recordExercise('masking', true);
    storage.setItem(codeKey('masking'), 'mine');
    storage.setItem('something-else', 'kept');
    store.resetProgress();
    expect(codeOf(storage, 'masking')).toBeNull();
    expect(store.get().lessons).toEqual({});
    expect(storage.getItem('something-else')).toBe('kept');
  });

  it.each([
    ['not JSON', '{"version":1,', 'it is not valid JSON'],
    ['code that is not text', JSON.stringify({ version: 1, lessons: {}, code: { masking: 42 } }), 'code.masking should be the exercise’s code, as text'.replace('’', "'")],
    ['code that is not an object', JSON.stringify({ version: 1, lessons: {}, code: ['x'] }), 'code should be an object of lesson ids and code'],
    ['a bad lesson record beside good code', JSON.stringify({ version: 1, lessons: { masking: { quiz: 'yes' } }, code: { masking: 'theirs' } }), 'lessons.masking.quiz should be an object'],
  ])('an import of %s is refused with the reason, and nothing is lost', (_what, text, reason) => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    store.recordExercise('masking', true);
    storage.setItem(codeKey('masking'), 'mine');
    const before = store.exportProgress();
    const result = store.importProgress(text);
    expect(result).toEqual({ ok: false, message: `This file is not WebSocket Lab progress: ${reason}. Your progress and code are unchanged.` });
    expect(store.exportProgress()).toBe(before);
    expect(codeOf(storage, 'masking')).toBe('mine');
  });

  it('a file from before code was exported still imports, and leaves the code as it is', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    storage.setItem(codeKey('masking'), 'mine');
    expect(store.importProgress(JSON.stringify({ version: 1, lessons: { closing: { lastVisited: '2026-01-01T00:00:00.000Z' } } }))).toEqual({ ok: true, lessons: 1, code: 0 });
    expect(codeOf(storage, 'masking')).toBe('mine');
  });
});

describe('an exercise solved with help', () => {
  const masking: CourseEntry = { slug: 'masking', number: 6, title: 'Masking', href: '/lessons/masking/', hasExercise: true, hasQuiz: true };

  it('is recorded as solved with help, not passed, and shown so', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.recordQuiz('masking', quizResult(true));
    store.recordExercise('masking', true, { withHelp: true });
    expect(store.lesson('masking').exercise).toMatchObject({ passed: false, solvedWithHelp: true });
    expect(store.lessonState('masking', masking)).toBe('solved-with-help');
    expect(store.isLessonComplete('masking', masking)).toBe(false);
    expect(lessonPanel(store, masking).lines).toContain('Exercise: solved with help (the Solve button); pass it on your own to complete the lesson.');
    expect(courseTotals(store, [masking])).toEqual({ complete: 0, total: 1 });
  });

  it('can still be passed on one’s own, and then shows passed', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.recordQuiz('masking', quizResult(true));
    store.recordExercise('masking', true, { withHelp: true });
    store.recordExercise('masking', false);
    expect(store.lesson('masking').exercise?.solvedWithHelp).toBe(true);
    store.recordExercise('masking', true);
    expect(store.lesson('masking').exercise).toEqual({ passed: true, updatedAt: expect.any(String) });
    expect(store.lessonState('masking', masking)).toBe('complete');
  });

  it('does not take away a pass earned before', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.recordExercise('masking', true);
    store.recordExercise('masking', true, { withHelp: true });
    expect(store.lesson('masking').exercise).toEqual({ passed: true, updatedAt: expect.any(String) });
  });

  it('survives export and import', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.recordExercise('masking', true, { withHelp: true });
    const other = new ProgressStore(new MemoryStorage(), clock());
    expect(other.importProgress(store.exportProgress()).ok).toBe(true);
    expect(other.lesson('masking').exercise?.solvedWithHelp).toBe(true);
  });
});
