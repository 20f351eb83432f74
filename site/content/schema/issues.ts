/**
 * Turns schema failures into messages an author can act on: one line per problem,
 * naming the field by its path (`quiz[1].options`) and saying what is wrong.
 *
 * zod reports a value that matches no member of a union (a quiz question of any kind)
 * as one vague "invalid input". Here the member the author meant is found from the
 * literal that did match (`kind: single`), and its own problems are reported instead.
 */
import { z, type ZodIssue, type ZodTypeAny } from 'astro/zod';

/** One problem with an entry, at a path of keys and indexes from its root. */
export interface ReadableIssue {
  path: (string | number)[];
  message: string;
}

/** `['quiz', 1, 'options']` → `quiz[1].options`; the root is `(frontmatter)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(frontmatter)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
}

/** Flattens zod issues, resolving unions to the member the author meant. */
export function readableIssues(issues: readonly ZodIssue[]): ReadableIssue[] {
  const out: ReadableIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union') out.push(...explainUnion(issue));
    else out.push({ path: [...issue.path], message: messageOf(issue) });
  }
  return out;
}

function explainUnion(issue: Extract<ZodIssue, { code: 'invalid_union' }>): ReadableIssue[] {
  const branches = issue.unionErrors.map((e) => e.issues);
  // A branch whose discriminating literal matched is the one the author meant.
  const meant = branches.filter((b) => !b.some((i) => i.code === 'invalid_literal'));
  if (meant.length > 0) {
    const fewest = meant.reduce((a, b) => (b.length < a.length ? b : a));
    return readableIssues(fewest);
  }
  const literals = branches.flatMap((b) => b.filter((i) => i.code === 'invalid_literal'));
  const first = literals[0];
  if (first && first.code === 'invalid_literal') {
    const expected = [...new Set(literals.map((i) => (i.code === 'invalid_literal' ? JSON.stringify(i.expected) : '')))];
    const key = first.path[first.path.length - 1];
    return [
      {
        path: [...first.path],
        message: `${String(key)} must be one of ${expected.join(', ')}, not ${JSON.stringify(first.received)}`,
      },
    ];
  }
  return [{ path: [...issue.path], message: issue.message }];
}

function messageOf(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    // zod's own "Required" says nothing about what is required.
    return issue.message === 'Required' ? 'this field is required' : issue.message;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`;
  }
  return issue.message;
}

/**
 * One line per problem, each prefixed with the file when given:
 * `lessons/02-frames/04-frame-anatomy/index.mdx: minutes: minutes must be at least 1`.
 */
export function formatIssues(issues: readonly ZodIssue[], file?: string): string {
  return readableIssues(issues)
    .map((i) => `${file ? `${file}: ` : ''}${formatPath(i.path)}: ${i.message}`)
    .join('\n');
}

/**
 * Wraps a schema so that its failures reach the caller (Astro's content loader) as one
 * custom issue per readable problem, each at its own path and with its own message.
 * Parsing is otherwise unchanged, and so is the output type.
 */
export function withReadableIssues<T extends ZodTypeAny>(schema: T) {
  return z.unknown().transform((data, ctx): z.output<T> => {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    for (const issue of readableIssues(result.error.issues)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
    }
    return z.NEVER;
  });
}
