/**
 * A lesson's coding exercise. The code itself lives beside the lesson in
 * `exercise/` (starter.ts, solution.ts, checks.ts); the frontmatter only names it.
 */
import { z } from 'astro/zod';

/** The exercise as named in frontmatter. */
export const exerciseSchema = z
  .object({
    title: z.string().trim().min(1, 'the exercise needs a title').describe('What the learner builds, e.g. "Compute the accept key".'),
    summary: z.string().trim().min(1, 'the exercise needs a summary').describe('One sentence on what the code must do.'),
    hints: z
      .array(z.string().trim().min(1))
      .max(5)
      .default([])
      .describe('Hints from gentle to nearly the answer, revealed one at a time.'),
  })
  .strict()
  .describe("The lesson's coding exercise; its files live in the lesson's exercise/ folder.");

/** Shape fragment: optional `exercise`. */
export const exerciseFields = {
  exercise: exerciseSchema.optional(),
};

export type Exercise = z.infer<typeof exerciseSchema>;
