import { describe, expect, it } from 'vitest';
import { HANDSHAKE_PRESETS, VALID_REQUEST, acceptStepsFor, clientVerdict, exchange, headerProblem, toWire } from '../../../../../site/components/handshake/handshake-lab-model.ts';

const preset = (id: string) => HANDSHAKE_PRESETS.find((p) => p.id === id)!;

describe('the lab server answers each request as RFC 6455 §4.2 says', () => {
  it.each([
    ['valid', 101, undefined],
    ['no-upgrade', 400, 'Upgrade'],
    ['no-connection', 400, 'Connection'],
    ['version-8', 426, 'Sec-WebSocket-Version'],
    ['short-key', 400, 'Sec-WebSocket-Key'],
    ['post', 405, null],
    ['origin', 403, 'Origin'],
    ['path', 404, null],
    ['subprotocol', 101, undefined],
  ])('%s → %i', async (id, status, header) => {
    const answer = await exchange(preset(id).request);
    expect(answer.response.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    if (header === undefined) expect(answer.refusal).toBeUndefined();
    else expect(answer.refusal).toMatchObject({ status, header });
  });

  it('426 names the version it speaks', async () => {
    expect((await exchange(preset('version-8').request)).response).toMatch(/\r\nSec-WebSocket-Version: 13\r\n/);
  });

  it('picks chat.v1 when asked, and no subprotocol when only mqtt is asked for', async () => {
    expect((await exchange(VALID_REQUEST)).protocol).toBe('chat.v1');
    const answer = await exchange(preset('subprotocol').request);
    expect(answer.protocol).toBe('');
    expect(answer.response).not.toMatch(/Sec-WebSocket-Protocol/i);
  });
});

describe('the client reads the answer', () => {
  it('opens on a good answer, with the chosen subprotocol', async () => {
    expect(clientVerdict(VALID_REQUEST, (await exchange(VALID_REQUEST)).response)).toEqual({ open: true, events: ['open'], protocol: 'chat.v1' });
  });

  it('fails on any refusal with only error and close 1006, keeping the reason for the browser', async () => {
    const verdict = clientVerdict(preset('origin').request, (await exchange(preset('origin').request)).response);
    expect(verdict.open).toBe(false);
    expect(verdict.events).toEqual(['error', 'close (code 1006, wasClean false, reason "")']);
    expect(verdict.reason).toBe('The server answered 403 Forbidden instead of 101 Switching Protocols');
  });

  it('fails on a rewritten Accept', async () => {
    const wrong = preset('wrong-accept');
    const response = wrong.alterResponse!((await exchange(wrong.request)).response);
    const verdict = clientVerdict(wrong.request, response);
    expect(verdict.open).toBe(false);
    // The header is named once, not as a label before a sentence that names it again.
    expect(verdict.reason).toMatch(/^Sec-WebSocket-Accept is "[^"]+" but the key calls for "s3pPLMBiTxaQ9kYGzzhZRbK\+xOo="$/);
  });

  it('fails the connection, as a browser must, when the client offered subprotocols and the 101 chose none', async () => {
    const request = preset('subprotocol').request;
    const verdict = clientVerdict(request, (await exchange(request)).response);
    expect(verdict).toMatchObject({
      open: false,
      events: ['error', 'close (code 1006, wasClean false, reason "")'],
      reason: 'Sec-WebSocket-Protocol: The client offered "mqtt" and the server chose none',
      citation: 'WHATWG WebSockets, “establish a WebSocket connection”',
    });
    expect(verdict.browserNote).toMatch(/should refuse the handshake with an HTTP status/);
  });

  it('cites the RFC section for the RFC\'s own rules', () => {
    const response = 'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: wrong';
    expect(clientVerdict(VALID_REQUEST, response).citation).toBe('RFC 6455 §4.1');
  });

  it('fails when the server picks a subprotocol the client never asked for', () => {
    const response = 'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\nSec-WebSocket-Protocol: mqtt';
    expect(clientVerdict(VALID_REQUEST, response)).toMatchObject({ open: false, reason: 'Sec-WebSocket-Protocol: The server chose subprotocol "mqtt", which the client did not request' });
  });
});

describe('helpers', () => {
  it('toWire ends lines with CRLF and the head with a blank line, whatever was typed', () => {
    expect(toWire('GET / HTTP/1.1\nHost: a\n\n\n')).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(toWire('GET / HTTP/1.1\r\nHost: a')).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  });

  it('acceptStepsFor gives the RFC 6455 §1.3 numbers for its sample key', () => {
    const steps = acceptStepsFor(VALID_REQUEST);
    expect(steps).toMatchObject({ ok: true, validKey: true, steps: { sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea', accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' } });
    expect(acceptStepsFor('GET / HTTP/1.1\nHost: a')).toEqual({ ok: false, message: 'The request has no Sec-WebSocket-Key header, so there is nothing to hash.' });
    expect(acceptStepsFor(preset('short-key').request)).toMatchObject({ ok: true, validKey: false });
  });
});

describe('headerProblem', () => {
  it.each([
    [{ header: 'Origin', problem: 'Origin https://evil.example is not allowed to connect' }, 'Origin https://evil.example is not allowed to connect'],
    [{ header: 'Sec-WebSocket-Accept', problem: 'Sec-WebSocket-Accept is "x" but the key calls for "y"' }, 'Sec-WebSocket-Accept is "x" but the key calls for "y"'],
    [{ header: 'Host', problem: 'The Host header is missing' }, 'The Host header is missing'],
    [{ header: 'Sec-WebSocket-Version', problem: 'Version 8 is not supported' }, 'Sec-WebSocket-Version: Version 8 is not supported'],
    [{ header: 'Sec-WebSocket-Key', problem: 'The Sec-WebSocket-Key-Extra header is odd' }, 'Sec-WebSocket-Key: The Sec-WebSocket-Key-Extra header is odd'],
    [{ header: null, problem: 'The method is POST' }, 'The method is POST'],
  ])('names the header once: %j', (failure, line) => {
    expect(headerProblem(failure)).toBe(line);
  });
});
