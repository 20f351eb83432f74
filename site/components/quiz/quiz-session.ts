/**
 * A quiz in progress: each question's answer and grade, which questions are locked, retry
 * and restart, the record saved to progress and restoring it. Plain TypeScript over a
 * state object the island makes reactive (`$state`), so every rule lives here once and
 * the views only render and call.
 *
 * A miss explains what is wrong with the answer given and nudges; it does not give the
 * right answer away. The answer is shown only when the learner asks, or after a second
 * miss, and progress records that it was shown rather than found.
 */
import type { QuizRecord } from '../../progress/store.ts';
import { grade, initialAnswer, moveItem, restoreAnswer, scoreQuiz, type Grade, type QuizAnswer } from './quiz-model.ts';
import type { QuizQuestion } from '../../content/schema/quiz.ts';

/** One question's state. */
export interface QuestionState {
  answer: QuizAnswer | undefined;
  grade: Grade | undefined;
  /** Wrong answers checked since the question was last cleared. */
  misses: number;
  /** The right answer is on show: the question is closed until it is retried. */
  revealed: boolean;
}

/** Where a question stands, as the page shows it. */
export type QuestionStatus = 'unanswered' | 'invalid' | 'correct' | 'wrong' | 'revealed';

/** Misses after which the answer is shown without asking. */
export const MISSES_BEFORE_REVEAL = 2;

/** The whole quiz's state: plain data, so the island can hold it in `$state`. */
export interface QuizState {
  questions: Record<string, QuestionState>;
  /** Passed once, in this browser: a later miss does not take it back. */
  everPassed: boolean;
  /** Questions whose answer was shown since the quiz was last started over (kept when retried, so the record stays honest). */
  shown: string[];
  /** The last thing that happened, for a live region. */
  announcement: string;
}

/** What the session saves; the store adds the time. */
export type QuizResult = Omit<QuizRecord, 'updatedAt'>;

type Of<K extends QuizAnswer['kind']> = Extract<QuizAnswer, { kind: K }>;

/** The state of a quiz nobody has answered yet. */
export function initialQuizState(questions: readonly QuizQuestion[]): QuizState {
  return {
    questions: Object.fromEntries(questions.map((q) => [q.id, fresh(q)])),
    everPassed: false,
    shown: [],
    announcement: '',
  };
}

export class QuizSession {
  constructor(
    readonly questions: readonly QuizQuestion[],
    /** The state the session changes (the island passes its `$state` proxy). */
    readonly state: QuizState,
    private readonly save: (result: QuizResult) => void = () => {},
  ) {}

  answer(id: string): QuizAnswer | undefined {
    return this.state.questions[id]?.answer;
  }

  grade(id: string): Grade | undefined {
    return this.state.questions[id]?.grade;
  }

  status(id: string): QuestionStatus {
    const question = this.state.questions[id];
    if (question?.revealed) return 'revealed';
    return question?.grade?.status ?? 'unanswered';
  }

  /** Answered right or wrong, or its answer shown: the answer stays as it is until "Try again" or a retry. */
  locked(id: string): boolean {
    const status = this.status(id);
    return status === 'correct' || status === 'wrong' || status === 'revealed';
  }

  misses(id: string): number {
    return this.state.questions[id]?.misses ?? 0;
  }

  /** The quiz's result so far. */
  score(): { correct: string[]; total: number; passed: boolean } {
    return scoreQuiz(this.questions, Object.fromEntries(this.questions.map((q) => [q.id, this.grade(q.id)])));
  }

  /** Questions answered (right or wrong), not counting ones still being typed. */
  checkedCount(): number {
    return this.questions.filter((q) => this.locked(q.id)).length;
  }

  /**
   * Puts back what was saved, question by question. An answer that no longer fits its
   * question (the question changed, or the data is damaged) is left out: that question
   * starts afresh, and the next save drops it.
   */
  restore(saved: QuizRecord | undefined): void {
    if (!saved) return;
    this.state.everPassed = saved.passed;
    const ids = new Set(this.questions.map((q) => q.id));
    this.state.shown = (saved.revealed ?? []).filter((id) => ids.has(id));
    for (const q of this.questions) {
      const answer = restoreAnswer(q, saved.answers[q.id]);
      const result = answer ? grade(q, answer) : undefined;
      const revealed = this.state.shown.includes(q.id) && result?.status !== 'correct';
      if (answer || revealed) {
        this.state.questions[q.id] = { answer: answer ?? initialAnswer(q), grade: result, misses: result?.status === 'wrong' ? 1 : 0, revealed };
      }
    }
  }

  /** A new answer while editing. A grade that said the answer could not be read goes with the edit. */
  edit(id: string, answer: QuizAnswer): void {
    const question = this.state.questions[id];
    if (!question || this.locked(id)) return;
    question.answer = answer;
    if (question.grade?.status === 'invalid') question.grade = undefined;
  }

