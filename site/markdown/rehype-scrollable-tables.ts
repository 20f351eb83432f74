/**
 * Wraps every Markdown table in a box that scrolls sideways on its own, so a wide
 * table never widens the page on a phone. The box is focusable, so keyboard users can
 * scroll it too, and named after the section it sits in ("Close codes (table)"), so
 * each of these regions is told apart from the others.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

function textOf(node: ElementContent | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The rehype plugin, for `markdown.rehypePlugins`. */
export function rehypeScrollableTables() {
  return (tree: Root) => {
    let section = '';
    const used = new Map<string, number>();
    const labelFor = () => {
      const base = section ? `${section} (table)` : 'Table';
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      return n === 1 ? base : `${base} ${n}`;
    };
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (child.tagName === 'h2' || child.tagName === 'h3') {
          section = textOf(child).trim();
          return child;
        }
        if (child.tagName === 'table') {
          const wrapper: Element = {
            type: 'element',
            tagName: 'div',
            properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: labelFor() },
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
