/**
 * Props of the components lesson authors use in MDX, checked with zod so a typo in a
 * lesson (`kind="tip"`) fails the build with a message saying what is allowed.
 */
import { z } from 'astro/zod';
import { keyTermSchema } from '../../content/schema/key-terms.ts';
import { formatIssues } from '../../content/schema/issues.ts';

/** The kinds of callout and the title each shows unless given another. */
export const calloutKinds = {
  note: 'Note',
  warning: 'Warning',
  mistake: 'Common mistake',
} as const;

/** `<Callout kind="mistake" title="…">`. */
export const calloutPropsSchema = z
  .object({
    kind: z
      .enum(['note', 'warning', 'mistake'], {
        errorMap: () => ({ message: 'kind must be "note", "warning" or "mistake"' }),
      })
      .default('note')
      .describe('note: an aside; warning: something that bites; mistake: a "Common mistake" box.'),
    title: z.string().trim().min(1).optional().describe('Overrides the default title of the kind.'),
  })
  .strict();

/** `<Figure caption="…">`. */
export const figurePropsSchema = z
  .object({
    caption: z.string().trim().min(1).optional().describe('The caption; or use a slot="caption" element for rich text.'),
  })
  .strict();

/** `<Tab label="FastAPI">` inside `<CodeTabs>`. */
export const tabPropsSchema = z
  .object({
    label: z.string().trim().min(1, 'a <Tab> needs a label, e.g. label="FastAPI"').describe('The tab’s name.'),
  })
  .strict();

/** `<KeyTerms />`, or `<KeyTerms terms={[…]} title="…" />`. */
export const keyTermsPropsSchema = z
  .object({
    terms: z.array(keyTermSchema).min(1).optional().describe("Defaults to the lesson's `terms` frontmatter."),
    title: z.string().trim().min(1).default('Key terms').describe('The box title.'),
  })
  .strict();

/**
 * Validates a component's props.
 * @throws an Error naming the component and every problem.
 */
export function checkProps<T extends z.ZodTypeAny>(component: string, schema: T, props: unknown): z.output<T> {
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  throw new Error(`<${component}> has invalid props:\n${formatIssues(result.error.issues)}`);
}
