/**
 * The course model: parts in order, each with its lessons in order, every lesson with
 * its number, URL, previous and next, and the interactive pieces it has. Built from
 * plain data (collection entries) so it can be tested without Astro.
 */
import type { LessonFrontmatter } from '../content/schema/lesson.ts';
import type { PartMeta } from '../content/schema/part.ts';
import { interactiveKinds, type InteractiveKind } from '../content/schema/interactive.ts';
import { parseLessonPath, parseNumberedSegment } from './numbered-path.ts';

/** A lesson entry as the content collection gives it. */
export interface LessonEntryInput {
  /** `01-foundations/01-why-websocket` */
  id: string;
  data: LessonFrontmatter;
  /** For error messages, e.g. `lessons/01-foundations/01-why-websocket/index.mdx`. */
  filePath?: string;
}

/** A part meta entry as the content collection gives it. */
export interface PartEntryInput {
  /** The part folder, `01-foundations`. */
  id: string;
  data: PartMeta;
  filePath?: string;
}

/** Enough about a lesson to link to it. */
export interface LessonLink {
  slug: string;
  number: number;
  title: string;
  href: string;
}

/** A written lesson, placed in the course. */
export interface CourseLesson extends LessonLink {
  status: 'available';
  /** The collection entry id, for `render()`. */
  entryId: string;
  partNumber: number;
  partTitle: string;
  summary: string;
  objectives: string[];
  minutes: number;
  tags: string[];
  /** Interactive pieces in display order; `exercise` and `quiz` come from their fields. */
  interactive: InteractiveKind[];
  prev?: LessonLink;
  next?: LessonLink;
  data: LessonFrontmatter;
}

/** A lesson of the curriculum not written yet. */
export interface ComingLesson {
  status: 'coming';
  number: number;
  title: string;
}

/** A part with its lessons. */
export interface CoursePart {
  /** The folder, `01-foundations`. */
  id: string;
  number: number;
  slug: string;
  title: string;
  summary: string;
  /** Written lessons only, in order. */
  lessons: CourseLesson[];
  /** Written and coming lessons together, in curriculum order. */
  outline: (CourseLesson | ComingLesson)[];
  /** Sum of the written lessons' minutes. */
  minutes: number;
}

/** The whole course. */
export interface Course {
  parts: CoursePart[];
  /** Every written lesson in course order. */
  lessons: CourseLesson[];
  totalMinutes: number;
  /** Lessons planned in the parts' `part.json` and not written yet, in course order. */
  coming: ComingLesson[];
  /** The lesson with this slug, if written. */
  lesson(slug: string): CourseLesson | undefined;
}

/** Where a lesson lives: `/lessons/<slug>/`. */
export function lessonHref(slug: string): string {
  return `/lessons/${slug}/`;
}

/** The interactive pieces of a lesson, in the course map's order. */
export function interactiveOf(data: Pick<LessonFrontmatter, 'interactive' | 'exercise' | 'quiz'>): InteractiveKind[] {
  const has = new Set<InteractiveKind>(data.interactive);
  if (data.exercise) has.add('exercise');
  if (data.quiz.length > 0) has.add('quiz');
  return interactiveKinds.filter((k) => has.has(k));
}

const where = (e: { id: string; filePath?: string }) => e.filePath ?? e.id;

/**
 * Builds the course from the collection entries.
 * @throws with every problem listed (file, what is wrong) when folders are misnumbered,
 *   a lesson has no part meta file, or two lessons share a number or a slug.
 */
export function buildCourse(partEntries: readonly PartEntryInput[], lessonEntries: readonly LessonEntryInput[]): Course {
  const problems: string[] = [];
  const parts = new Map<string, CoursePart>();
  const partNumbers = new Map<number, string>();

  for (const entry of partEntries) {
    let segment;
    try {
      segment = parseNumberedSegment(entry.id);
    } catch (error) {
      problems.push(`${where(entry)}: ${(error as Error).message}`);
      continue;
    }
    const clash = partNumbers.get(segment.number);
    if (clash) problems.push(`${where(entry)}: part number ${segment.number} is also used by ${clash}`);
    partNumbers.set(segment.number, entry.id);
    parts.set(entry.id, {
      id: entry.id,
      number: segment.number,
      slug: segment.slug,
      title: entry.data.title,
      summary: entry.data.summary,
      lessons: [],
      outline: [],
      minutes: 0,
    });
  }

  const bySlug = new Map<string, CourseLesson>();
  const byNumber = new Map<number, CourseLesson>();
  for (const entry of lessonEntries) {
    let path;
    try {
      path = parseLessonPath(entry.id);
    } catch (error) {
      problems.push(`${where(entry)}: ${(error as Error).message}`);
      continue;
    }
    const part = parts.get(path.part.folder);
    if (!part) {
      problems.push(`${where(entry)}: its part folder "${path.part.folder}" has no part.json (title, summary)`);
      continue;
    }
    const lesson: CourseLesson = {
      status: 'available',
      entryId: entry.id,
      slug: path.lesson.slug,
      number: path.lesson.number,
      href: lessonHref(path.lesson.slug),
      title: entry.data.title,
      partNumber: part.number,
      partTitle: part.title,
      summary: entry.data.summary,
      objectives: entry.data.objectives,
      minutes: entry.data.minutes,
      tags: entry.data.tags,
      interactive: interactiveOf(entry.data),
      data: entry.data,
    };
    const sameSlug = bySlug.get(lesson.slug);
    if (sameSlug) problems.push(`${where(entry)}: slug "${lesson.slug}" is also used by ${sameSlug.entryId}; lesson URLs must be unique`);
    const sameNumber = byNumber.get(lesson.number);
    if (sameNumber) problems.push(`${where(entry)}: lesson number ${lesson.number} is also used by ${sameNumber.entryId}`);
    bySlug.set(lesson.slug, lesson);
    byNumber.set(lesson.number, lesson);
    part.lessons.push(lesson);
  }

  if (problems.length > 0) {
    throw new Error(`The course structure has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  const orderedParts = [...parts.values()].sort((a, b) => a.number - b.number);
  for (const part of orderedParts) {
    part.lessons.sort((a, b) => a.number - b.number);
    part.minutes = part.lessons.reduce((sum, l) => sum + l.minutes, 0);
    const meta = partEntries.find((p) => p.id === part.id)!;
    const coming: ComingLesson[] = meta.data.planned
      .filter((p) => !byNumber.has(p.number))
      .map((p) => ({ status: 'coming', number: p.number, title: p.title }));
    part.outline = [...part.lessons, ...coming].sort((a, b) => a.number - b.number);
  }

  const lessons = orderedParts.flatMap((p) => p.lessons);
  const link = (l: CourseLesson): LessonLink => ({ slug: l.slug, number: l.number, title: l.title, href: l.href });
  lessons.forEach((lesson, i) => {
    const prev = lessons[i - 1];
    const next = lessons[i + 1];
    if (prev) lesson.prev = link(prev);
    if (next) lesson.next = link(next);
  });

  return {
    parts: orderedParts,
    lessons,
    totalMinutes: lessons.reduce((sum, l) => sum + l.minutes, 0),
    coming: orderedParts.flatMap((p) => p.outline.filter((item): item is ComingLesson => item.status === 'coming')),
    lesson: (slug) => bySlug.get(slug),
  };
}
