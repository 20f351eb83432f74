/**
 * The slice of HTTP/1.1 the opening handshake needs: where the head ends, the start line,
 * header fields and comma-separated lists.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4 (Opening Handshake)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1 (lists)
 */

const CR = 0x0d;
const LF = 0x0a;

/**
 * Where an HTTP head ends in a byte stream: the index just after the CRLF CRLF, or -1
 * while it has not arrived. The bytes from there on are WebSocket frames.
 */
export function findHeaderEnd(bytes: Uint8Array): number {
  for (let i = 3; i < bytes.length; i++) {
    if (bytes[i] === LF && bytes[i - 1] === CR && bytes[i - 2] === LF && bytes[i - 3] === CR) return i + 1;
  }
  return -1;
}

/** Header fields of one HTTP message: lowercased names → values (repeats joined with ", "), and the raw lines in order. */
export interface HttpHeaders {
  /** Lowercased name → value; a field sent more than once is joined with ", " (RFC 9110 §5.3). */
  readonly map: Record<string, string>;
  /** Every field as sent: [name, value], in order. */
  readonly raw: ReadonlyArray<readonly [string, string]>;
  /** How many times each lowercased name was sent. */
  readonly counts: Record<string, number>;
}

/** A parsed HTTP head, or what is wrong with it. */
export type HttpHeadResult =
  | { ok: true; startLine: string; headers: HttpHeaders }
  | { ok: false; incomplete: boolean; problem: string; line?: number };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Splits an HTTP head into the start line and header fields. Accepts CRLF line endings
 * and, leniently (RFC 9112 §2.2), bare LF as typed into a text box. Never throws.
 */
export function parseHttpHead(text: string): HttpHeadResult {
  const normalized = text.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  if (end < 0) {
    return { ok: false, incomplete: true, problem: 'The head is not finished: an empty line must follow the last header' };
  }
  const lines = normalized.slice(0, end).split('\n');
  const startLine = lines[0] ?? '';
  const map: Record<string, string> = Object.create(null);
  const counts: Record<string, number> = Object.create(null);
  const raw: Array<readonly [string, string]> = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^[ \t]/.test(line)) {
      return { ok: false, incomplete: false, problem: `Line ${i + 1} starts with white space (obsolete line folding is not allowed)`, line: i + 1 };
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) {
      return { ok: false, incomplete: false, problem: `Line ${i + 1} is not a header field ("Name: value"): ${JSON.stringify(line.slice(0, 60))}`, line: i + 1 };
    }
    const value = line.slice(colon + 1).trim();
    const key = name.toLowerCase();
    raw.push([name, value]);
    counts[key] = (counts[key] ?? 0) + 1;
    map[key] = key in map ? `${map[key]}, ${value}` : value;
  }
  return { ok: true, startLine, headers: { map, raw, counts } };
}

/** Splits a comma-separated header value into trimmed, non-empty elements, respecting quoted strings. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (quoted && char === '\\' && i + 1 < value.length) {
      current += char + value[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      if (current.trim()) items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/** Whether a comma-separated header value contains `token`, compared case-insensitively. */
export function hasToken(value: string | undefined, token: string): boolean {
  const wanted = token.toLowerCase();
  return splitList(value).some((item) => item.toLowerCase() === wanted);
}

/** Whether a string is an HTTP token (RFC 9110 §5.6.2), as subprotocol names must be. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** One offered or accepted extension: `permessage-deflate; client_max_window_bits=15`. */
export interface ExtensionOffer {
  name: string;
  params: Record<string, string | true>;
}

/** Parses Sec-WebSocket-Extensions (RFC 6455 §9.1): a list of names with `;` parameters, quoted values allowed. */
export function parseExtensions(value: string | undefined): ExtensionOffer[] {
  return splitList(value).map((item) => {
    const parts = splitParams(item);
    const params: Record<string, string | true> = {};
    for (const part of parts.slice(1)) {
      const eq = part.indexOf('=');
      if (eq < 0) {
        params[part] = true;
      } else {
        let paramValue = part.slice(eq + 1).trim();
        if (paramValue.startsWith('"') && paramValue.endsWith('"') && paramValue.length >= 2) {
          paramValue = paramValue.slice(1, -1).replace(/\\(.)/g, '$1');
        }
        params[part.slice(0, eq).trim()] = paramValue;
      }
    }
    return { name: parts[0] ?? '', params };
  });
}

function splitParams(item: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < item.length; i++) {
    const char = item[i];
    // Inside a quoted string a backslash escapes the next character, a quote included (RFC 9110 §5.6.4).
    if (quoted && char === '\\' && i + 1 < item.length) {
      current += char + item[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

/** Reason phrases for the statuses the handshake uses. */
export const STATUS_TEXT: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
