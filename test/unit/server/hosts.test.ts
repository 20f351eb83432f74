import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { AllowedHosts, hostnameOf, isSameHostOrigin, parseOrigins } from '../../../server/hosts.ts';

describe('hostnameOf', () => {
  it.each([
    ['127.0.0.1:4321', '127.0.0.1'],
    ['LocalHost', 'localhost'],
    ['[::1]:80', '[::1]'],
    ['example.com.', 'example.com'],
    ['', undefined],
    [undefined, undefined],
    ['a b', undefined],
    ['user@host', undefined],
    ['host/path', undefined],
  ])('%j → %j', (host, expected) => {
    expect(hostnameOf(host)).toBe(expected);
  });
});

describe('AllowedHosts', () => {
  it('answers localhost and the loopback addresses on any port, and refuses other names', () => {
    const hosts = new AllowedHosts();
    for (const host of ['localhost', 'localhost:1', '127.0.0.1:4321', '[::1]:4321']) expect(hosts.allows(host), host).toBe(true);
    for (const host of ['evil.example', '127.0.0.2', 'localhost.evil.example', undefined]) expect(hosts.allows(host), String(host)).toBe(false);
  });

  it('answers the host it listens on', () => {
    const hosts = new AllowedHosts();
    expect(hosts.allows('lab.internal:4321')).toBe(false);
    hosts.bind('lab.internal');
    expect(hosts.allows('lab.internal:4321')).toBe(true);
    hosts.bind('fd00::1');
    expect(hosts.allows('[fd00::1]:4321')).toBe(true);
  });

  it('listening on every interface, answers each of this machine’s addresses', () => {
    const hosts = new AllowedHosts();
    hosts.bind('0.0.0.0');
    const addresses = Object.values(networkInterfaces()).flat().map((info) => info!.address);
    for (const address of addresses) expect(hosts.allows(address.includes(':') ? `[${address.split('%')[0]}]:1` : `${address}:1`), address).toBe(true);
    expect(hosts.allows('evil.example')).toBe(false);
  });

  it('says which host was refused and how to allow it', () => {
    expect(new AllowedHosts().refusal('Evil.Example:4321')).toMatch(/Host "evil\.example" is not allowed[\s\S]*ALLOWED_HOSTS=evil\.example/);
  });
});

describe('isSameHostOrigin', () => {
  it.each([
    ['http://127.0.0.1:4321', '127.0.0.1:4321', true],
    ['http://LOCALHOST:4321', 'localhost:4321', true],
    ['https://lab.example', 'lab.example', true],
    ['https://lab.example', 'lab.example:443', true],
    ['http://lab.example', 'lab.example:80', true],
    ['http://127.0.0.1:4322', '127.0.0.1:4321', false],
    ['http://evil.example:4321', '127.0.0.1:4321', false],
    ['null', '127.0.0.1:4321', false],
  ])('%s for Host %s → %s', (origin, host, expected) => {
    expect(isSameHostOrigin(origin, host)).toBe(expected);
  });
});

describe('parseOrigins', () => {
  it('keeps origins as browsers send them, and *', () => {
    expect(parseOrigins(['https://Docs.Example/', ' http://localhost:3000 ', '*'])).toEqual({ ok: true, origins: ['https://docs.example', 'http://localhost:3000', '*'] });
  });

  it.each(['docs.example', 'https://docs.example/path', 'null'])('names an entry that is not an origin: %s', (entry) => {
    const result = parseOrigins([entry]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(JSON.stringify(entry));
  });
});
