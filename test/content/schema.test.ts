import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../site/content/schema/lesson.ts';
import { partSchema } from '../../site/content/schema/part.ts';
import { formatIssues, formatPath, readableIssues, withReadableIssues } from '../../site/content/schema/issues.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

/** Parses and returns the readable problems, one `path: message` line each. */
function problems(schema: typeof lessonSchema | typeof partSchema, name: string): string {
  const result = schema.safeParse(fixture(name));
  expect(result.success, `${name} should be rejected`).toBe(false);
  return result.success ? '' : formatIssues(result.error.issues, `fixtures/${name}`);
}

describe('a valid lesson', () => {
  it('parses, with defaults applied', () => {
    const lesson = lessonSchema.parse(fixture('valid-lesson.json'));
    expect(lesson.title).toBe('Masking');
    expect(lesson.quiz).toHaveLength(3);
    const bare = lessonSchema.parse({ ...(fixture('valid-lesson.json') as object), tags: undefined, interactive: undefined, terms: undefined });
    expect(bare.tags).toEqual([]);
    expect(bare.interactive).toEqual([]);
    expect(bare.terms).toEqual([]);
  });

  it('describes every field, for editors and for authors reading the schema', () => {
    for (const [key, field] of Object.entries(lessonSchema.shape)) {
      expect(field.description, `lesson field "${key}" has no .describe()`).toBeTruthy();
    }
  });
});

describe.each([
  ['missing-title.json', 'fixtures/missing-title.json: title: every lesson needs a title'],
  ['zero-minutes.json', 'fixtures/zero-minutes.json: minutes: minutes must be at least 1'],
  [
    'single-two-correct.json',
    'fixtures/single-two-correct.json: quiz[0].options: a single-choice question needs exactly one option with correct: true',
  ],
  ['duplicate-question-ids.json', 'fixtures/duplicate-question-ids.json: quiz: question ids must be unique within a lesson'],
  ['bad-hex-bytes.json', 'fixtures/bad-hex-bytes.json: quiz[1].answer: write the answer as hex bytes, e.g. "81 05"'],
  ['unknown-field.json', 'fixtures/unknown-field.json: (frontmatter): unknown field "minute" (misspelt?)'],
  ['no-objectives.json', 'fixtures/no-objectives.json: objectives: list at least one learning objective'],
  [
    'unknown-question-kind.json',
    'fixtures/unknown-question-kind.json: quiz[0].kind: kind must be one of "single", "multiple", "bytes", "order", "bits", not "choice"',
  ],
  ['derived-interactive-kind.json', 'fixtures/derived-interactive-kind.json: interactive[0]: interactive lists only "visualizer" and "lab"'],
  ['duplicate-term.json', 'fixtures/duplicate-term.json: terms: a term must not be defined twice in one lesson'],
])('a malformed lesson (%s)', (name, expected) => {
  it('is rejected with the file, the field and what is wrong', () => {
    expect(problems(lessonSchema, name)).toContain(expected);
  });
});

describe('part meta', () => {
  it('accepts a title, a summary and planned lessons', () => {
    expect(partSchema.parse(fixture('valid-part.json')).planned).toEqual([{ number: 4, title: 'Frame anatomy' }]);
  });
  it('rejects a part without a summary', () => {
    expect(problems(partSchema, 'part-missing-summary.json')).toContain('summary: every part needs a summary');
  });
});

describe('readable issues', () => {
  it('formats paths the way an author reads them', () => {
    expect(formatPath([])).toBe('(frontmatter)');
    expect(formatPath(['quiz', 1, 'options', 0, 'text'])).toBe('quiz[1].options[0].text');
  });

  it('reports a bad quiz question once, from the kind the author chose', () => {
    const result = lessonSchema.safeParse(fixture('single-two-correct.json'));
    expect(result.success).toBe(false);
    if (!result.success) expect(readableIssues(result.error.issues)).toHaveLength(1);
  });

  it('reaches the content loader as one issue per problem, each at its own path', () => {
    const result = withReadableIssues(lessonSchema).safeParse(fixture('bad-hex-bytes.json'));
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['quiz.1.answer', 'write the answer as hex bytes, e.g. "81 05"'],
      ]);
    }
  });

  it('passes valid data through with defaults applied', () => {
    const parsed = withReadableIssues(partSchema).parse({ title: 'Frames', summary: 'Bytes.' });
    expect(parsed.planned).toEqual([]);
  });
});
