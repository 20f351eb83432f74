/**
 * The quiz questions a lesson declares in its frontmatter (`quiz: [...]`).
 * One schema per kind; every answer carries its own explanation.
 */
import { z } from 'astro/zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes')
  .describe('Stable id of the question within its lesson; saved answers are keyed by it.');
const prompt = z.string().min(1).describe('The question, in Markdown-free plain text.');

/** One option of a single- or multiple-choice question. */
export const choiceOptionSchema = z.object({
  text: z.string().min(1).describe('What the learner sees.'),
  correct: z.boolean().default(false).describe('Whether choosing this option is right.'),
  explain: z.string().min(1).describe('Why this option is right or wrong; shown after answering.'),
});

/** Exactly one option is correct. */
export const singleChoiceSchema = z
  .object({
    kind: z.literal('single').describe('Single choice: one correct option.'),
    id,
    prompt,
    options: z.array(choiceOptionSchema).min(2).describe('The options, in display order.'),
  })
  .refine((q) => q.options.filter((o) => o.correct).length === 1, {
    message: 'a single-choice question needs exactly one option with correct: true',
    path: ['options'],
  });

/** One or more options are correct; the learner must pick exactly those. */
export const multipleChoiceSchema = z
  .object({
    kind: z.literal('multiple').describe('Multiple choice: pick every correct option.'),
    id,
    prompt,
    options: z.array(choiceOptionSchema).min(2).describe('The options, in display order.'),
  })
  .refine((q) => q.options.some((o) => o.correct), {
    message: 'a multiple-choice question needs at least one option with correct: true',
    path: ['options'],
  });

/** The learner types bytes in hex; spaces, case and `0x` prefixes are ignored. */
export const bytesSchema = z.object({
  kind: z.literal('bytes').describe('Type the bytes: the answer is a byte sequence in hex.'),
  id,
  prompt,
  answer: z
    .string()
    .regex(/^(\s*(0x)?[0-9a-fA-F]{2})+\s*$/, 'write the answer as hex bytes, e.g. "81 05"')
    .describe('The expected bytes in hex, e.g. "81 05 48 65 6c 6c 6f".'),
  explain: z.string().min(1).describe('How the bytes are derived; shown after answering.'),
  hint: z.string().optional().describe('An optional nudge shown on request.'),
});

/** The learner puts steps in order (drag or keyboard). */
export const orderSchema = z.object({
  kind: z.literal('order').describe('Order the steps: listed here in the correct order, shown shuffled.'),
  id,
  prompt,
  steps: z
    .array(z.object({ text: z.string().min(1).describe('One step.') }))
    .min(2)
    .describe('The steps in their correct order.'),
  explain: z.string().min(1).describe('Why this is the order; shown after answering.'),
});

/** The learner clicks bits in a frame header drawn from lib's explainFrame. */
export const bitsSchema = z.object({
  kind: z.literal('bits').describe('Click the bit: choose bits in a frame header.'),
  id,
  prompt,
  frame: z
    .string()
    .regex(/^(\s*[0-9a-fA-F]{2})+\s*$/, 'write the frame as hex bytes')
    .describe('The frame as hex bytes; its header is drawn bit by bit.'),
  answer: z
    .array(z.number().int().nonnegative())
    .min(1)
    .describe('Bit offsets from the first bit of the frame (0 = the FIN bit) that must be selected, and no others.'),
  explain: z.string().min(1).describe('Why these bits; shown after answering.'),
});

/** Any quiz question. */
export const questionSchema = z.union([singleChoiceSchema, multipleChoiceSchema, bytesSchema, orderSchema, bitsSchema]);

/** A lesson's quiz: 3–6 questions with unique ids. */
export const quizSchema = z
  .array(questionSchema)
  .min(1)
  .max(8)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'question ids must be unique within a lesson' })
  .describe('The quiz at the end of the lesson.');

export type QuizQuestion = z.infer<typeof questionSchema>;
export type Quiz = z.infer<typeof quizSchema>;
