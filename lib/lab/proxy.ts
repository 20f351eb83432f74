/**
 * A reverse proxy's handling of the opening request, as nginx's `proxy_pass` does it: the
 * request goes to the backend in the proxy's HTTP version, without the hop-by-hop headers
 * (RFC 9110 §7.6.1: Connection, the headers Connection names, and Keep-Alive,
 * Proxy-Connection, TE, Transfer-Encoding, Upgrade), with `Connection: close` unless the
 * proxy is told to pass the upgrade on, and with the backend's name as its Host unless told
 * to pass the client's on (nginx's defaults: `proxy_set_header Host $proxy_host;` and
 * `proxy_set_header Connection close;`). Used as a pipe's `rewriteRequest`.
 * @see https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header
 */

/** What the proxy is configured to do, after nginx's directives. */
export interface ReverseProxySettings {
  /** `proxy_http_version`: nginx's default is '1.0'; an upgrade needs '1.1'. */
  httpVersion: '1.0' | '1.1';
  /**
   * `proxy_set_header Upgrade $http_upgrade` and `proxy_set_header Connection
   * $connection_upgrade`: pass the client's Upgrade on, with `Connection: upgrade`.
   */
  forwardUpgrade: boolean;
  /** `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`: the client's address as the proxy saw it. */
  forwardedFor?: string;
  /**
   * The backend as `proxy_pass` names it (`proxy_pass http://app:8000` → 'app:8000'): nginx's
   * `$proxy_host`, the Host it sends unless told otherwise. Without it the Host passes unchanged.
   */
  backend?: string;
  /**
   * `proxy_set_header Host …`: '$proxy_host' (the default: the backend's name), '$host' (the
   * client's Host without its port, lower case), or '$http_host' (the client's Host as sent).
   */
  host?: '$proxy_host' | '$host' | '$http_host';
  /**
   * Other `location` blocks, by path prefix: a request whose path starts with one is
   * forwarded with its settings instead (the longest prefix wins, as among nginx's prefix locations).
   */
  locations?: Readonly<Record<string, Omit<ReverseProxySettings, 'locations'>>>;
}

/** Header names a proxy never forwards as they came: they describe one hop, not the request. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade'];

/** The request head `head` (ending in a blank line) as the proxy forwards it, and what it changed. */
export function proxyRequestHead(head: string, proxy: ReverseProxySettings): { head: string; note: string } {
  const lines = head.split('\r\n');
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const [requestLine, ...fields] = lines;
  const path = requestLine.split(' ')[1] ?? '';
  const prefix = Object.keys(proxy.locations ?? {}).filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
  const settings = prefix === undefined ? proxy : proxy.locations![prefix];
  const value = (name: string) => fields.find((line) => nameOf(line) === name)?.slice(name.length + 1).trim();
  const named = new Set([...HOP_BY_HOP, ...(value('connection') ?? '').split(',').map((token) => token.trim().toLowerCase()).filter(Boolean)]);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const line of fields) {
    if (named.has(nameOf(line))) removed.push(line);
    else kept.push(line);
  }
  const changes: string[] = [];
  const line = requestLine.replace(/HTTP\/\d\.\d$/, `HTTP/${settings.httpVersion}`);
  if (line !== requestLine) changes.push(`sent the request as HTTP/${settings.httpVersion}`);
  const upgrade = value('upgrade');
  const added: string[] = [];
  if (settings.forwardUpgrade && upgrade !== undefined) added.push(`Upgrade: ${upgrade}`, 'Connection: upgrade');
  else added.push('Connection: close');
  const host = value('host');
  const sentHost = settings.backend === undefined || host === undefined ? host : hostFor(settings.host ?? '$proxy_host', host, settings.backend);
  const hostField = kept.findIndex((field) => nameOf(field) === 'host');
  if (sentHost !== host && hostField >= 0) {
    kept[hostField] = `Host: ${sentHost}`;
    changes.push(`set Host to “${sentHost}” (proxy_set_header Host ${settings.host ?? '$proxy_host, nginx’s default'})`);
  }
  const xff = value('x-forwarded-for');
  if (settings.forwardedFor !== undefined) {
    const index = kept.findIndex((field) => nameOf(field) === 'x-forwarded-for');
    if (index >= 0) kept.splice(index, 1);
    added.push(`X-Forwarded-For: ${xff ? `${xff}, ` : ''}${settings.forwardedFor}`);
  }
  const dropped = removed.filter((field) => !added.includes(field));
  if (dropped.length > 0) changes.push(`dropped ${dropped.map((field) => `“${field}”`).join(', ')}`);
  const fresh = added.filter((field) => !removed.includes(field));
  if (fresh.length > 0) changes.push(`added ${fresh.map((field) => `“${field}”`).join(', ')}`);
  const note = `The proxy forwarded the request to the backend: ${changes.length > 0 ? changes.join('; ') : 'unchanged'}`;
  return { head: `${[line, ...kept, ...added].join('\r\n')}\r\n\r\n`, note };
}

/** A header line's field name, in lower case. */
const nameOf = (line: string) => line.slice(0, line.indexOf(':')).trim().toLowerCase();

/** The Host nginx sends for `variable`, given the client's Host and the backend's name. */
function hostFor(variable: NonNullable<ReverseProxySettings['host']>, clientHost: string, backend: string): string {
  if (variable === '$proxy_host') return backend;
  if (variable === '$http_host') return clientHost;
  // $host: the name alone, without the port (an IPv6 literal keeps its brackets).
  return clientHost.replace(/:\d+$/, '').toLowerCase();
}

/** A pipe's `rewriteRequest` for a proxy with these settings. */
export function reverseProxy(settings: ReverseProxySettings): (head: string) => { head: string; note: string } {
  return (head) => proxyRequestHead(head, settings);
}
