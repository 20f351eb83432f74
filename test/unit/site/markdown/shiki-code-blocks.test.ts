import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { codeBlockLabel, codeBlocks } from '../../../../site/markdown/shiki-code-blocks.ts';

const pre = (): Element => ({ type: 'element', tagName: 'pre', properties: {}, children: [] });
// Shiki's own line spans carry `class`, not `className`.
const line = (): Element => ({ type: 'element', tagName: 'span', properties: { class: 'line' }, children: [] });

describe('code blocks', () => {
  it('highlights the lines the meta lists', () => {
    const t = codeBlocks();
    const ctx = { options: { lang: 'ts', meta: { __raw: '{2}' } } };
    const [one, two] = [line(), line()];
    t.line.call(ctx, one, 1);
    t.line.call(ctx, two, 2);
    expect(one.properties.class).toBe('line');
    expect(two.properties.class).toBe('line highlighted');
  });

  it('frames the block with its file name and a copy button named after it', () => {
    const t = codeBlocks();
    const root: Root = { type: 'root', children: [pre()] };
    t.root.call({ options: { lang: 'ts', meta: { __raw: 'title="server.ts"' } } }, root);
    const frame = root.children[0] as Element;
    expect(frame.properties.className).toEqual(['code-block']);
    const header = frame.children[0] as Element;
    const [label, button] = header.children as Element[];
    expect(label!.children).toEqual([{ type: 'text', value: 'server.ts' }]);
    expect(button!.tagName).toBe('button');
    expect(button!.properties.ariaLabel).toBe('Copy code: server.ts');
    expect((frame.children[1] as Element).tagName).toBe('pre');
  });

  it('leaves inline code alone', () => {
    const root: Root = { type: 'root', children: [{ type: 'element', tagName: 'code', properties: {}, children: [] }] };
    codeBlocks().root.call({ options: { lang: 'ts' } }, root);
    expect((root.children[0] as Element).tagName).toBe('code');
  });

  it.each([
    ['ts', undefined, 'TypeScript'],
    ['python', undefined, 'Python'],
    ['http', 'handshake.http', 'handshake.http'],
    ['rust', undefined, 'rust'],
    [undefined, undefined, 'Text'],
  ])('labels a %s block titled %s as %s', (lang, title, label) => {
    expect(codeBlockLabel(lang, title)).toBe(label);
  });
});
