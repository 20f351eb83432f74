import { describe, expect, it } from 'vitest';
import { buildGlossary, termAnchor } from '../../../../site/course/glossary.ts';

const lesson = (slug: string, number: number, terms: { term: string; definition: string }[]) => ({
  slug,
  number,
  title: slug,
  href: `/lessons/${slug}/`,
  terms,
});

describe('the glossary', () => {
  const groups = buildGlossary([
    lesson('why-websocket', 1, [
      { term: 'Full duplex', definition: 'Both sides send at any time.' },
      { term: 'Long polling', definition: 'The server holds a request open.' },
    ]),
    lesson('closing', 10, [
      { term: 'Close frame', definition: 'Opcode 0x8.' },
      { term: 'full duplex', definition: 'Either end may close first.' },
      { term: '1006', definition: 'Closed abnormally; never on the wire.' },
    ]),
  ]);

  it('groups terms by first letter, symbols and digits first', () => {
    expect(groups.map((g) => g.letter)).toEqual(['#', 'C', 'F', 'L']);
  });

  it('merges a term defined in several lessons, case-insensitively, keeping each definition and its lesson', () => {
    const fullDuplex = groups.find((g) => g.letter === 'F')!.entries[0]!;
    expect(fullDuplex.term).toBe('Full duplex');
    expect(fullDuplex.definitions.map((d) => d.lesson.slug)).toEqual(['why-websocket', 'closing']);
  });

  it('gives each term a stable anchor', () => {
    expect(termAnchor('Sec-WebSocket-Accept')).toBe('term-sec-websocket-accept');
    expect(groups[0]!.entries[0]!.anchor).toBe('term-1006');
  });

  it('is empty when no lesson defines terms', () => {
    expect(buildGlossary([])).toEqual([]);
  });
});
