import { describe, expect, it } from 'vitest';
import { STATUS_TEXT, findHeaderEnd, hasToken, isToken, parseExtensions, parseHttpHead, splitList } from '../../../../lib/index.ts';

/** The client's opening handshake of RFC 6455 §1.2. */
const RFC_REQUEST = [
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Protocol: chat, superchat',
  'Sec-WebSocket-Version: 13',
].join('\r\n') + '\r\n\r\n';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('where the head ends (the empty line after the header fields, RFC 9112 §2.1)', () => {
  it('is just after CRLF CRLF: the bytes from there on are frames', () => {
    const stream = bytes(`${RFC_REQUEST}\x81\x05`);
    expect(findHeaderEnd(stream)).toBe(RFC_REQUEST.length);
  });
  it('is -1 while the empty line has not arrived', () => {
    expect(findHeaderEnd(bytes(RFC_REQUEST.slice(0, -2)))).toBe(-1);
    expect(findHeaderEnd(new Uint8Array(0))).toBe(-1);
  });
});

describe('parsing the head', () => {
  it('reads the RFC 6455 §1.2 request: the start line, and each field by its lowercased name', () => {
    const result = parseHttpHead(RFC_REQUEST);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.startLine).toBe('GET /chat HTTP/1.1');
    expect(result.headers.map['sec-websocket-key']).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(result.headers.map['sec-websocket-protocol']).toBe('chat, superchat');
    expect(result.headers.raw[0]).toEqual(['Host', 'server.example.com']);
  });

  it('a field sent more than once is one list, its values joined with ", " (RFC 9110 §5.3)', () => {
    const result = parseHttpHead('GET / HTTP/1.1\r\nSec-WebSocket-Protocol: chat\r\nsec-websocket-protocol: superchat\r\n\r\n');
    expect(result.ok && result.headers.map['sec-websocket-protocol']).toBe('chat, superchat');
    expect(result.ok && result.headers.counts['sec-websocket-protocol']).toBe(2);
  });

  it('field values lose the white space around them (RFC 9110 §5.5)', () => {
    const result = parseHttpHead('GET / HTTP/1.1\r\nUpgrade:   websocket \t\r\n\r\n');
    expect(result.ok && result.headers.map.upgrade).toBe('websocket');
  });

  it('a line folded onto the next (obs-fold) is refused (RFC 9112 §5.2)', () => {
    expect(parseHttpHead('GET / HTTP/1.1\r\nUpgrade: web\r\n socket\r\n\r\n')).toMatchObject({ ok: false, incomplete: false, line: 3 });
  });

  it('a field name must be a token (RFC 9110 §5.1)', () => {
    expect(parseHttpHead('GET / HTTP/1.1\r\nBad Name: x\r\n\r\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseHttpHead('GET / HTTP/1.1\r\n: x\r\n\r\n')).toMatchObject({ ok: false, line: 2 });
  });

  it('bare LF line endings are accepted, as typed into a text box (RFC 9112 §2.2)', () => {
    expect(parseHttpHead(RFC_REQUEST.replace(/\r\n/g, '\n')).ok).toBe(true);
  });

  it('a head without its empty line is incomplete', () => {
    expect(parseHttpHead(RFC_REQUEST.slice(0, -2))).toMatchObject({ ok: false, incomplete: true });
  });
});

describe('lists and tokens (RFC 9110 §5.6)', () => {
  it('splits a list on commas, trimming elements and dropping empty ones (§5.6.1)', () => {
    expect(splitList('chat, superchat')).toEqual(['chat', 'superchat']);
    expect(splitList(' a ,, b ,')).toEqual(['a', 'b']);
    expect(splitList(undefined)).toEqual([]);
  });

  it('keeps a comma inside a quoted string (§5.6.4)', () => {
    expect(splitList('a; p="x, y", b')).toEqual(['a; p="x, y"', 'b']);
    expect(splitList('a; p="say \\"hi, there\\"", b')).toEqual(['a; p="say \\"hi, there\\""', 'b']);
  });

  it('finds a token in a list case-insensitively: "Connection: keep-alive, Upgrade" asks to upgrade (RFC 6455 §4.2.1)', () => {
    expect(hasToken('keep-alive, Upgrade', 'upgrade')).toBe(true);
    expect(hasToken('keep-alive', 'upgrade')).toBe(false);
    expect(hasToken('upgrade-later', 'upgrade')).toBe(false);
  });

  it('a token is one or more tchar (§5.6.2)', () => {
    expect(isToken('chat')).toBe(true);
    expect(isToken("v1.json-rpc+x!#$%&'*^_`|~")).toBe(true);
    expect(isToken('')).toBe(false);
    expect(isToken('two words')).toBe(false);
    expect(isToken('a,b')).toBe(false);
    expect(isToken('"quoted"')).toBe(false);
  });
});

describe('Sec-WebSocket-Extensions (RFC 6455 §9.1)', () => {
  it('reads each extension with its parameters (RFC 7692 §7 offers)', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover; client_max_window_bits=10')).toEqual([
      { name: 'permessage-deflate', params: { client_max_window_bits: true } },
      { name: 'permessage-deflate', params: { server_no_context_takeover: true, client_max_window_bits: '10' } },
    ]);
  });

  it('unquotes a quoted parameter value (RFC 6455 §9.1: quoted-string)', () => {
    expect(parseExtensions('x; p="a\\"b;c"')).toEqual([{ name: 'x', params: { p: 'a"b;c' } }]);
  });

  it('an absent header offers nothing', () => {
    expect(parseExtensions(undefined)).toEqual([]);
  });
});

describe('reason phrases', () => {
  it('names the statuses the handshake uses (RFC 9110 §15)', () => {
    expect(STATUS_TEXT[101]).toBe('Switching Protocols');
    expect(STATUS_TEXT[400]).toBe('Bad Request');
    expect(STATUS_TEXT[426]).toBe('Upgrade Required');
  });
});
