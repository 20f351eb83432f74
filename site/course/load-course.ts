/**
 * The course built from the content collections, once per build. The only module in
 * site/course that touches `astro:content`; everything it returns is plain data from
 * `course.ts`.
 */
import { getCollection } from 'astro:content';
import { buildCourse, type Course, type LessonEntryInput, type PartEntryInput } from './course.ts';

let cached: Promise<Course> | undefined;

/** The course: parts, lessons in order, prev/next. */
export function loadCourse(): Promise<Course> {
  cached ??= (async () => {
    // Typed here rather than through astro:content, whose generated types are shadowed
    // by Astro's own `any` stubs under tsc; the loader has already parsed the data with
    // these very schemas.
    const parts: PartEntryInput[] = await getCollection('parts');
    const lessons: LessonEntryInput[] = await getCollection('lessons');
    return buildCourse(
      parts.map((p) => ({ id: p.id, data: p.data, filePath: p.filePath })),
      lessons.map((l) => ({ id: l.id, data: l.data, filePath: l.filePath })),
    );
  })();
  return cached;
}
