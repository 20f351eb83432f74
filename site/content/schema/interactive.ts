/**
 * Which interactive pieces a lesson has, for the badges on the course map. An exercise
 * and a quiz are known from their own fields, so only the pieces that live in the
 * prose are declared here.
 */
import { z } from 'astro/zod';

/** The kinds a lesson declares; `exercise` and `quiz` are derived. */
export const declaredInteractiveKinds = ['visualizer', 'lab'] as const;

/** Every kind the course map shows, in display order. */
export const interactiveKinds = ['visualizer', 'lab', 'exercise', 'quiz'] as const;
export type InteractiveKind = (typeof interactiveKinds)[number];

/** Shape fragment: `interactive`. */
export const interactiveFields = {
  interactive: z
    .array(
      z.enum(declaredInteractiveKinds, {
        errorMap: () => ({
          message: 'interactive lists only "visualizer" and "lab"; an exercise and a quiz are known from their own fields',
        }),
      }),
    )
    .default([])
    .refine((kinds) => new Set(kinds).size === kinds.length, 'interactive must not list a kind twice')
    .describe('Interactive pieces in the prose: "visualizer" (a frame or handshake visualizer) and/or "lab" (a run in the in-page network).'),
};
