import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../../site/util/format.ts';

describe('formatDuration', () => {
  it.each([
    [1, '1 minute'],
    [45, '45 minutes'],
    [60, '1 hour'],
    [90, '1.5 hours'],
    [125, '2.1 hours'],
  ])('%i → %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});
