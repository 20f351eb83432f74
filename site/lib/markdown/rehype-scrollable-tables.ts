/**
 * Wraps every Markdown table in a box that scrolls sideways on its own, so a wide
 * table never widens the page on a phone. The box is focusable and named, so keyboard
 * users can scroll it too.
 */
import type { Element, Root } from 'hast';

/** The rehype plugin, for `markdown.rehypePlugins`. */
export function rehypeScrollableTables() {
  return (tree: Root) => {
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (child.tagName === 'table') {
          const wrapper: Element = {
            type: 'element',
            tagName: 'div',
            properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: 'Table (scrolls sideways)' },
            children: [child],
          };
          return wrapper;
        }
        walk(child);
        return child;
      }) as typeof parent.children;
    };
    walk(tree);
  };
}
