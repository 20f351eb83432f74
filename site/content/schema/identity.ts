/**
 * What a lesson is called and how it is found: the fields the course map, the page
 * head and the search index all read.
 */
import { z } from 'astro/zod';

/** Lowercase words joined by dashes, so a tag can appear in a URL unchanged. */
const tag = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'write tags in lowercase words joined by dashes, e.g. "close-codes"')
  .describe('One topic the lesson covers, e.g. "handshake" or "close-codes".');

/** Shape fragment: `title`, `summary`, `tags`. */
export const identityFields = {
  title: z
    .string({ required_error: 'every lesson needs a title' })
    .trim()
    .min(1, 'the title must not be empty')
    .max(80, 'keep the title under 80 characters; it is a heading and a link text')
    .describe('The lesson title, shown as its heading, in the course map and in search results.'),
  summary: z
    .string({ required_error: 'every lesson needs a one-sentence summary' })
    .trim()
    .min(1, 'the summary must not be empty')
    .max(280, 'keep the summary to one or two sentences (280 characters at most)')
    .describe('One or two sentences saying what the learner will be able to do; shown in the course map.'),
  tags: z
    .array(tag)
    .default([])
    .refine((tags) => new Set(tags).size === tags.length, 'tags must not repeat')
    .describe('Topics the lesson covers; used for search filters.'),
};
