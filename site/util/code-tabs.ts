/**
 * Code tabs: the same program in several languages or frameworks. The server renders
 * every panel; `prepareTabs` numbers them and wires the ARIA tabs pattern, and
 * `nextTabIndex` is the keyboard model (arrows wrap, Home and End jump).
 */

/** The attribute each `<Tab>` renders its label into; `prepareTabs` looks for it. */
export const TAB_MARKER = 'data-code-tab';

/** The tabs of one group, ready to render. */
export interface PreparedTabs {
  labels: string[];
  /** The panels' HTML with ids, `aria-labelledby` and the first panel active. */
  html: string;
  tabId(index: number): string;
  panelId(index: number): string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e] ?? _);

/**
 * Finds the `<Tab>` panels in a group's rendered HTML and gives them ids.
 * @throws when the group has fewer than two tabs or a tab has no label, so a lesson
 *   with a broken group fails the build.
 */
export function prepareTabs(html: string, groupId: string): PreparedTabs {
  const labels: string[] = [];
  const tabId = (i: number) => `${groupId}-tab-${i}`;
  const panelId = (i: number) => `${groupId}-panel-${i}`;
  const out = html.replace(new RegExp(`${TAB_MARKER}="([^"]*)"`, 'g'), (_match, raw: string) => {
    const i = labels.length;
    const label = decode(raw).trim();
    if (!label) throw new Error('<Tab> needs a label, e.g. <Tab label="FastAPI">');
    labels.push(label);
    return `${TAB_MARKER}="${raw}" id="${panelId(i)}" aria-labelledby="${tabId(i)}"${i === 0 ? ' data-active' : ''}`;
  });
  if (labels.length < 2) {
    throw new Error(`<CodeTabs> needs at least two <Tab label="…"> children; found ${labels.length}`);
  }
  return { labels, html: out, tabId, panelId };
}

/**
 * The tab a key moves focus to in a tablist of `count` tabs, or null for other keys.
 * Left/Right (and Up/Down) wrap around; Home and End go to the ends.
 */
export function nextTabIndex(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
