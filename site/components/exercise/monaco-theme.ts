/**
 * Monaco themes made from the site's Shiki themes, so code in the editor has the colours of
 * code in the lessons: each Monaco token takes the colour Shiki's theme gives the TextMate
 * scope that means the same thing.
 */
import githubDark from '@shikijs/themes/github-dark-default';
import githubLight from '@shikijs/themes/github-light-default';

interface ShikiTheme {
  type?: string;
  colors?: Record<string, string>;
  tokenColors?: { scope?: string | string[]; settings: { foreground?: string; fontStyle?: string } }[];
}

/** What Monaco's defineTheme takes (kept structural, so this module needs no Monaco import). */
export interface MonacoThemeData {
  base: 'vs' | 'vs-dark';
  inherit: boolean;
  rules: { token: string; foreground?: string; fontStyle?: string }[];
  colors: Record<string, string>;
}

/** Monaco's TypeScript tokens and the TextMate scopes that name the same thing, most telling first. */
export const TOKEN_SCOPES: Record<string, readonly string[]> = {
  keyword: ['keyword', 'storage.type', 'storage.modifier'],
  string: ['string'],
  'string.escape': ['constant.character.escape', 'string'],
  regexp: ['string.regexp'],
  number: ['constant.numeric', 'constant'],
  comment: ['comment'],
  type: ['entity.name.type', 'support.type', 'entity.name'],
  'type.identifier': ['entity.name.type', 'entity.name'],
  identifier: ['variable.other', 'variable'],
  delimiter: ['punctuation', 'meta.brace'],
  operator: ['keyword.operator'],
};

/** The settings Shiki's theme gives a scope: the most specific selector that matches it. */
export function scopeSettings(theme: ShikiTheme, scope: string): { foreground?: string; fontStyle?: string } | undefined {
  let best: { length: number; settings: { foreground?: string; fontStyle?: string } } | undefined;
  for (const entry of theme.tokenColors ?? []) {
    const selectors = entry.scope === undefined ? [] : Array.isArray(entry.scope) ? entry.scope : entry.scope.split(',');
    for (const raw of selectors) {
      const selector = raw.trim();
      // Plain selectors only: "a.b" matches the scope a.b and its children a.b.c.
      if (selector.includes(' ')) continue;
      if ((scope === selector || scope.startsWith(`${selector}.`)) && (!best || selector.length >= best.length)) best = { length: selector.length, settings: entry.settings };
    }
  }
  return best?.settings;
}

const hex = (color: string | undefined) => color?.replace(/^#/, '');

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(color: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Text must reach this against its background (WCAG AA, normal text). */
export const MIN_CONTRAST = 4.5;

/** `color` moved a fraction `t` of the way to `to`. */
function mix(color: string, to: string, t: number): string {
  const channel = (c: string, i: number) => Math.round(parseInt(c.slice(i, i + 2), 16) * (1 - t) + parseInt(to.slice(i, i + 2), 16) * t);
  return `#${[1, 3, 5].map((i) => channel(color, i).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The first candidate colour readable on `background`; failing all, the first one moved toward
 * `foreground` just far enough. GitHub's themes dim line numbers below AA (#8c959f on white is 3.03:1).
 */
export function readableOn(background: string, foreground: string, candidates: (string | undefined)[]): string {
  const usable = candidates.filter((c): c is string => /^#[0-9a-f]{6}$/i.test(c ?? ''));
  const readable = usable.find((c) => contrastRatio(c, background) >= MIN_CONTRAST);
  if (readable) return readable;
  const start = usable[0] ?? foreground;
  for (let t = 0.05; t < 1; t += 0.05) if (contrastRatio(mix(start, foreground, t), background) >= MIN_CONTRAST) return mix(start, foreground, t);
  return foreground;
}

/** A Monaco theme with the colours of a Shiki theme. */
export function monacoThemeFromShiki(theme: ShikiTheme): MonacoThemeData {
  const rules: MonacoThemeData['rules'] = [];
  for (const [token, scopes] of Object.entries(TOKEN_SCOPES)) {
    const settings = scopes.map((scope) => scopeSettings(theme, scope)).find((s) => s?.foreground);
    if (!settings) continue;
    rules.push({ token, foreground: hex(settings.foreground), ...(settings.fontStyle ? { fontStyle: settings.fontStyle } : {}) });
  }
  const c = theme.colors ?? {};
  const colors: Record<string, string> = {};
  const copy = ['editor.background', 'editor.foreground', 'editorLineNumber.foreground', 'editorLineNumber.activeForeground', 'editor.selectionBackground', 'editorCursor.foreground', 'editor.lineHighlightBackground', 'editorIndentGuide.background'];
  for (const key of copy) if (c[key]) colors[key] = c[key];
  const background = c['editor.background'];
  const foreground = c['editor.foreground'];
  if (background && foreground) colors['editorLineNumber.foreground'] = readableOn(background, foreground, [c['editorLineNumber.foreground'], c['descriptionForeground']]);
  if (c['editor.foreground']) rules.unshift({ token: '', foreground: hex(c['editor.foreground']) });
  return { base: theme.type === 'dark' ? 'vs-dark' : 'vs', inherit: true, rules, colors };
}

/** The editor's themes, light and dark, from the Shiki themes the lessons use. */
export const LAB_THEMES = {
  'lab-light': monacoThemeFromShiki(githubLight as ShikiTheme),
  'lab-dark': monacoThemeFromShiki(githubDark as ShikiTheme),
};
