/**
 * Per-client limits on WebSocket connections, so that one client cannot take every
 * connection the server has. A client is its IP address; an IPv6 client is its /64,
 * the block one host or one home network is given and can pick addresses from at will.
 */

/** The key a peer address is counted under: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64 prefix. */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.split('%')[0].toLowerCase().split('::');
  const groups = (text: string | undefined) => (text ? text.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = [...first, ...Array(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
  return `${all.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

/** Counts open connections per client. */
export class ClientCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Counts a connection from `key` until `release` is called; false (and nothing counted) when the client is at its limit. */
  tryAdd(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  /** Stops counting one connection from `key`. */
  release(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }

  /** Connections counted for `key`. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
