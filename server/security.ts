/**
 * Security headers: what every response carries, and each page's Content-Security-Policy
 * with the hashes of its own inline scripts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import type { SiteFile } from './static.ts';

/** Pages other sites may show in a frame: the frame view docs authors embed. */
const FRAMEABLE = new Set(['embed/frame/index.html']);

/**
 * The policy of every response that is not a page. A script served here may run as a
 * dedicated worker, whose policy is the one its own response carries (not the page's):
 * the exercise runner compiles the learner's code with `new Function` ('unsafe-eval'),
 * and Pagefind's worker compiles its WebAssembly ('wasm-unsafe-eval'). Monaco's workers
 * need neither. In a page these scripts run under the page's policy, which allows neither.
 */
export const RESOURCE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every response, pages and WebSocket endpoints alike; a page's own policy replaces the CSP. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  // Files are only ever what their Content-Type says: no script or style sniffed out of text.
  'X-Content-Type-Options': 'nosniff',
  // Other sites learn the origin a link came from, never the page or its query (a frame's hex).
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // For browsers without CSP frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': RESOURCE_POLICY,
};

/** The CSP source of each inline script in a page (Astro inlines small scripts): `'sha256-…'`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(match[1])) continue;
    hashes.add(`'sha256-${createHash('sha256').update(match[2], 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * A page's policy: its own inline scripts by hash, everything else from this origin.
 * Styles may be inline: Monaco adds `<style>` elements with theme and decoration rules as
 * it runs, Shiki's code blocks carry `style` attributes, and Astro and <ws-frame> inline
 * small style sheets (a hash beside 'unsafe-inline' would switch it off). Fonts may be
 * data: URLs, as Monaco's icon font is. Workers, frames, fetches and WebSockets stay on
 * this origin.
 */
export function pagePolicy(scriptHashes: readonly string[], frameable: boolean): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...scriptHashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    frameable ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
}

const policies = new Map<string, { size: number; mtimeMs: number; policy: string }>();

/** The headers a file adds to {@link COMMON_HEADERS}: a page's policy (computed once per version of the page). */
export async function fileHeaders(file: SiteFile): Promise<OutgoingHttpHeaders> {
  if (!file.sitePath.endsWith('.html')) return {};
  const frameable = FRAMEABLE.has(file.sitePath);
  let cached = policies.get(file.file);
  if (!cached || cached.size !== file.stats.size || cached.mtimeMs !== file.stats.mtimeMs) {
    const html = await readFile(file.file, 'utf8');
    cached = { size: file.stats.size, mtimeMs: file.stats.mtimeMs, policy: pagePolicy(inlineScriptHashes(html), frameable) };
    policies.set(file.file, cached);
  }
  return { 'Content-Security-Policy': cached.policy, ...(frameable ? { 'X-Frame-Options': undefined } : {}) };
}
