import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  acceptKeySteps, buildClientHandshake, buildHttpErrorResponse, buildServerHandshake, checkOrigin,
  computeAcceptKey, decodeBase64, encodeBase64, explainHandshake, findHeaderEnd, generateKey,
  negotiateProtocol, parseClientHandshake, parseExtensions, parseServerHandshake,
} from '../../../../lib/index.ts';

const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const RFC_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
const request = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const GOOD = [
  'GET /chat?room=1 HTTP/1.1', 'Host: server.example.com', 'Upgrade: websocket', 'Connection: Upgrade',
  `Sec-WebSocket-Key: ${RFC_KEY}`, 'Origin: http://example.com', 'Sec-WebSocket-Protocol: chat, superchat', 'Sec-WebSocket-Version: 13',
];
const without = (name: string) => GOOD.filter((line) => !line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
const replace = (name: string, value: string) => [...without(name), `${name}: ${value}`];

describe('Sec-WebSocket-Accept (RFC 6455 §1.3)', () => {
  it('computes the RFC\'s example', () => {
    expect(computeAcceptKey(RFC_KEY)).toBe(RFC_ACCEPT);
  });
  it('shows each step', () => {
    const steps = acceptKeySteps(RFC_KEY);
    expect(steps.concatenated).toBe(`${RFC_KEY}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`);
    expect(steps.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    expect(steps.accept).toBe(RFC_ACCEPT);
  });
  it('generates a key from 16 given bytes', () => {
    expect(generateKey(new TextEncoder().encode('the sample nonce'))).toBe(RFC_KEY);
    expect(() => generateKey(new Uint8Array(15))).toThrow(RangeError);
  });
  it('base64 round-trips and rejects non-canonical text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }));
    expect(decodeBase64('abc')).toBeUndefined();
    expect(decodeBase64('ab!=')).toBeUndefined();
  });
});

describe('parseClientHandshake: a valid request', () => {
  it('reads the RFC\'s sample request', () => {
    const result = parseClientHandshake(request(GOOD));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toMatchObject({ method: 'GET', path: '/chat', query: 'room=1', host: 'server.example.com', key: RFC_KEY, version: '13', origin: 'http://example.com', protocols: ['chat', 'superchat'] });
  });
  it('treats header names case-insensitively and Connection as a token list', () => {
    const lines = GOOD.map((line) => line.replace(/^[^:]+/, (name) => name.toUpperCase())).map((line) => line.replace('CONNECTION: Upgrade', 'CONNECTION: keep-alive, Upgrade'));
    expect(parseClientHandshake(request(lines)).ok).toBe(true);
  });
  it('joins repeated Sec-WebSocket-Protocol lines into one list', () => {
    const result = parseClientHandshake(request([...without('Sec-WebSocket-Protocol'), 'Sec-WebSocket-Protocol: a', 'Sec-WebSocket-Protocol: b, c']));
    expect(result.ok && result.request.protocols).toEqual(['a', 'b', 'c']);
  });
  it('parses extension offers with parameters and quoted values', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits, x-foo; a="b,c"; d=1')).toEqual([
      { name: 'permessage-deflate', params: { client_max_window_bits: true } },
      { name: 'x-foo', params: { a: 'b,c', d: '1' } },
    ]);
  });
  it('round-trips buildClientHandshake', () => {
    const text = buildClientHandshake({ host: 'h:1', path: '/p', key: RFC_KEY, origin: 'http://o', protocols: ['x'] });
    expect(parseClientHandshake(text)).toMatchObject({ ok: true, request: { host: 'h:1', path: '/p', origin: 'http://o', protocols: ['x'] } });
  });
});

