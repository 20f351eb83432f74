import { describe, expect, it } from 'vitest';
import { matchesEtag, pickCoding } from '../../../server/negotiate.ts';

describe('pickCoding: the coding the client weighs highest among the copies there are', () => {
  it.each([
    [undefined, ['br', 'gzip'], 'identity'],
    ['', ['br', 'gzip'], 'identity'],
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['gzip, deflate', ['br', 'gzip'], 'gzip'],
    ['gzip, deflate, br', ['gzip'], 'gzip'],
    ['gzip, deflate, br', [], 'identity'],
    ['br;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['gzip;q=0.5, br;q=0.9', ['br', 'gzip'], 'br'],
    ['gzip;q=1, br;q=0.4', ['br', 'gzip'], 'gzip'],
    ['BR', ['br', 'gzip'], 'br'],
    ['*', ['br', 'gzip'], 'br'],
    ['gzip;q=0, *', ['br', 'gzip'], 'br'],
    ['identity', ['br', 'gzip'], 'identity'],
    ['br;q=0.5, identity', ['br', 'gzip'], 'identity'],
    ['x-gzip', ['br', 'gzip'], 'gzip'],
    ['*;q=0', ['br', 'gzip'], 'identity'],
  ] as const)('Accept-Encoding %j with %j → %s', (header, available, expected) => {
    expect(pickCoding(header, available)).toBe(expected);
  });
});

describe('matchesEtag: If-None-Match by weak comparison', () => {
  it.each([
    [undefined, false],
    ['"a-1"', true],
    ['W/"a-1"', true],
    ['"b-2", "a-1"', true],
    ['"a-1-br"', false],
    ['*', true],
  ] as const)('%j against "a-1" → %s', (header, expected) => {
    expect(matchesEtag(header, '"a-1"')).toBe(expected);
  });
});
