/**
 * The search page: loads Pagefind's UI and index from /pagefind/ only when this page
 * opens, and runs the query from `?q=` (the header's search box). The index exists
 * only in a build; in the development server this says so instead of failing.
 */

interface PagefindUIInstance {
  triggerSearch(term: string): void;
}
type PagefindUIConstructor = new (options: Record<string, unknown>) => PagefindUIInstance;

const BUNDLE = '/pagefind/';

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

function loadStyles(href: string): void {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

async function indexExists(): Promise<boolean> {
  try {
    // A HEAD request first, so a missing index is a message rather than a script error.
    const response = await fetch(`${BUNDLE}pagefind-ui.js`, { method: 'HEAD' });
    return response.ok;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  const mount = document.getElementById('search');
  const status = document.getElementById('search-status');
  if (!mount || !status) return;
  if (!(await indexExists())) {
    status.hidden = false;
    mount.hidden = true;
    return;
  }
  loadStyles(`${BUNDLE}pagefind-ui.css`);
  await loadScript(`${BUNDLE}pagefind-ui.js`);
  const PagefindUI = (window as unknown as { PagefindUI: PagefindUIConstructor }).PagefindUI;
  const ui = new PagefindUI({
    element: '#search',
    bundlePath: BUNDLE,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: 'Search the lab', zero_results: 'Nothing in the lab mentions [SEARCH_TERM]' },
  });
  // Pagefind labels its input with a title only; name it by the page's visible heading.
  mount.querySelector('input')?.setAttribute('aria-labelledby', 'search-title');
  mount.removeAttribute('aria-busy');
  const query = new URLSearchParams(location.search).get('q')?.trim();
  if (query) ui.triggerSearch(query);
}

start().catch(() => {
  const status = document.getElementById('search-status');
  if (status) status.hidden = false;
});