describe('parseClientHandshake: each failure names the header, the status and the section', () => {
  it.each([
    ['a method other than GET', request(['POST /chat HTTP/1.1', ...GOOD.slice(1)]), null, 405, '4.1'],
    ['HTTP/1.0', request(['GET /chat HTTP/1.0', ...GOOD.slice(1)]), null, 400, '4.1'],
    ['a malformed request line', request(['GET /chat', ...GOOD.slice(1)]), null, 400, '4.1'],
    ['a malformed header line', request([...GOOD, 'no colon here']), null, 400, '4.2.1'],
    ['a missing Host', request(without('Host')), 'Host', 400, '4.1'],
    ['a missing Upgrade', request(without('Upgrade')), 'Upgrade', 400, '4.2.1'],
    ['Upgrade that is not websocket', request(replace('Upgrade', 'h2c')), 'Upgrade', 400, '4.2.1'],
    ['a missing Connection', request(without('Connection')), 'Connection', 400, '4.2.1'],
    ['Connection without Upgrade', request(replace('Connection', 'keep-alive')), 'Connection', 400, '4.2.1'],
    ['a missing key', request(without('Sec-WebSocket-Key')), 'Sec-WebSocket-Key', 400, '4.2.1'],
    ['a key that is not 16 bytes', request(replace('Sec-WebSocket-Key', 'c2hvcnQ=')), 'Sec-WebSocket-Key', 400, '4.1'],
    ['a key that is not base64', request(replace('Sec-WebSocket-Key', 'not base64 at all!!!!!!!')), 'Sec-WebSocket-Key', 400, '4.1'],
    ['two keys', request([...GOOD, `Sec-WebSocket-Key: ${RFC_KEY}`]), 'Sec-WebSocket-Key', 400, '11.3.1'],
    ['a missing version', request(without('Sec-WebSocket-Version')), 'Sec-WebSocket-Version', 400, '4.2.1'],
    ['version 8', request(replace('Sec-WebSocket-Version', '8')), 'Sec-WebSocket-Version', 426, '4.4'],
    ['a subprotocol that is not a token', request(replace('Sec-WebSocket-Protocol', 'a b')), 'Sec-WebSocket-Protocol', 400, '4.1'],
  ])('rejects %s', (_name, text, header, status, section) => {
    const result = parseClientHandshake(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ header, status, section });
    expect(result.error.problem.length).toBeGreaterThan(10);
  });
  it('answers 426 with Sec-WebSocket-Version: 13 and, as RFC 9110 §15.5.22 requires of a 426, Upgrade: websocket', () => {
    const result = parseClientHandshake(request(replace('Sec-WebSocket-Version', '8')));
    expect(!result.ok && result.error.headers).toEqual({ 'Sec-WebSocket-Version': '13', Upgrade: 'websocket' });
    const response = buildHttpErrorResponse(426, { headers: result.ok ? {} : result.error.headers });
    expect(response).toMatch(/\r\nUpgrade: websocket\r\n/);
    expect(response).toMatch(/\r\nConnection: Upgrade, close\r\n/);
  });
  it('says when the head is not finished', () => {
    expect(parseClientHandshake('GET / HTTP/1.1\r\nHost: x\r\n')).toMatchObject({ ok: false, incomplete: true });
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      parseClientHandshake(text);
      parseServerHandshake(text, { key: RFC_KEY });
      explainHandshake(text);
    }), { numRuns: 1000 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...GOOD, 'X: y', '', ':', 'GET', '\r\n')), (lines) => {
      parseClientHandshake(lines.join('\r\n'));
    }));
  });
});

