/** Content schemas of the course: lessons and parts. */
export { lessonSchema, type LessonFrontmatter, type LessonFrontmatterInput } from './lesson.ts';
export { partSchema, plannedLessonSchema, type PartMeta, type PlannedLesson } from './part.ts';
export { keyTermSchema, type KeyTerm } from './key-terms.ts';
export { exerciseSchema, type Exercise } from './exercise.ts';
export { interactiveKinds, declaredInteractiveKinds, type InteractiveKind } from './interactive.ts';
export { formatIssues } from './issues.ts';
