/**
 * The course content: every `lessons/NN-part/NN-lesson/index.mdx` is a lesson, every
 * `lessons/NN-part/part.json` describes a part. Frontmatter that breaks the schema
 * fails the build with the file, the field and what is wrong.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './content/schema/lesson.ts';
import { partSchema } from './content/schema/part.ts';
import { withReadableIssues } from './content/schema/issues.ts';

/** `01-foundations/01-why-websocket/index.mdx` → `01-foundations/01-why-websocket`. */
const folderOf = ({ entry }: { entry: string }) => entry.replace(/\/(index\.mdx|part\.json)$/, '');

const lessons = defineCollection({
  loader: glob({ base: './lessons', pattern: '**/index.mdx', generateId: folderOf }),
  schema: withReadableIssues(lessonSchema),
});

const parts = defineCollection({
  loader: glob({ base: './lessons', pattern: '*/part.json', generateId: folderOf }),
  schema: withReadableIssues(partSchema),
});

export const collections = { lessons, parts };
