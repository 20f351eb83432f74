// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { codeBlocks } from './site/lib/markdown/shiki-code-blocks.ts';
import { rehypeHeadingAnchors } from './site/lib/markdown/rehype-heading-anchors.ts';
import { rehypeScrollableTables } from './site/lib/markdown/rehype-scrollable-tables.ts';

export default defineConfig({
  srcDir: 'site',
  site: 'http://127.0.0.1:4321',
  integrations: [svelte(), mdx(), sitemap()],
  markdown: {
    // Both themes are emitted as CSS variables; site/styles/code.css follows the site theme.
    shikiConfig: {
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
      transformers: [codeBlocks()],
    },
    rehypePlugins: [rehypeHeadingAnchors, rehypeScrollableTables],
  },
  vite: {
    worker: { format: 'es' },
  },
});
