import { describe, expect, it } from 'vitest';
import { nextTabIndex, prepareTabs } from '../../../../site/util/code-tabs.ts';

const panel = (label: string, body = '<pre>x</pre>') => `<div class="code-tabs__panel" role="tabpanel" data-code-tab="${label}">${body}</div>`;

describe('prepareTabs', () => {
  const tabs = prepareTabs(panel('TypeScript') + panel('Flask-SocketIO &amp; eventlet'), 'tabs-1');

  it('finds the labels in order, decoding entities', () => {
    expect(tabs.labels).toEqual(['TypeScript', 'Flask-SocketIO & eventlet']);
  });

  it('links each panel to its tab and makes the first active', () => {
    expect(tabs.html).toContain('id="tabs-1-panel-0" aria-labelledby="tabs-1-tab-0" data-active');
    expect(tabs.html).toContain('id="tabs-1-panel-1" aria-labelledby="tabs-1-tab-1">');
    expect(tabs.tabId(1)).toBe('tabs-1-tab-1');
    expect(tabs.panelId(0)).toBe('tabs-1-panel-0');
  });

  it('needs at least two tabs', () => {
    expect(() => prepareTabs(panel('Only'), 'g')).toThrow(/at least two <Tab/);
  });

  it('needs a label on every tab', () => {
    expect(() => prepareTabs(panel(' ') + panel('B'), 'g')).toThrow(/needs a label/);
  });
});

describe('tab keyboard model (WAI-ARIA tabs)', () => {
  it.each([
    ['ArrowRight', 0, 1],
    ['ArrowRight', 3, 0],
    ['ArrowLeft', 0, 3],
    ['ArrowDown', 1, 2],
    ['ArrowUp', 1, 0],
    ['Home', 2, 0],
    ['End', 0, 3],
  ])('%s from tab %i goes to tab %i of four', (key, from, to) => {
    expect(nextTabIndex(key, from, 4)).toBe(to);
  });

  it('ignores other keys', () => {
    expect(nextTabIndex('Enter', 1, 4)).toBeNull();
    expect(nextTabIndex('a', 1, 4)).toBeNull();
  });
});
