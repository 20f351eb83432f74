// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { codeBlocks } from './site/markdown/shiki-code-blocks.ts';
import { rehypeHeadingAnchors } from './site/markdown/rehype-heading-anchors.ts';
import { rehypeScrollableTables } from './site/markdown/rehype-scrollable-tables.ts';
import { clientOnlyEditor } from './site/build/client-only-editor.ts';

export default defineConfig({
  srcDir: 'site',
  // DIST_DIR builds elsewhere (e.g. two builds side by side); npm start and the browser tests read the same variable.
  outDir: process.env.DIST_DIR ?? './dist',
  cacheDir: process.env.DIST_DIR ? `${process.env.DIST_DIR}-cache` : './node_modules/.astro',
  site: 'http://127.0.0.1:4321',
  // The iframe view of a frame is not a page of the site: it stays out of the sitemap (and search engines).
  integrations: [svelte(), mdx(), sitemap({ filter: (page) => !page.includes('/embed/frame/') })],
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
    // Monaco is bundled for the browser only: one TypeScript worker and one editor worker in the site.
    plugins: [clientOnlyEditor()],
    worker: { format: 'es' },
  },
});
