import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeScrollableTables } from '../../../../site/markdown/rehype-scrollable-tables.ts';

const table = (): Element => ({ type: 'element', tagName: 'table', properties: {}, children: [] });
const h2 = (text: string): Element => ({ type: 'element', tagName: 'h2', properties: {}, children: [{ type: 'text', value: text }] });

describe('scrollable tables', () => {
  const first = table();
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'element', tagName: 'section', properties: {}, children: [first] },
      { type: 'element', tagName: 'div', properties: {}, children: [h2('Close codes')] },
      table(),
      table(),
    ],
  };
  rehypeScrollableTables()(tree);
  const wrappers = [(tree.children[0] as Element).children[0], tree.children[2], tree.children[3]] as Element[];

  it('wraps each table in a focusable region that scrolls', () => {
    expect(wrappers[0]!.properties).toMatchObject({ className: ['table-scroll'], tabIndex: 0, role: 'region' });
    expect(wrappers[0]!.children[0]).toBe(first);
  });

  it('names each region after its section, uniquely', () => {
    expect(wrappers.map((w) => w.properties.ariaLabel)).toEqual(['Table', 'Close codes (table)', 'Close codes (table) 2']);
  });
});
