import { describe, expect, it } from 'vitest';
import { ClientCounter, clientKey } from '../../../server/limits.ts';

describe('clientKey: a client is an IPv4 address or an IPv6 /64', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe('ClientCounter', () => {
  it('counts up to the limit per key, and frees a place on release', () => {
    const counter = new ClientCounter(2);
    expect(counter.tryAdd('a')).toBe(true);
    expect(counter.tryAdd('a')).toBe(true);
    expect(counter.tryAdd('a')).toBe(false);
    expect(counter.tryAdd('b')).toBe(true);
    counter.release('a');
    expect(counter.count('a')).toBe(1);
    expect(counter.tryAdd('a')).toBe(true);
    counter.release('b');
    expect(counter.count('b')).toBe(0);
  });
});
