// @ts-check
import { defineConfig } from 'astro/config';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

export default defineConfig({
  srcDir: 'site',
  site: 'http://127.0.0.1:4321',
  integrations: [svelte(), mdx(), sitemap()],
  vite: {
    worker: { format: 'es' },
  },
});