  /** Picks the one option of a single-choice question. */
  choose(id: string, choice: number): void {
    this.edit(id, { kind: 'single', choice });
  }

  /** Ticks or clears one option of a multiple-choice question. */
  tick(id: string, choice: number, on: boolean): void {
    const current = this.choices(id);
    this.edit(id, { kind: 'multiple', choices: on ? [...new Set([...current, choice])] : current.filter((c) => c !== choice) });
  }

  type(id: string, text: string): void {
    this.edit(id, { kind: 'bytes', text });
  }

  /** Moves a step of an order question; returns the step's new position, or undefined when nothing moved. */
  move(id: string, from: number, to: number): number | undefined {
    const answer = this.answer(id);
    if (answer?.kind !== 'order' || this.locked(id) || to < 0 || to >= answer.order.length) return undefined;
    this.edit(id, { kind: 'order', order: moveItem(answer.order, from, to) });
    return to;
  }

  /** Selects or clears one bit of a "click the bit" question. */
  toggleBit(id: string, offset: number): void {
    const current = this.bits(id);
    this.edit(id, { kind: 'bits', bits: current.includes(offset) ? current.filter((b) => b !== offset) : [...current, offset].sort((a, b) => a - b) });
  }

  /** Whether option `i` is chosen (single or multiple choice). */
  chosen(id: string, i: number): boolean {
    const answer = this.answer(id);
    return answer?.kind === 'single' ? answer.choice === i : answer?.kind === 'multiple' ? answer.choices.includes(i) : false;
  }

  /** Grades a question; a readable answer is saved. */
  check(id: string): Grade | undefined {
    const index = this.questions.findIndex((q) => q.id === id);
    const question = this.questions[index];
    const state = this.state.questions[id];
    if (!question || !state) return undefined;
    const result = grade(question, state.answer);
    state.grade = result;
    if (result.status === 'wrong') state.misses++;
    const revealNow = result.status === 'wrong' && state.misses >= MISSES_BEFORE_REVEAL;
    if (revealNow) this.markRevealed(id);
    this.state.announcement = `Question ${index + 1}: ${
      result.status === 'correct' ? 'correct' : revealNow ? 'not quite again; the answer is shown' : result.status === 'wrong' ? 'not quite' : result.message
    }`;
    if (result.status !== 'invalid') this.persist();
    return result;
  }

  /** Unlocks a missed question, keeping the answer to change. */
  tryAgain(id: string): void {
    const state = this.state.questions[id];
    if (state && !state.revealed) state.grade = undefined;
  }

  /** Shows the right answer, on the learner's request; progress records it as shown, not answered. */
  reveal(id: string): void {
    const index = this.questions.findIndex((q) => q.id === id);
    if (index < 0 || this.status(id) === 'correct') return;
    this.markRevealed(id);
    this.state.announcement = `Question ${index + 1}: the answer is shown.`;
    this.persist();
  }

  /** Clears every question not answered correctly, those whose answer was shown too. */
  retryMissed(): void {
    for (const q of this.questions) if (this.status(q.id) !== 'correct') this.reset(q);
    this.state.announcement = 'The questions you missed are cleared; try them again.';
  }

  /** Clears every question, and the record of answers shown. */
  restart(): void {
    for (const q of this.questions) this.reset(q);
    this.state.shown = [];
    this.state.announcement = 'Every answer is cleared.';
  }

  /** Says something in the quiz's live region. */
  announce(text: string): void {
    this.state.announcement = text;
  }

  private reset(q: QuizQuestion): void {
    this.state.questions[q.id] = fresh(q);
  }

  private markRevealed(id: string): void {
    const state = this.state.questions[id];
    if (state) state.revealed = true;
    if (!this.state.shown.includes(id)) this.state.shown.push(id);
  }

  private choices(id: string): number[] {
    const answer = this.answer(id);
    return answer?.kind === 'multiple' ? (answer as Of<'multiple'>).choices : [];
  }

  private bits(id: string): number[] {
    const answer = this.answer(id);
    return answer?.kind === 'bits' ? (answer as Of<'bits'>).bits : [];
  }

  private persist(): void {
    const answered = this.questions.filter((q) => this.locked(q.id));
    const result = this.score();
    this.state.everPassed ||= result.passed;
    this.save({
      answers: Object.fromEntries(answered.map((q) => [q.id, snapshot(this.answer(q.id))])),
      correct: result.correct,
      total: result.total,
      passed: this.state.everPassed,
      revealed: [...this.state.shown],
    });
  }
}

/** A question nobody has answered. */
function fresh(question: QuizQuestion): QuestionState {
  return { answer: initialAnswer(question), grade: undefined, misses: 0, revealed: false };
}

/** A plain copy of an answer: the island's state is a proxy, and the store keeps what it is given. */
function snapshot(answer: QuizAnswer | undefined): QuizAnswer | undefined {
  return answer === undefined ? undefined : (JSON.parse(JSON.stringify(answer)) as QuizAnswer);
}
