/** Copy buttons on code blocks: copies the code, says "Copied" and announces it. */
import { announce } from './announce.ts';

const RESET_AFTER_MS = 2000;

document.addEventListener('click', async (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-copy]');
  if (!button) return;
  const code = button.closest('[data-code-block]')?.querySelector('pre code');
  if (!code) return;
  // Shiki separates its line spans with newline text nodes, so textContent is the source.
  const text = (code.textContent ?? '').replace(/\n$/, '');
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
    button.dataset.state = 'copied';
    announce('Code copied to the clipboard');
  } catch {
    button.textContent = 'Select';
    announce('Copying is blocked here; select the code and copy it by hand');
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  }
  setTimeout(() => {
    button.textContent = 'Copy';
    delete button.dataset.state;
  }, RESET_AFTER_MS);
});
