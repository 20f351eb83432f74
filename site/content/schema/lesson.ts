/**
 * The frontmatter of a lesson (`lessons/NN-part/NN-lesson/index.mdx`), composed from
 * one small schema per concept so each can be read, tested and reused alone.
 */
import { z } from 'astro/zod';
import { quizSchema } from './quiz.ts';
import { durationFields } from './duration.ts';
import { exerciseFields } from './exercise.ts';
import { identityFields } from './identity.ts';
import { interactiveFields } from './interactive.ts';
import { keyTermsFields } from './key-terms.ts';
import { objectivesFields } from './objectives.ts';

/** A lesson's frontmatter. Unknown keys are rejected so a misspelt field is caught. */
export const lessonSchema = z
  .object({
    ...identityFields,
    ...objectivesFields,
    ...durationFields,
    ...interactiveFields,
    ...exerciseFields,
    ...keyTermsFields,
    quiz: quizSchema,
  })
  .strict();

/** Frontmatter as written (defaults not yet applied). */
export type LessonFrontmatterInput = z.input<typeof lessonSchema>;
/** Frontmatter after validation. */
export type LessonFrontmatter = z.infer<typeof lessonSchema>;
