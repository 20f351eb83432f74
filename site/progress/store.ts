/**
 * The learner's progress: quiz answers and results, exercises passed. Kept in
 * localStorage under a versioned key, validated on every read. Data that is not ours
 * (bad JSON, another version, the wrong shape) is moved aside to a backup key and
 * reported, never thrown at a page. Without storage (private modes, blocked cookies)
 * progress lives in memory for the visit and the page says so.
 */
export const PROGRESS_KEY = 'websocket-lab:progress:v1';
/** Where unreadable data is set aside, so nothing is lost. */
export const PROGRESS_BACKUP_KEY = 'websocket-lab:progress:set-aside';
export const PROGRESS_VERSION = 1;

/** A lesson's quiz: the answers given, which questions were right, and whether it passed. */
export interface QuizRecord {
  answers: Record<string, unknown>;
  correct: string[];
  total: number;
  passed: boolean;
  /**
   * Questions whose answer the learner was shown (on request, or after a second miss)
   * rather than found, since the quiz was last started over. Absent in data saved before
   * answers could be shown: read as none.
   */
  revealed?: string[];
  updatedAt: string;
}

export interface ExerciseRecord {
  passed: boolean;
  updatedAt: string;
}

export interface LessonProgress {
  quiz?: QuizRecord;
  exercise?: ExerciseRecord;
  lastVisited?: string;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

// The shape is checked by hand: this runs on every lesson page, where a schema library
// would cost more script than the whole store.
type Check = (value: unknown, path: string) => string | undefined;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const fields = (shape: Record<string, { check: Check; optional?: boolean }>): Check => (value, path) => {
  if (!isObject(value)) return `${path} should be an object`;
  for (const [name, { check, optional }] of Object.entries(shape)) {
    if (value[name] === undefined) {
      if (optional) continue;
      return `${path}.${name} is missing`;
    }
    const problem = check(value[name], `${path}.${name}`);
    if (problem) return problem;
  }
  for (const name of Object.keys(value)) if (!(name in shape)) return `${path}.${name} is not a progress field`;
  return undefined;
};
const string: Check = (v, path) => (typeof v === 'string' && v.length > 0 ? undefined : `${path} should be a non-empty string`);
const boolean: Check = (v, path) => (typeof v === 'boolean' ? undefined : `${path} should be true or false`);
const count: Check = (v, path) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : `${path} should be a whole number`);
const strings: Check = (v, path) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `${path} should be a list of question ids`);
const anyObject: Check = (v, path) => (isObject(v) ? undefined : `${path} should be an object`);
const quizCheck = fields({
  answers: { check: anyObject },
  correct: { check: strings },
  total: { check: count },
  passed: { check: boolean },
  revealed: { check: strings, optional: true },
  updatedAt: { check: string },
});
const exerciseCheck = fields({ passed: { check: boolean }, updatedAt: { check: string } });
const lessonCheck = fields({ quiz: { check: quizCheck, optional: true }, exercise: { check: exerciseCheck, optional: true }, lastVisited: { check: string, optional: true } });
const lessonsCheck: Check = (v, path) => {
  if (!isObject(v)) return `${path} should be an object`;
  for (const [id, lesson] of Object.entries(v)) {
    const problem = lessonCheck(lesson, `${path}.${id}`);
    if (problem) return problem;
  }
  return undefined;
};

/** Why the store is not using localStorage as usual, for the notice a page shows. */
export type ProgressProblem =
  | { kind: 'set-aside'; reason: string; backupKey: string }
  | { kind: 'no-storage' };

/** The small part of the Storage interface the store uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const empty = (): Progress => ({ version: PROGRESS_VERSION, lessons: {} });

/** Parses stored text: the progress, or why it cannot be used. */
export function parseProgress(text: string): { ok: true; progress: Progress } | { ok: false; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'it is not a progress object' };
  const version = (data as { version?: unknown }).version;
  if (version !== PROGRESS_VERSION) {
    return { ok: false, reason: version === undefined ? 'it has no version' : `it is version ${JSON.stringify(version)}, not ${PROGRESS_VERSION}` };
  }
  const problem = lessonsCheck((data as { lessons?: unknown }).lessons, 'lessons');
  if (problem) return { ok: false, reason: problem };
  const extra = Object.keys(data).find((name) => name !== 'version' && name !== 'lessons');
  if (extra) return { ok: false, reason: `${extra} is not a progress field` };
  return { ok: true, progress: data as Progress };
}

/** A progress store over some storage; the page uses the one from {@link progressStore}. */
export class ProgressStore {
  private cache: Progress | undefined;
  private problemSeen: ProgressProblem | undefined;
  private readonly listeners = new Set<(progress: Progress) => void>();
  private memory: Progress | undefined;

  constructor(private readonly storage: StorageLike | undefined, private readonly now: () => Date = () => new Date()) {
    if (!storage) this.problemSeen = { kind: 'no-storage' };
  }

  /** The current progress; never throws. */
  get(): Progress {
    if (this.cache) return this.cache;
    this.cache = this.read();
    return this.cache;
  }

  /** What went wrong with stored data, if anything (for a notice). */
  get problem(): ProgressProblem | undefined {
    this.get();
    return this.problemSeen;
  }

  /** Forgets the notice (the data stays in its backup key). */
  dismissProblem(): void {
    if (this.problemSeen?.kind === 'set-aside') this.problemSeen = undefined;
    this.notify();
  }