describe('the server side', () => {
  const response = buildServerHandshake({ key: RFC_KEY, protocol: 'chat' });
  it('builds the 101 of RFC 6455 §1.3', () => {
    expect(response).toBe(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${RFC_ACCEPT}\r\nSec-WebSocket-Protocol: chat\r\n\r\n`);
  });
  it('a client accepts it', () => {
    expect(parseServerHandshake(response, { key: RFC_KEY, protocols: ['chat'] })).toMatchObject({ ok: true, response: { status: 101, protocol: 'chat' } });
  });
  it.each([
    ['a status other than 101', buildHttpErrorResponse(403), null],
    ['a wrong accept value', response.replace(RFC_ACCEPT, computeAcceptKey('x')), 'Sec-WebSocket-Accept'],
    ['no accept value', response.replace(/Sec-WebSocket-Accept.*\r\n/, ''), 'Sec-WebSocket-Accept'],
    ['no Upgrade', response.replace('Upgrade: websocket\r\n', ''), 'Upgrade'],
    ['no Connection', response.replace('Connection: Upgrade\r\n', ''), 'Connection'],
    ['a subprotocol that was not requested', buildServerHandshake({ key: RFC_KEY, protocol: 'other' }), 'Sec-WebSocket-Protocol'],
    ['an extension that was not offered', buildServerHandshake({ key: RFC_KEY, extensions: ['permessage-deflate'] }), 'Sec-WebSocket-Extensions'],
  ])('a client fails the connection on %s', (_name, text, header) => {
    const result = parseServerHandshake(text, { key: RFC_KEY, protocols: ['chat'] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.header).toBe(header);
  });
  it('builds error responses with their headers', () => {
    const text = buildHttpErrorResponse(426, { headers: { 'Sec-WebSocket-Version': '13' } });
    expect(text.startsWith('HTTP/1.1 426 Upgrade Required\r\n')).toBe(true);
    expect(text).toContain('Sec-WebSocket-Version: 13\r\n');
  });
  it('negotiates the first requested subprotocol the server supports, or none', () => {
    expect(negotiateProtocol(['b', 'a'], ['a', 'b'])).toBe('b');
    expect(negotiateProtocol(['c'], ['a'])).toBeUndefined();
  });
  it('checks Origin against an allow-list with 403 (§10.2)', () => {
    expect(checkOrigin('https://good.example', ['https://good.example'])).toEqual({ ok: true });
    expect(checkOrigin('https://evil.example', ['https://good.example'])).toMatchObject({ ok: false, error: { header: 'Origin', status: 403, section: '10.2' } });
    expect(checkOrigin(undefined, ['https://good.example'])).toEqual({ ok: true });
    expect(checkOrigin(undefined, [], { requireOrigin: true }).ok).toBe(false);
  });
  it('finds where the head ends in a byte stream', () => {
    const head = new TextEncoder().encode(response);
    const bytes = new Uint8Array([...head, 0x81, 0x00]);
    expect(findHeaderEnd(bytes)).toBe(bytes.length - 2);
    expect(findHeaderEnd(bytes.subarray(0, 20))).toBe(-1);
  });
});

describe('explainHandshake', () => {
  it('explains every header and the accept steps of a request', () => {
    const e = explainHandshake(request(GOOD));
    expect(e.kind).toBe('request');
    expect(e.violations).toEqual([]);
    expect(e.headers.map((h) => h.name)).toEqual(GOOD.slice(1).map((l) => l.split(':')[0]));
    expect(e.headers.every((h) => h.meaning.length > 10)).toBe(true);
    expect(e.accept?.accept).toBe(RFC_ACCEPT);
  });
  it('lists every violation, not only the first', () => {
    const e = explainHandshake(request(['POST /chat HTTP/1.1', 'Host: x', 'Sec-WebSocket-Version: 8']));
    expect(e.violations.map((v) => v.header)).toEqual([null, 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version']);
    expect(e.violations.map((v) => v.status)).toEqual([405, 400, 400, 400, 426]);
  });
  it('checks a response against the key', () => {
    expect(explainHandshake(buildServerHandshake({ key: RFC_KEY }), { key: RFC_KEY }).violations).toEqual([]);
    expect(explainHandshake(buildServerHandshake({ key: RFC_KEY }), { key: 'AAAAAAAAAAAAAAAAAAAAAA==' }).violations[0]?.header).toBe('Sec-WebSocket-Accept');
  });
  it('is JSON-serializable', () => {
    const e = explainHandshake(request(GOOD));
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});
