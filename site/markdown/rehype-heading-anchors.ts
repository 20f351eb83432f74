/**
 * Gives every h2 and h3 an id and a "#" link to itself, so any section can be shared
 * by URL. The link sits beside the heading, not inside it, so the heading's text (and
 * the table of contents built from it) stays clean; its accessible name says which
 * section it links to.
 *
 * Runs before Astro's own heading-id pass, which keeps ids that are already set.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { createSlugger } from '../course/slug.ts';

const DEPTHS = new Set(['h2', 'h3']);

function textOf(node: ElementContent | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function anchorFor(heading: Element, id: string): Element {
  const title = textOf(heading).trim();
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['heading-wrapper', `level-${heading.tagName}`] },
    children: [
      heading,
      {
        type: 'element',
        tagName: 'a',
        // Kept out of the search index, or every excerpt would read "Link to section".
        properties: { className: ['heading-anchor'], href: `#${id}`, dataPagefindIgnore: '' },
        children: [
          { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [{ type: 'text', value: '#' }] },
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['sr-only'] },
            children: [{ type: 'text', value: `Link to section: ${title}` }],
          },
        ],
      },
    ],
  };
}

/** The rehype plugin, for `markdown.rehypePlugins`. */
export function rehypeHeadingAnchors() {
  return (tree: Root) => {
    const slug = createSlugger();
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (DEPTHS.has(child.tagName)) {
          const existing = child.properties.id;
          const id = typeof existing === 'string' && existing ? existing : slug(textOf(child));
          child.properties.id = id;
          return anchorFor(child, id);
        }
        // Headings inside components' own markup (tabs, callouts) are left alone.
        if (child.tagName === 'pre' || child.tagName === 'code') return child;
        walk(child);
        return child;
      }) as typeof parent.children;
    };
    walk(tree);
  };
}
