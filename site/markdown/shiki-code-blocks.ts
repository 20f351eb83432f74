/**
 * A Shiki transformer for every fenced code block in lessons: highlights the lines
 * listed in the fence's meta, and wraps the block in a frame with a header showing the
 * file name (or language) and a copy button. The button is plain markup; the site's
 * code-block script gives it behaviour, and CSS hides it when scripts do not run.
 */
import type { Element, ElementContent, Root } from 'hast';
import { parseCodeMeta } from './code-meta.ts';

/** The hooks of a Shiki transformer this module uses (kept local so no Shiki types leak). */
interface TransformerContext {
  options: { lang?: string; meta?: { __raw?: string } };
}

/** Display names for the header when a block has no title. */
const LANGUAGE_NAMES: Record<string, string> = {
  ts: 'TypeScript',
  typescript: 'TypeScript',
  js: 'JavaScript',
  javascript: 'JavaScript',
  py: 'Python',
  python: 'Python',
  sh: 'Shell',
  bash: 'Shell',
  shell: 'Shell',
  http: 'HTTP',
  json: 'JSON',
  html: 'HTML',
  css: 'CSS',
  text: 'Text',
  plaintext: 'Text',
  txt: 'Text',
  nginx: 'nginx',
  yaml: 'YAML',
  diff: 'Diff',
};

/** The header label for a block: its title, else its language's name. */
export function codeBlockLabel(lang: string | undefined, title: string | undefined): string {
  if (title) return title;
  if (!lang) return 'Text';
  return LANGUAGE_NAMES[lang.toLowerCase()] ?? lang;
}

// Shiki calls `line` once per line; parse each distinct meta string once.
const metaCache = new Map<string, ReturnType<typeof parseCodeMeta>>();
function metaOf(raw: string | undefined) {
  const key = raw ?? '';
  let meta = metaCache.get(key);
  if (!meta) metaCache.set(key, (meta = parseCodeMeta(raw)));
  return meta;
}

/** Shiki writes classes to `properties.class` (a string), not hast's usual `className`. */
function addClass(node: Element, name: string): void {
  const current = node.properties.class ?? node.properties.className;
  const list = Array.isArray(current) ? current.map(String) : typeof current === 'string' ? current.split(/\s+/) : [];
  delete node.properties.className;
  node.properties.class = [...list.filter(Boolean), name].join(' ');
}

const el = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });

/** The transformer, for `markdown.shikiConfig.transformers`. */
export function codeBlocks() {
  return {
    name: 'wslab:code-blocks',
    line(this: TransformerContext, node: Element, line: number) {
      const { highlight } = metaOf(this.options.meta?.__raw);
      if (highlight.has(line)) addClass(node, 'highlighted');
    },
    root(this: TransformerContext, root: Root) {
      const pre = root.children.find((c): c is Element => c.type === 'element' && c.tagName === 'pre');
      if (!pre) return; // inline code: nothing to frame
      const { title, highlight } = metaOf(this.options.meta?.__raw);
      if (highlight.size > 0) pre.properties.dataHighlights = String(highlight.size);
      const label = codeBlockLabel(this.options.lang, title);
      const header = el('div', { className: ['code-block__header'] }, [
        el('span', { className: title ? ['code-block__title'] : ['code-block__lang'] }, [text(label)]),
        el('button', { type: 'button', className: ['code-block__copy'], ariaLabel: `Copy code: ${label}`, dataCopy: '' }, [
          text('Copy'),
        ]),
      ]);
      root.children = root.children.map((child) =>
        child === pre ? el('div', { className: ['code-block'], dataCodeBlock: '' }, [header, pre]) : child,
      );
    },
  };
}
