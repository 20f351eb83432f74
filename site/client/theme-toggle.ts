/** The header's theme toggle: flips and remembers the theme; follows the system until used. */
import { THEME_STORAGE_KEY, parseStoredTheme, resolveTheme, type Theme } from '../util/theme.ts';

const root = document.documentElement;
const media = matchMedia('(prefers-color-scheme: dark)');

function stored(): Theme | null {
  try {
    return parseStoredTheme(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return null;
  }
}

function show(theme: Theme): void {
  root.dataset.theme = theme;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  }
}

show(resolveTheme(stored(), media.matches));

media.addEventListener('change', (event) => {
  if (!stored()) show(event.matches ? 'dark' : 'light');
});

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest('[data-theme-toggle]');
  if (!button) return;
  const theme: Theme = root.dataset.theme === 'dark' ? 'light' : 'dark';
  show(theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered, but still applied for this page.
  }
});
