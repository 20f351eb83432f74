/**
 * The meta file of a part (`lessons/NN-part/part.json`): its title and summary, and the
 * lessons planned for it that are not written yet, shown as "coming" on the course map.
 */
import { z } from 'astro/zod';

/** A lesson of the curriculum that has no folder yet. */
export const plannedLessonSchema = z
  .object({
    number: z.number().int().positive().describe('The lesson number in the whole course (1, 2, … 22).'),
    title: z.string().trim().min(1).describe('The planned title.'),
  })
  .strict();

/** A part of the course. */
export const partSchema = z
  .object({
    title: z
      .string({ required_error: 'every part needs a title' })
      .trim()
      .min(1, 'every part needs a title')
      .describe('The part title, e.g. "Frames".'),
    summary: z
      .string({ required_error: 'every part needs a summary' })
      .trim()
      .min(1, 'every part needs a summary')
      .describe('One sentence on what the part covers.'),
    planned: z
      .array(plannedLessonSchema)
      .default([])
      .describe('Lessons of this part that are not written yet; a lesson folder with the same number replaces its entry.'),
  })
  .strict();

export type PartMeta = z.infer<typeof partSchema>;
export type PlannedLesson = z.infer<typeof plannedLessonSchema>;
