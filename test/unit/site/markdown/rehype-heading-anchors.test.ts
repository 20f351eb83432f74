import type { Element, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { rehypeHeadingAnchors } from '../../../../site/markdown/rehype-heading-anchors.ts';

const heading = (tagName: string, text: string, id?: string): Element => ({
  type: 'element',
  tagName,
  properties: id ? { id } : {},
  children: [{ type: 'text', value: text }],
});

describe('heading anchors', () => {
  const tree: Root = {
    type: 'root',
    children: [heading('h2', 'Why mask?'), heading('h3', 'Why mask?'), heading('h4', 'Not linked'), heading('h2', 'Kept', 'my-id')],
  };
  rehypeHeadingAnchors()(tree);
  const [first, second, third, fourth] = tree.children as Element[];

  it('gives h2 and h3 unique ids', () => {
    expect((first!.children[0] as Element).properties.id).toBe('why-mask');
    expect((second!.children[0] as Element).properties.id).toBe('why-mask-1');
  });

  it('keeps an id an author set', () => {
    expect((fourth!.children[0] as Element).properties.id).toBe('my-id');
  });

  it('puts a "#" link beside the heading, named after its section', () => {
    expect(first!.properties.className).toEqual(['heading-wrapper', 'level-h2']);
    const anchor = first!.children[1] as Element;
    expect(anchor.properties.href).toBe('#why-mask');
    expect(anchor.properties.dataPagefindIgnore).toBe('');
    const [visible, label] = anchor.children as Element[];
    expect(visible!.properties.ariaHidden).toBe('true');
    expect(label!.children).toEqual([{ type: 'text', value: 'Link to section: Why mask?' }]);
  });

  it('leaves other heading levels alone', () => {
    expect(third!.tagName).toBe('h4');
  });
});
