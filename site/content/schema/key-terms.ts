/**
 * Key terms a lesson introduces. `<KeyTerms />` shows them in the lesson, and the
 * glossary page is generated from every lesson's terms, so a definition is written once.
 */
import { z } from 'astro/zod';

/** One term and its definition. */
export const keyTermSchema = z
  .object({
    term: z.string().trim().min(1, 'a key term needs its term').describe('The word or phrase, as it appears in the prose.'),
    definition: z
      .string()
      .trim()
      .min(1, 'a key term needs a definition')
      .describe('A one- or two-sentence definition in plain text; shown in the lesson and in the glossary.'),
  })
  .strict();

/** Shape fragment: `terms`. */
export const keyTermsFields = {
  terms: z
    .array(keyTermSchema)
    .default([])
    .refine(
      (terms) => new Set(terms.map((t) => t.term.toLowerCase())).size === terms.length,
      'a term must not be defined twice in one lesson',
    )
    .describe('Key terms the lesson introduces; rendered by <KeyTerms /> and gathered into the glossary.'),
};

export type KeyTerm = z.infer<typeof keyTermSchema>;
