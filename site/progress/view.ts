/**
 * What the progress parts of a page say, computed from the store without touching the
 * DOM: a lesson's state, the "continue" target, the course total, the notice.
 */
import type { ProgressProblem, ProgressStore } from './store.ts';

/** A written lesson as the page lists it (in course order). */
export interface CourseEntry {
  slug: string;
  number: number;
  title: string;
  href: string;
  hasExercise: boolean;
  hasQuiz: boolean;
}

export type LessonState = 'not-started' | 'in-progress' | 'complete' | 'solved-with-help';

export const STATE_TEXT: Record<LessonState, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  'solved-with-help': 'Solved with help',
};

/** Whether "continue" moves on from a lesson: it is complete, or all but passing its exercise unaided. */
const finished = (state: LessonState) => state === 'complete' || state === 'solved-with-help';

/** Where "continue where you left off" leads. */
export function continueTarget(store: ProgressStore, lessons: readonly CourseEntry[]): { kind: 'start' | 'continue' | 'next'; lesson: CourseEntry } | { kind: 'done' } | undefined {
  if (lessons.length === 0) return undefined;
  const state = (l: CourseEntry) => store.lessonState(l.slug, l);
  if (lessons.every((l) => finished(state(l)))) return { kind: 'done' };
  const progress = store.get();
  // The lesson opened most recently, if any.
  let recent: number | undefined;
  lessons.forEach((l, i) => {
    const at = progress.lessons[l.slug]?.lastVisited;
    if (at && (recent === undefined || at > (progress.lessons[lessons[recent].slug]?.lastVisited ?? ''))) recent = i;
  });
  if (recent === undefined) {
    const started = lessons.find((l) => state(l) !== 'not-started');
    return started ? { kind: 'continue', lesson: lessons.find((l) => !finished(state(l)))! } : { kind: 'start', lesson: lessons[0] };
  }
  if (!finished(state(lessons[recent]))) return { kind: 'continue', lesson: lessons[recent] };
  const after = [...lessons.slice(recent + 1), ...lessons.slice(0, recent)].find((l) => !finished(state(l)))!;
  return { kind: 'next', lesson: after };
}

/** The course total. */
export function courseTotals(store: ProgressStore, lessons: readonly CourseEntry[]): { complete: number; total: number } {
  return { complete: lessons.filter((l) => store.lessonState(l.slug, l) === 'complete').length, total: lessons.length };
}

/**
 * The course total in words. While lessons are still planned, "complete" is said of the
 * written ones only: "14 of 14 written lessons complete; 8 more coming", never "every lesson".
 */
export function courseTotalText(totals: { complete: number; total: number }, coming: number): string {
  if (coming <= 0) return `${totals.complete} of ${totals.total} lessons complete`;
  return `${totals.complete} of ${totals.total} written lessons complete; ${coming} more coming`;
}

/** What "continue" says once every written lesson is complete. */
export function doneText(coming: number): string {
  return coming > 0
    ? `Every written lesson is complete (${coming} more coming) — review the course`
    : 'Every lesson is complete — review the course';
}

/** The sentence the notice shows for a storage problem. */
export function noticeText(problem: ProgressProblem): string {
  return problem.kind === 'no-storage'
    ? 'This browser is not letting the lab save anything, so your progress lasts only until you close this tab.'
    : `Saved progress in this browser could not be read (${problem.reason}), so the lab started afresh. The old data is kept aside; you can download it.`;
}

/** What a lesson's end-of-page panel lists. */
export function lessonPanel(store: ProgressStore, lesson: Pick<CourseEntry, 'slug' | 'hasExercise' | 'hasQuiz'>): { state: LessonState; lines: string[] } {
  const record = store.lesson(lesson.slug);
  const lines: string[] = [];
  if (lesson.hasQuiz) {
    const quiz = record.quiz;
    const shown = quiz?.revealed?.length ?? 0;
    const shownNote = shown ? ` ${shown} ${shown === 1 ? 'answer was' : 'answers were'} shown rather than found.` : '';
    lines.push(
      (!quiz ? 'Quiz: not answered yet.' : quiz.passed ? 'Quiz: passed.' : `Quiz: ${quiz.correct.length} of ${quiz.total} correct so far; every question right passes it.`) + shownNote,
    );
  }
  if (lesson.hasExercise) {
    lines.push(
      record.exercise?.passed
        ? 'Exercise: every check passes.'
        : record.exercise?.solvedWithHelp
          ? 'Exercise: solved with help (the Solve button); pass it on your own to complete the lesson.'
          : 'Exercise: not passed yet.',
    );
  }
  return { state: store.lessonState(lesson.slug, lesson), lines };
}
