/**
 * The pages of the built site, for specs that visit every one: read from the sitemap
 * the build writes, plus the 404 page, which the sitemap leaves out.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Paths of every page in the build's sitemap-0.xml (in DIST_DIR when set), e.g. `/lessons/closing/`. */
export function sitePages(): string[] {
  const sitemap = `${process.env.DIST_DIR ?? 'dist'}/sitemap-0.xml`;
  if (!existsSync(sitemap)) throw new Error(`${sitemap} is missing: run \`npm run build\` first`);
  const xml = readFileSync(sitemap, 'utf8');
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  return [...new Set(paths)].sort();
}

/** Every page including the 404 page. */
export function allPages(): string[] {
  return [...sitePages(), '/404.html'];
}

/** Lesson pages only. */
export function lessonPages(): string[] {
  return sitePages().filter((p) => /^\/lessons\/[^/]+\/$/.test(p));
}
