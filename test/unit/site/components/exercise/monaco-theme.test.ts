import { describe, expect, it } from 'vitest';
import { codeToTokens } from 'shiki';
import { LAB_THEMES, MIN_CONTRAST, contrastRatio, monacoThemeFromShiki, readableOn, scopeSettings } from '../../../../../site/components/exercise/monaco-theme.ts';

const SAMPLE = 'const limit = 125; // bytes\nlet frame: Frame;\nconst word = "hello";';

/** The colour Shiki gives the first token with this text, in the site's theme. */
async function shikiColour(theme: 'github-light-default' | 'github-dark-default', text: string): Promise<string> {
  const { tokens } = await codeToTokens(SAMPLE, { lang: 'ts', theme });
  const token = tokens.flat().find((t) => t.content.trim() === text);
  if (!token?.color) throw new Error(`no token ${text}`);
  return token.color.replace(/^#/, '').toLowerCase();
}

const rule = (theme: keyof typeof LAB_THEMES, token: string) => LAB_THEMES[theme].rules.find((r) => r.token === token)?.foreground?.toLowerCase();

describe('the editor themes take their colours from the lessons’ Shiki themes', () => {
  for (const [monaco, shiki] of [['lab-light', 'github-light-default'], ['lab-dark', 'github-dark-default']] as const) {
    it(`${monaco}: keywords, strings, numbers, comments and types look as Shiki colours them`, async () => {
      expect(rule(monaco, 'keyword')).toBe(await shikiColour(shiki, 'const'));
      expect(rule(monaco, 'string')).toBe(await shikiColour(shiki, '"hello"'));
      expect(rule(monaco, 'number')).toBe(await shikiColour(shiki, '125'));
      expect(rule(monaco, 'comment')).toBe(await shikiColour(shiki, '// bytes'));
      // Monaco's tokenizer calls a capitalised name in a type position type.identifier; Shiki, entity.name.type.
      expect(rule(monaco, 'type.identifier')).toBe(await shikiColour(shiki, 'Frame'));
    });
  }

  it('copies the editor background and picks the base by the theme type', () => {
    expect(LAB_THEMES['lab-light']).toMatchObject({ base: 'vs', colors: { 'editor.background': '#ffffff' } });
    expect(LAB_THEMES['lab-dark']).toMatchObject({ base: 'vs-dark', colors: { 'editor.background': '#0d1117' } });
  });

  it('matches the most specific selector, and never a descendant selector', () => {
    const theme = {
      tokenColors: [
        { scope: 'string', settings: { foreground: '#111111' } },
        { scope: ['string.regexp'], settings: { foreground: '#222222' } },
        { scope: 'source string', settings: { foreground: '#333333' } },
      ],
    };
    expect(scopeSettings(theme, 'string.quoted')).toEqual({ foreground: '#111111' });
    expect(scopeSettings(theme, 'string.regexp.x')).toEqual({ foreground: '#222222' });
    expect(scopeSettings(theme, 'strings')).toBeUndefined();
    expect(monacoThemeFromShiki(theme).rules.find((r) => r.token === 'regexp')?.foreground).toBe('222222');
  });
});

describe('line numbers are readable', () => {
  it('contrastRatio follows WCAG 2: black on white is 21, GitHub’s light line numbers 3.03', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#8c959f', '#ffffff')).toBeCloseTo(3.04, 1);
  });

  for (const name of ['lab-light', 'lab-dark'] as const) {
    it(`${name}: line numbers reach ${MIN_CONTRAST}:1 against the editor background`, () => {
      const { colors } = LAB_THEMES[name];
      expect(contrastRatio(colors['editorLineNumber.foreground']!, colors['editor.background']!)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    });
  }

  it('a colour too faint on every candidate is moved toward the foreground until it passes', () => {
    const picked = readableOn('#ffffff', '#000000', ['#eeeeee']);
    expect(contrastRatio(picked, '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });
});
