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
/** Where an exercise's code is saved, one key per lesson (apart from the progress, which every page reads). */
export const CODE_KEY_PREFIX = 'websocket-lab:code:v1:';
export const codeKey = (lessonId: string) => `${CODE_KEY_PREFIX}${lessonId}`;
/** The most code one exercise may hold in an imported file. */
const MAX_CODE_CHARS = 200_000;

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
  /** Every check passed on the learner's own code. */
  passed: boolean;
  /**
   * Every check passed, but on code from the Solve button: shown as "solved with help",
   * not as passed, until the learner passes it on their own. Absent in older data.
   */
  solvedWithHelp?: boolean;
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
const exerciseCheck = fields({ passed: { check: boolean }, solvedWithHelp: { check: boolean, optional: true }, updatedAt: { check: string } });
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

/** The small part of the Storage interface the store uses (`key` and `length` to find every exercise's code). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key?(index: number): string | null;
  readonly length?: number;
}

/** A progress file: the progress, and the code saved for each exercise (files from before code was exported have none). */
export interface ProgressFile extends Progress {
  code?: Record<string, string>;
}

const codeCheck: Check = (v, path) => {
  if (!isObject(v)) return `${path} should be an object of lesson ids and code`;
  for (const [id, text] of Object.entries(v)) {
    if (typeof text !== 'string') return `${path}.${id} should be the exercise's code, as text`;
    if (text.length > MAX_CODE_CHARS) return `${path}.${id} is longer than ${MAX_CODE_CHARS.toLocaleString('en')} characters`;
  }
  return undefined;
};

/** Reads a progress file (progress and saved code), or says what is wrong with it. */
export function parseProgressFile(text: string): { ok: true; file: ProgressFile } | { ok: false; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  if (!isObject(data)) return { ok: false, reason: 'it is not a progress object' };
  const { code, ...progress } = data;
  if (code !== undefined) {
    const problem = codeCheck(code, 'code');
    if (problem) return { ok: false, reason: problem };
  }
  const parsed = parseProgress(JSON.stringify(progress));
  if (!parsed.ok) return parsed;
  return { ok: true, file: { ...parsed.progress, ...(code !== undefined ? { code: code as Record<string, string> } : {}) } };
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

  /**
   * A passing run on the learner's own code marks the exercise passed; one on code from
   * Solve (`withHelp`) marks it solved with help, unless it was passed already. A later
   * failing run undoes neither.
   */
  recordExercise(lessonId: string, passed: boolean, options: { withHelp?: boolean } = {}): void {
    this.update(lessonId, (lesson) => {
      const before = lesson.exercise;
      const own = before?.passed === true || (passed && !options.withHelp);
      const helped = !own && (before?.solvedWithHelp === true || (passed && options.withHelp === true));
      return { ...lesson, exercise: { passed: own, ...(helped ? { solvedWithHelp: true } : {}), updatedAt: this.now().toISOString() } };
    });
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

  /** Not started, started, complete, or complete but for an exercise solved with help. */
  lessonState(lessonId: string, opts: { hasExercise: boolean; hasQuiz?: boolean }): 'not-started' | 'in-progress' | 'complete' | 'solved-with-help' {
    if (this.isLessonComplete(lessonId, opts)) return 'complete';
    const lesson = this.lesson(lessonId);
    if (opts.hasExercise && lesson.exercise?.solvedWithHelp && (opts.hasQuiz === false || lesson.quiz?.passed)) return 'solved-with-help';
    return lesson.quiz || lesson.exercise || lesson.lastVisited ? 'in-progress' : 'not-started';
  }

  /** The code saved for each exercise, by lesson id. */
  savedCode(): Record<string, string> {
    const code: Record<string, string> = {};
    for (const id of this.codeLessons()) {
      try {
        const text = this.storage?.getItem(codeKey(id));
        if (typeof text === 'string') code[id] = text;
      } catch {
        /* unreadable storage: nothing to export */
      }
    }
    return code;
  }

  /** The progress and every exercise's saved code, as a JSON document to save in a file. */
  exportProgress(): string {
    const file: ProgressFile = { ...this.get(), code: this.savedCode() };
    return JSON.stringify(file, null, 2);
  }

  /**
   * Replaces the progress with a file's contents and puts back the code it holds, if the
   * whole file is valid; otherwise nothing changes. Code of exercises the file does not
   * mention stays as it is.
   */
  importProgress(json: string): { ok: true; lessons: number; code: number } | { ok: false; message: string } {
    const parsed = parseProgressFile(json);
    if (!parsed.ok) return { ok: false, message: `This file is not WebSocket Lab progress: ${parsed.reason}. Your progress and code are unchanged.` };
    const { code = {}, ...progress } = parsed.file;
    // The code first: if storage refuses it, the progress is not replaced either.
    const previous = this.savedCode();
    try {
      for (const [id, text] of Object.entries(code)) this.storage?.setItem(codeKey(id), text);
    } catch {
      for (const id of Object.keys(code)) {
        try {
          if (previous[id] !== undefined) this.storage?.setItem(codeKey(id), previous[id]);
          else this.storage?.removeItem(codeKey(id));
        } catch { /* best effort: storage is failing */ }
      }
      return { ok: false, message: 'This browser would not store the file’s code (its storage is full or blocked). Your progress and code are unchanged.' };
    }
    this.write(progress);
    return { ok: true, lessons: Object.keys(progress.lessons).length, code: Object.keys(code).length };
  }

  /** Deletes all progress and every exercise's saved code. */
  resetProgress(): void {
    for (const id of this.codeLessons()) {
      try {
        this.storage?.removeItem(codeKey(id));
      } catch { /* nothing more to do */ }
    }
    this.write(empty());
  }

  /** Lessons with saved code: every code key in storage, or, where storage cannot list its keys, the lessons in the progress. */
  private codeLessons(): string[] {
    const ids = new Set<string>();
    const storage = this.storage;
    try {
      if (storage?.key && typeof storage.length === 'number') {
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (key?.startsWith(CODE_KEY_PREFIX)) ids.add(key.slice(CODE_KEY_PREFIX.length));
        }
      } else {
        for (const id of Object.keys(this.get().lessons)) if (storage?.getItem(codeKey(id)) != null) ids.add(id);
      }
    } catch { /* storage unreadable */ }
    return [...ids].sort();
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

/** Records an exercise run in the page's store (the exercise island's one call); `withHelp` when the code came from Solve. */
export const recordExercise = (lessonId: string, passed: boolean, options: { withHelp?: boolean } = {}): void =>
  progressStore().recordExercise(lessonId, passed, options);
