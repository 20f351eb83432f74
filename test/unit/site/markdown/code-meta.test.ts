import { describe, expect, it } from 'vitest';
import { parseCodeMeta } from '../../../../site/markdown/code-meta.ts';

describe('code fence meta', () => {
  it('reads a title in double or single quotes', () => {
    expect(parseCodeMeta('title="server.ts"').title).toBe('server.ts');
    expect(parseCodeMeta("title='main.py' {1}").title).toBe('main.py');
  });

  it('reads single lines and ranges to highlight', () => {
    expect([...parseCodeMeta('{2,4-5}').highlight]).toEqual([2, 4, 5]);
    expect([...parseCodeMeta('title="a.ts" { 1 , 3 - 4 }').highlight]).toEqual([1, 3, 4]);
  });

  it('does not read braces inside the title as ranges', () => {
    expect(parseCodeMeta('title="{weird}.ts"')).toEqual({ title: '{weird}.ts', highlight: new Set() });
  });

  it('is empty without meta', () => {
    expect(parseCodeMeta(undefined)).toEqual({ highlight: new Set() });
  });

  it.each([
    ['{a}', /not a line number/],
    ['{0}', /numbered from 1/],
    ['{5-2}', /runs backwards/],
  ])('rejects %s so a typo fails the build', (meta, message) => {
    expect(() => parseCodeMeta(meta)).toThrow(message);
  });
});
