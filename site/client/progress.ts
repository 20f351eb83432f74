/**
 * Fills in the progress parts of a page from the learner's saved progress: course-map
 * badges, a lesson's panel, "continue where you left off", the course total and the
 * notice when saved data could not be used. Re-renders on every change (also from
 * other tabs). Runs on every page; does nothing where those parts are absent.
 */
import { progressStore, type ProgressStore } from '../progress/store.ts';
import { continueTarget, courseTotalText, courseTotals, doneText, lessonPanel, noticeText, STATE_TEXT, type CourseEntry } from '../progress/view.ts';

const flag = (el: HTMLElement, name: string) => el.dataset[name] === 'true';

/** How many planned lessons are not written yet (the course data's `data-coming`). */
function comingCount(): number {
  return Number(document.querySelector<HTMLElement>('script[data-course-lessons]')?.dataset.coming ?? 0) || 0;
}

function courseEntries(): CourseEntry[] {
  const data = document.querySelector<HTMLScriptElement>('script[data-course-lessons]');
  if (!data?.textContent) return [];
  try {
    return JSON.parse(data.textContent) as CourseEntry[];
  } catch {
    return [];
  }
}

function renderBadges(store: ProgressStore) {
  for (const badge of document.querySelectorAll<HTMLElement>('.lesson-status--badge[data-progress-lesson]')) {
    const state = store.lessonState(badge.dataset.progressLesson!, { hasExercise: flag(badge, 'hasExercise'), hasQuiz: flag(badge, 'hasQuiz') });
    badge.dataset.state = state;
    badge.title = STATE_TEXT[state];
    badge.textContent = '';
    const text = document.createElement('span');
    // A lesson solved with help says so in words; the other states are a shape with a label.
    text.className = state === 'solved-with-help' ? '' : 'sr-only';
    text.textContent = STATE_TEXT[state];
    badge.append(text);
  }
}

function renderPanel(store: ProgressStore) {
  const panel = document.querySelector<HTMLElement>('.lesson-status--panel[data-progress-lesson]');
  if (!panel) return;
  const { state, lines } = lessonPanel(store, { slug: panel.dataset.progressLesson!, hasExercise: flag(panel, 'hasExercise'), hasQuiz: flag(panel, 'hasQuiz') });
  panel.dataset.state = state;
  const status = panel.querySelector<HTMLElement>('[data-progress-state]');
  if (status) status.textContent = state === 'complete' ? 'Lesson complete.' : state === 'solved-with-help' ? 'Done, with the exercise solved with help.' : STATE_TEXT[state];
  const list = panel.querySelector<HTMLElement>('[data-progress-lines]');
  if (list) list.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
}

function renderContinue(store: ProgressStore, lessons: CourseEntry[]) {
  const target = continueTarget(store, lessons);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-continue]')) {
    if (!target) continue;
    const label = link.querySelector<HTMLElement>('[data-continue-label]') ?? link;
    if (target.kind === 'done') {
      link.href = '/lessons/';
      label.textContent = doneText(comingCount());
    } else {
      link.href = target.lesson.href;
      const verb = target.kind === 'start' ? 'Start' : target.kind === 'continue' ? 'Continue with' : 'Next up:';
      label.textContent = `${verb} lesson ${target.lesson.number}: ${target.lesson.title}`;
    }
  }
  const totals = courseTotals(store, lessons);
  for (const el of document.querySelectorAll<HTMLElement>('[data-course-progress]')) {
    el.hidden = false;
    const text = el.querySelector<HTMLElement>('[data-course-progress-text]');
    if (text) text.textContent = courseTotalText(totals, comingCount());
    const bar = el.querySelector<HTMLProgressElement>('progress');
    if (bar) {
      bar.max = totals.total;
      bar.value = totals.complete;
    }
  }
}

function renderNotice(store: ProgressStore) {
  const notice = document.querySelector<HTMLElement>('[data-progress-notice]');
  if (!notice) return;
  const problem = store.problem;
  notice.hidden = !problem;
  if (!problem) return;
  notice.querySelector('[data-progress-notice-text]')!.textContent = noticeText(problem);
  const download = notice.querySelector<HTMLButtonElement>('[data-progress-download-aside]')!;
  download.hidden = problem.kind !== 'set-aside';
  download.onclick = () => downloadText(store.setAsideText() ?? '', 'websocket-lab-progress-set-aside.json');
  const dismiss = notice.querySelector<HTMLButtonElement>('[data-progress-dismiss]')!;
  dismiss.hidden = problem.kind !== 'set-aside';
  dismiss.onclick = () => store.dismissProblem();
}

/** Saves text as a file. */
export function downloadText(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const store = progressStore();
const lessons = courseEntries();
const visited = document.querySelector<HTMLElement>('.lesson-status--panel[data-progress-lesson]')?.dataset.progressLesson;
if (visited) store.recordVisit(visited);

function render() {
  renderBadges(store);
  renderPanel(store);
  renderContinue(store, lessons);
  renderNotice(store);
}
store.subscribe(render);
render();
