/**
 * Lesson and part folders carry their order in a number prefix
 * (`02-frames/06-masking`); the number sets the order and the rest is the slug.
 */

/** A folder name split into its order number and slug. */
export interface NumberedSegment {
  number: number;
  slug: string;
}

const SEGMENT = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * Splits `06-masking` into `{ number: 6, slug: 'masking' }`.
 * @throws when the name is not digits, a dash and a lowercase dashed slug.
 */
export function parseNumberedSegment(name: string): NumberedSegment {
  const match = SEGMENT.exec(name);
  if (!match) {
    throw new Error(
      `"${name}" is not a numbered folder name: expected digits, a dash and a lowercase slug, e.g. "06-masking"`,
    );
  }
  return { number: Number(match[1]), slug: match[2] };
}

/**
 * The part and lesson folders of a lesson entry id or path:
 * `01-foundations/01-why-websocket` or `01-foundations/01-why-websocket/index.mdx`.
 * @throws when the path is not exactly a part folder and a lesson folder.
 */
export function parseLessonPath(path: string): { part: NumberedSegment & { folder: string }; lesson: NumberedSegment & { folder: string } } {
  const segments = path.replace(/\\/g, '/').replace(/\/index\.mdx$/, '').split('/').filter(Boolean);
  if (segments.length !== 2) {
    throw new Error(`"${path}" must be <NN-part>/<NN-lesson>/index.mdx, e.g. 02-frames/06-masking/index.mdx`);
  }
  const [partFolder, lessonFolder] = segments as [string, string];
  return {
    part: { folder: partFolder, ...parseNumberedSegment(partFolder) },
    lesson: { folder: lessonFolder, ...parseNumberedSegment(lessonFolder) },
  };
}
