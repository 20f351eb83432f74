import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeScrollableTables } from '../../../../site/lib/markdown/rehype-scrollable-tables.ts';

describe('scrollable tables', () => {
  it('wraps each table in a focusable, named box that scrolls', () => {
    const table: Element = { type: 'element', tagName: 'table', properties: {}, children: [] };
    const tree: Root = { type: 'root', children: [{ type: 'element', tagName: 'section', properties: {}, children: [table] }] };
    rehypeScrollableTables()(tree);
    const wrapper = (tree.children[0] as Element).children[0] as Element;
    expect(wrapper.properties).toEqual({
      className: ['table-scroll'],
      tabIndex: 0,
      role: 'region',
      ariaLabel: 'Table (scrolls sideways)',
    });
    expect(wrapper.children[0]).toBe(table);
  });
});
