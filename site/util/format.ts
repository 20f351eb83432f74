/** Small text formatters shared by pages. */

/** `45` → "45 minutes", `90` → "1.5 hours", `60` → "1 hour". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(minutes / 6) / 10;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}
