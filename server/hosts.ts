/**
 * Who may use the server. The Host a request names must be one this server is known by,
 * so that a page on another site cannot reach it through a DNS name rebound to this
 * machine (DNS rebinding); a WebSocket's Origin must be the site itself or one allowed
 * besides it (RFC 6455 §10.2).
 */
import { networkInterfaces } from 'node:os';

/** The host name of a Host header value (`Name:4321` → `name`, `[::1]:80` → `[::1]`), or undefined when it is none. */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host || /[\s/?#@\\]/.test(host)) return undefined;
  try {
    // A fully qualified name may end in a dot; it names the same host.
    return new URL(`http://${host}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** How a listening address is written in a Host header: IPv6 in brackets. */
function asHostname(address: string): string {
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/** Addresses that mean "every interface": the server is then known by each of this machine's addresses. */
const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * The host names a server answers to: localhost and the loopback addresses, the host it
 * listens on (every local address when that is a wildcard), and those configured.
 * A configured `.example.com` allows example.com and its subdomains; `*` allows any host.
 */
export class AllowedHosts {
  private readonly names = new Set(['localhost', '127.0.0.1', '[::1]']);
  private readonly suffixes: string[] = [];
  private readonly any: boolean;

  constructor(configured: readonly string[] = []) {
    this.any = configured.includes('*');
    for (const entry of configured) {
      const name = entry.trim().toLowerCase();
      if (name.startsWith('.')) this.suffixes.push(name.slice(1));
      else if (name && name !== '*') this.names.add(hostnameOf(name) ?? name);
    }
  }

  /** Adds the host the server listens on. */
  bind(host: string): void {
    if (!WILDCARDS.has(host)) {
      this.names.add(asHostname(host));
      return;
    }
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address } of addresses ?? []) this.names.add(asHostname(address.split('%')[0]));
    }
  }

  /** Whether a request naming this Host header is answered. */
  allows(host: string | undefined): boolean {
    if (this.any) return true;
    const name = hostnameOf(host);
    if (name === undefined) return false;
    return this.names.has(name) || this.suffixes.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  }

  /** Why a request naming this Host is refused, and how to allow it. */
  refusal(host: string | undefined): string {
    const name = hostnameOf(host);
    if (name === undefined) return `This server answers only requests that name it in a valid Host header (got ${host === undefined ? 'none' : JSON.stringify(host)}).\n`;
    return `Host ${JSON.stringify(name)} is not allowed on this server: it answers only to localhost, its loopback and listening addresses, and the hosts in ALLOWED_HOSTS, so that no other site can reach it through a DNS name that points here.\n` +
      `To allow it, start the server with ALLOWED_HOSTS=${name} (a comma-separated list; .${name} allows its subdomains too).\n`;
  }
}

/**
 * Whether `origin` is the site this request was sent to: its host and port are the
 * request's Host, as for a page served by this server.
 */
export function isSameHostOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const page = new URL(origin);
    const target = new URL(`http://${host}`);
    if (page.hostname !== target.hostname) return false;
    // A Host without a port names the default port of whichever scheme the page used (TLS may end at a proxy).
    if (target.port === '') return page.port === '';
    return (page.port || (page.protocol === 'https:' ? '443' : '80')) === target.port;
  } catch {
    return false;
  }
}

/**
 * The configured Origins in the form browsers send (`https://docs.example`), or a
 * message naming the entry that is not an origin. `*` allows every origin.
 */
export function parseOrigins(entries: readonly string[]): { ok: true; origins: string[] } | { ok: false; problem: string } {
  const origins: string[] = [];
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    if (entry === '*') {
      origins.push(entry);
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || url.origin === 'null' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      return { ok: false, problem: `${JSON.stringify(entry)} is not an origin: write scheme, host and port only, e.g. https://docs.example or http://localhost:3000` };
    }
    origins.push(url.origin);
  }
  return { ok: true, origins };
}