  /** The set-aside text, for download. */
  setAsideText(): string | null {
    try {
      return this.storage?.getItem(PROGRESS_BACKUP_KEY) ?? null;
    } catch {
      return null;
    }
  }

  lesson(lessonId: string): LessonProgress {
    return this.get().lessons[lessonId] ?? {};
  }

  recordQuiz(lessonId: string, result: Omit<QuizRecord, 'updatedAt'>): void {
    this.update(lessonId, (lesson) => ({ ...lesson, quiz: { ...result, updatedAt: this.now().toISOString() } }));
  }

  /** A passing run marks the exercise done; a later failing run does not undo it. */
  recordExercise(lessonId: string, passed: boolean): void {
    this.update(lessonId, (lesson) => ({
      ...lesson,
      exercise: { passed: passed || lesson.exercise?.passed === true, updatedAt: this.now().toISOString() },
    }));
  }

  recordVisit(lessonId: string): void {
    this.update(lessonId, (lesson) => ({ ...lesson, lastVisited: this.now().toISOString() }));
  }

  /** A lesson is complete when its quiz is passed and its exercise, if it has one, passes. */
  isLessonComplete(lessonId: string, opts: { hasExercise: boolean; hasQuiz?: boolean }): boolean {
    const lesson = this.lesson(lessonId);
    const quizDone = opts.hasQuiz === false || lesson.quiz?.passed === true;
    const exerciseDone = !opts.hasExercise || lesson.exercise?.passed === true;
    return quizDone && exerciseDone;
  }

  /** Not started, started, or complete. */
  lessonState(lessonId: string, opts: { hasExercise: boolean; hasQuiz?: boolean }): 'not-started' | 'in-progress' | 'complete' {
    if (this.isLessonComplete(lessonId, opts)) return 'complete';
    const lesson = this.lesson(lessonId);
    return lesson.quiz || lesson.exercise || lesson.lastVisited ? 'in-progress' : 'not-started';
  }

  /** The progress as a JSON document to save in a file. */
  exportProgress(): string {
    return JSON.stringify(this.get(), null, 2);
  }

  /** Replaces the progress with a file's contents, if it is valid; otherwise nothing changes. */
  importProgress(json: string): { ok: true; lessons: number } | { ok: false; message: string } {
    const parsed = parseProgress(json);
    if (!parsed.ok) return { ok: false, message: `This file is not WebSocket Lab progress: ${parsed.reason}. Your progress is unchanged.` };
    this.write(parsed.progress);
    return { ok: true, lessons: Object.keys(parsed.progress.lessons).length };
  }

  resetProgress(): void {
    this.write(empty());
  }

  /** Calls `listener` on every change, here or in another tab. Returns the unsubscribe function. */
  subscribe(listener: (progress: Progress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab wrote the key: read it again. */
  storageChanged(key: string | null): void {
    if (key !== null && key !== PROGRESS_KEY) return;
    this.cache = undefined;
    this.notify();
  }

  private update(lessonId: string, change: (lesson: LessonProgress) => LessonProgress): void {
    const current = this.get();
    this.write({ ...current, lessons: { ...current.lessons, [lessonId]: change(current.lessons[lessonId] ?? {}) } });
  }

  private read(): Progress {
    if (!this.storage) return this.memory ?? empty();
    let text: string | null;
    try {
      text = this.storage.getItem(PROGRESS_KEY);
    } catch {
      this.problemSeen = { kind: 'no-storage' };
      return this.memory ?? empty();
    }
    if (text === null) return empty();
    const parsed = parseProgress(text);
    if (parsed.ok) return parsed.progress;
    // Not ours, or damaged: keep it under the backup key, start afresh, and say so.
    try {
      this.storage.setItem(PROGRESS_BACKUP_KEY, text);
      this.storage.removeItem(PROGRESS_KEY);
    } catch {
      /* the notice still shows; the bad data stays where it was */
    }
    this.problemSeen = { kind: 'set-aside', reason: parsed.reason, backupKey: PROGRESS_BACKUP_KEY };
    return empty();
  }

  private write(progress: Progress): void {
    this.cache = progress;
    if (this.storage && this.problemSeen?.kind !== 'no-storage') {
      try {
        this.storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
      } catch {
        this.problemSeen = { kind: 'no-storage' };
        this.memory = progress;
      }
    } else {
      this.memory = progress;
    }
    this.notify();
  }

  private notify(): void {
    const progress = this.get();
    for (const listener of this.listeners) listener(progress);
  }
}

let shared: ProgressStore | undefined;

/** The page's store over localStorage (in memory when storage is unavailable). */
export function progressStore(): ProgressStore {
  if (shared) return shared;
  let storage: StorageLike | undefined;
  try {
    storage = globalThis.localStorage;
    // Touch it: some browsers expose localStorage but throw on use.
    storage?.getItem(PROGRESS_KEY);
  } catch {
    storage = undefined;
  }
  const store = new ProgressStore(storage);
  shared = store;
  globalThis.addEventListener?.('storage', (event: Event) => store.storageChanged((event as StorageEvent).key));
  return store;
}

/** Records an exercise run in the page's store (the exercise island's one call). */
export const recordExercise = (lessonId: string, passed: boolean): void => progressStore().recordExercise(lessonId, passed);
