/**
 * A reverse proxy in the pipe: the opening request reaches the server as the proxy
 * forwards it. Without the upgrade passed on, the server sees a plain request and the
 * page's handshake fails; with it, the connection opens.
 */
import { describe, expect, it } from 'vitest';
import { proxyRequestHead, reverseProxy } from '../../../../lib/lab/index.ts';
import { echoServer, labRun, record } from './harness.ts';

const REQUEST = [
  'GET /echo HTTP/1.1',
  'Host: lab',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version: 13',
  '',
  '',
].join('\r\n');

describe('proxyRequestHead', () => {
  it('as nginx by default: HTTP/1.0, Upgrade and Connection dropped, Connection: close', () => {
    const { head, note } = proxyRequestHead(REQUEST, { httpVersion: '1.0', forwardUpgrade: false });
    expect(head).toBe('GET /echo HTTP/1.0\r\nHost: lab\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n');
    expect(note).toBe('The proxy forwarded the request to the backend: sent the request as HTTP/1.0; dropped “Upgrade: websocket”, “Connection: Upgrade”; added “Connection: close”');
  });

  it('with the upgrade passed on and HTTP/1.1: Upgrade kept, Connection: upgrade', () => {
    const { head, note } = proxyRequestHead(REQUEST, { httpVersion: '1.1', forwardUpgrade: true });
    expect(head).toBe('GET /echo HTTP/1.1\r\nHost: lab\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n');
    expect(note).toBe('The proxy forwarded the request to the backend: dropped “Connection: Upgrade”; added “Connection: upgrade”');
  });

  it('drops headers that Connection names, and appends the client to X-Forwarded-For', () => {
    const request = REQUEST.replace('Connection: Upgrade', 'Connection: Upgrade, X-Secret\r\nX-Secret: 1\r\nX-Forwarded-For: 198.51.100.1');
    const { head } = proxyRequestHead(request, { httpVersion: '1.1', forwardUpgrade: true, forwardedFor: '203.0.113.7' });
    expect(head).not.toContain('X-Secret');
    expect(head).toContain('\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n');
    expect(head.match(/X-Forwarded-For/g)).toHaveLength(1);
  });
});

describe('the Host the backend sees', () => {
  const request = REQUEST.replace('Host: lab', 'Host: App.Example:8443');
  const hostOf = (head: string) => /^Host: (.*)\r$/m.exec(head)?.[1];

  it('by default nginx sends the backend’s own name (proxy_set_header Host $proxy_host), in the Host line’s place', () => {
    const { head, note } = proxyRequestHead(request, { httpVersion: '1.1', forwardUpgrade: true, backend: 'app:8000' });
    expect(head.split('\r\n')[1]).toBe('Host: app:8000');
    expect(head.match(/^Host:/gm)).toHaveLength(1);
    expect(note).toContain('set Host to “app:8000” (proxy_set_header Host $proxy_host, nginx’s default)');
  });

  it('$host passes the client’s name on without its port, in lower case; $http_host passes it as sent', () => {
    expect(hostOf(proxyRequestHead(request, { httpVersion: '1.1', forwardUpgrade: true, backend: 'app:8000', host: '$host' }).head)).toBe('app.example');
    expect(hostOf(proxyRequestHead(request.replace('App.Example:8443', '[::1]:8443'), { httpVersion: '1.1', forwardUpgrade: true, backend: 'app', host: '$host' }).head)).toBe('[::1]');
    const asSent = proxyRequestHead(request, { httpVersion: '1.1', forwardUpgrade: true, backend: 'app:8000', host: '$http_host' });
    expect(hostOf(asSent.head)).toBe('App.Example:8443');
    expect(asSent.note).not.toContain('Host');
  });

  it('without a backend named, the Host passes unchanged', () => {
    expect(hostOf(proxyRequestHead(request, { httpVersion: '1.1', forwardUpgrade: true }).head)).toBe('App.Example:8443');
  });
});

describe('a pipe with rewriteRequest', () => {
  it('a proxy that drops the upgrade: the server answers 400, the page sees error and close 1006', async () => {
    const run = labRun(echoServer(), { faults: { rewriteRequest: reverseProxy({ httpVersion: '1.1', forwardUpgrade: false }) } });
    const log = record(new run.WebSocket('ws://lab/echo'));
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
    const chunks = run.network.tap.records.filter((r) => r.kind === 'chunk');
    const text = (i: number) => new TextDecoder().decode((chunks[i] as { bytes: Uint8Array }).bytes);
    expect(text(0)).not.toMatch(/^Upgrade:/m);
    expect(text(0)).toMatch(/^Connection: close\r$/m);
    expect(text(1)).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text(1)).toContain('The Upgrade header is missing');
    const rewrite = run.network.tap.records.find((r) => r.kind === 'event' && r.event === 'rewrite');
    expect(rewrite).toMatchObject({ direction: 'client→server' });
  });

  it('a proxy that passes the upgrade on: the connection opens and echoes', async () => {
    const run = labRun(echoServer(), { faults: { rewriteRequest: reverseProxy({ httpVersion: '1.1', forwardUpgrade: true }) } });
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => ws.send('through the proxy');
    ws.onmessage = () => ws.close(1000);
    await run.virtual!.run();
    expect(log.messages).toEqual(['through the proxy']);
    expect(log.close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('holds a request head that arrives in pieces until it is whole', async () => {
    const run = labRun(echoServer(), { faults: { chunking: { mode: 'fixed', size: 7 }, rewriteRequest: reverseProxy({ httpVersion: '1.1', forwardUpgrade: true }) } });
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => ws.send('in pieces');
    ws.onmessage = () => ws.close(1000);
    await run.virtual!.run();
    expect(log.messages).toEqual(['in pieces']);
  });
});

describe('locations', () => {
  it('a request under a location prefix is forwarded with that block’s settings, the longest prefix first', () => {
    const proxy = { httpVersion: '1.0' as const, forwardUpgrade: false, locations: { '/e': { httpVersion: '1.1' as const, forwardUpgrade: false }, '/echo': { httpVersion: '1.1' as const, forwardUpgrade: true } } };
    expect(proxyRequestHead(REQUEST, proxy).head).toMatch(/^GET \/echo HTTP\/1\.1\r\n[\s\S]*Upgrade: websocket\r\nConnection: upgrade\r\n\r\n$/);
    expect(proxyRequestHead(REQUEST.replace('/echo', '/live'), proxy).head).toMatch(/^GET \/live HTTP\/1\.0\r\n[\s\S]*Connection: close\r\n\r\n$/);
  });
});
