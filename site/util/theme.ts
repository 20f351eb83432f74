/**
 * Light and dark themes. The choice is stored in localStorage; with none stored, the
 * system preference decides. The theme is applied as `data-theme` on <html> before
 * the first paint by `applyInitialTheme`, inlined into every page's head.
 */

/** A site theme. */
export type Theme = 'light' | 'dark';

/** The localStorage key of the learner's explicit choice. */
export const THEME_STORAGE_KEY = 'wslab:theme';

/** A stored value as a theme, or null when absent or not one we wrote. */
export function parseStoredTheme(value: unknown): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** The theme to show: the stored choice, else the system preference. */
export function resolveTheme(stored: Theme | null, systemPrefersDark: boolean): Theme {
  return stored ?? (systemPrefersDark ? 'dark' : 'light');
}

/**
 * Runs inline in <head>, before anything paints: sets `data-theme` and marks that
 * scripts run (`data-js`), so no-script fallbacks (stacked code tabs, hidden copy
 * buttons) never flash for everyone else. Self-contained on purpose: it is
 * serialised with `Function.prototype.toString`, so it must not call other functions.
 */
export function applyInitialTheme(storageKey: string): void {
  const root = document.documentElement;
  root.dataset.js = '';
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(storageKey);
  } catch {
    // Storage can be blocked (privacy settings); fall back to the system preference.
  }
  const dark = stored === 'dark' || (stored !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  root.dataset.theme = dark ? 'dark' : 'light';
}

/** The inline script for <head>. */
export function initialThemeScript(): string {
  return `(${applyInitialTheme.toString()})(${JSON.stringify(THEME_STORAGE_KEY)});`;
}
