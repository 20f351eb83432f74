import { describe, expect, it } from 'vitest';
import { createSlugger, slugify } from '../../../../site/course/slug.ts';

describe('slugify', () => {
  it.each([
    ['Why WebSocket?', 'why-websocket'],
    ['Sec-WebSocket-Accept: how it is computed', 'sec-websocket-accept-how-it-is-computed'],
    ['  Close codes 1000–1015 ', 'close-codes-10001015'],
    ['Déjà vu', 'deja-vu'],
    ['a -- b', 'a-b'],
  ])('%s → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });
});

describe('a slugger', () => {
  it('keeps slugs unique within a page', () => {
    const slug = createSlugger();
    expect([slug('Example'), slug('Example'), slug('Example-1'), slug('Example')]).toEqual([
      'example',
      'example-1',
      'example-1-1',
      'example-2',
    ]);
  });
  it('never returns an empty slug', () => {
    expect(createSlugger()('???')).toBe('section');
  });
});
