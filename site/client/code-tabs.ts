/**
 * Code tabs behaviour (WAI-ARIA tabs pattern, automatic activation): click or arrow
 * keys select a tab; choosing a label selects it in every group on the page, so a
 * Python learner picks "FastAPI" once.
 */
import { nextTabIndex } from '../util/code-tabs.ts';

function select(group: Element, index: number, focus: boolean): void {
  const tabs = [...group.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  tabs.forEach((tab, i) => {
    const active = i === index;
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
    const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
    if (panel) panel.toggleAttribute('data-active', active);
  });
  if (focus) tabs[index]?.focus();
}

function selectLabelEverywhere(label: string, except: Element): void {
  for (const group of document.querySelectorAll('[data-code-tabs]')) {
    if (group === except) continue;
    const tabs = [...group.querySelectorAll('[role="tab"]')];
    const i = tabs.findIndex((t) => t.textContent?.trim() === label);
    if (i >= 0) select(group, i, false);
  }
}

document.addEventListener('click', (event) => {
  const tab = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-code-tabs] [role="tab"]');
  if (!tab) return;
  const group = tab.closest('[data-code-tabs]')!;
  const tabs = [...group.querySelectorAll('[role="tab"]')];
  select(group, tabs.indexOf(tab), false);
  selectLabelEverywhere(tab.textContent?.trim() ?? '', group);
});

document.addEventListener('keydown', (event) => {
  const tab = (event.target as Element | null)?.closest<HTMLButtonElement>('[data-code-tabs] [role="tab"]');
  if (!tab) return;
  const group = tab.closest('[data-code-tabs]')!;
  const tabs = [...group.querySelectorAll('[role="tab"]')];
  const next = nextTabIndex(event.key, tabs.indexOf(tab), tabs.length);
  if (next === null) return;
  event.preventDefault();
  select(group, next, true);
});
