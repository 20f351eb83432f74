/** What the learner can do after the lesson, listed at its top. */
import { z } from 'astro/zod';

/** Shape fragment: `objectives`. */
export const objectivesFields = {
  objectives: z
    .array(
      z.string().trim().min(1, 'an objective must not be empty').describe('One thing the learner can do afterwards, starting with a verb.'),
      { required_error: 'list at least one learning objective' },
    )
    .min(1, 'list at least one learning objective')
    .describe('What the learner will be able to do after the lesson; shown as a list under the title.'),
};
