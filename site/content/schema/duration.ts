/** How long a lesson takes, so learners can plan a sitting. */
import { z } from 'astro/zod';

/** Shape fragment: `minutes`. */
export const durationFields = {
  minutes: z
    .number({ required_error: 'say how many minutes the lesson takes', invalid_type_error: 'minutes must be a number' })
    .int('minutes must be a whole number')
    .positive('minutes must be at least 1')
    .max(240, 'a lesson over 240 minutes should be split')
    .describe('Estimated minutes to read the lesson and do its interactive parts, a whole number ≥ 1.'),
};
