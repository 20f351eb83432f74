/**
 * The glossary, generated from the `terms` of every lesson: one entry per term (case
 * folded), each definition linked to the lesson that gives it, grouped by first letter.
 */
import type { KeyTerm } from '../content/schema/key-terms.ts';
import type { LessonLink } from './course.ts';
import { slugify } from './slug.ts';

/** A lesson with the terms it defines. */
export interface LessonWithTerms extends LessonLink {
  terms: readonly KeyTerm[];
}

/** One term with every lesson's definition of it. */
export interface GlossaryEntry {
  term: string;
  /** Fragment id on the glossary page, `term-close-frame`. */
  anchor: string;
  definitions: { definition: string; lesson: LessonLink }[];
}

/** Entries under one letter (`#` for terms that start with a digit or symbol). */
export interface GlossaryGroup {
  letter: string;
  entries: GlossaryEntry[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The anchor of a term on the glossary page, also used by `<KeyTerms />` to link there. */
export function termAnchor(term: string): string {
  return `term-${slugify(term)}`;
}

/** Builds the glossary from lessons in course order. */
export function buildGlossary(lessons: readonly LessonWithTerms[]): GlossaryGroup[] {
  const entries = new Map<string, GlossaryEntry>();
  for (const lesson of lessons) {
    const link: LessonLink = { slug: lesson.slug, number: lesson.number, title: lesson.title, href: lesson.href };
    for (const { term, definition } of lesson.terms) {
      const key = term.toLocaleLowerCase('en');
      let entry = entries.get(key);
      if (!entry) {
        entry = { term, anchor: termAnchor(term), definitions: [] };
        entries.set(key, entry);
      }
      entry.definitions.push({ definition, lesson: link });
    }
  }
  const groups = new Map<string, GlossaryEntry[]>();
  for (const entry of [...entries.values()].sort((a, b) => collator.compare(a.term, b.term))) {
    const first = entry.term.normalize('NFKD')[0]?.toUpperCase() ?? '#';
    const letter = /[A-Z]/.test(first) ? first : '#';
    groups.set(letter, [...(groups.get(letter) ?? []), entry]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '#' ? -1 : b === '#' ? 1 : a.localeCompare(b)))
    .map(([letter, list]) => ({ letter, entries: list }));
}
