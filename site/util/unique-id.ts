/**
 * Ids for elements that components render more than once per page (tab groups,
 * callout titles). A counter rather than randomness keeps builds reproducible.
 */
const counters = new Map<string, number>();

/** `tabs` → `tabs-1`, `tabs-2`, … */
export function uniqueId(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}-${n}`;
}
