import { describe, expect, it } from 'vitest';
import { THEME_STORAGE_KEY, initialThemeScript, parseStoredTheme, resolveTheme } from '../../../../site/util/theme.ts';

describe('theme', () => {
  it.each([
    ['dark', 'dark'],
    ['light', 'light'],
    ['auto', null],
    [null, null],
    [42, null],
  ])('reads the stored value %s as %s', (stored, theme) => {
    expect(parseStoredTheme(stored)).toBe(theme);
  });

  it('prefers the stored choice, then the system preference', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme(null, false)).toBe('light');
  });

  /** Runs the inline head script against a stand-in document. */
  function runInlineScript(stored: string | null, prefersDark: boolean, storageThrows = false) {
    const dataset: Record<string, string> = {};
    const env = {
      document: { documentElement: { dataset } },
      localStorage: {
        getItem: (key: string) => {
          if (storageThrows) throw new Error('blocked');
          return key === THEME_STORAGE_KEY ? stored : null;
        },
      },
      matchMedia: (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' && prefersDark }),
    };
    new Function('document', 'localStorage', 'matchMedia', initialThemeScript())(env.document, env.localStorage, env.matchMedia);
    return dataset;
  }

  describe('the inline head script', () => {
    it('applies the stored theme and marks that scripts run', () => {
      expect(runInlineScript('dark', false)).toEqual({ js: '', theme: 'dark' });
      expect(runInlineScript('light', true)).toEqual({ js: '', theme: 'light' });
    });
    it('follows the system without a stored choice', () => {
      expect(runInlineScript(null, true).theme).toBe('dark');
      expect(runInlineScript('garbage', false).theme).toBe('light');
    });
    it('survives blocked storage', () => {
      expect(runInlineScript(null, true, true).theme).toBe('dark');
    });
  });
});
