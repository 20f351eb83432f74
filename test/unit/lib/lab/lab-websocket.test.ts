import { describe, expect, it } from 'vitest';
import { echoServer, labRun, record } from './harness.ts';

describe('LabWebSocket: the constructor (WHATWG WebSockets §3)', () => {
  const { WebSocket } = labRun();
  it.each([
    ['a URL that does not parse', 'not a url'],
    ['a scheme other than ws, wss, http or https', 'ftp://lab/echo'],
    ['a fragment', 'ws://lab/echo#part'],
  ])('throws SyntaxError for %s', (_name, url) => {
    expect(() => new WebSocket(url)).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
  });
  it.each([
    ['a duplicate subprotocol', ['chat', 'chat']],
    ['a subprotocol that is not a token', ['a b']],
    ['an empty subprotocol', ['']],
  ])('throws SyntaxError for %s', (_name, protocols) => {
    expect(() => new WebSocket('ws://lab/echo', protocols)).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
  });
  it('maps http: to ws: and exposes the constants', () => {
    const ws = new WebSocket('http://lab/echo');
    expect(ws.url).toBe('ws://lab/echo');
    expect([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect(ws.readyState).toBe(WebSocket.CONNECTING);
    expect(ws.binaryType).toBe('blob');
  });
});

describe('LabWebSocket: a session', () => {
  it('opens, negotiates a subprotocol, echoes text and binary, and closes cleanly', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo', ['json', 'chat']);
    ws.binaryType = 'arraybuffer';
    const log = record(ws);
    ws.onopen = () => {
      ws.send('hello');
      ws.send(new Uint8Array([1, 2, 3]));
    };
    let received = 0;
    ws.onmessage = () => { if (++received === 2) ws.close(1000, 'done'); };
    await run.virtual!.run();
    expect(ws.protocol).toBe('json');
    expect(ws.extensions).toBe('');
    expect(log.events).toEqual(['open', 'message', 'message', 'close']);
    expect(log.messages[0]).toBe('hello');
    expect(new Uint8Array(log.messages[1] as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    // The close event carries the peer's Close frame: the server echoed the code, not the reason.
    expect(log.close).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(ws.readyState).toBe(3);
  });

  it('delivers binary as a Blob by default', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => ws.send(new Uint8Array([9, 8]).buffer);
    await run.virtual!.advance(50);
    expect(log.messages[0]).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (log.messages[0] as Blob).arrayBuffer())).toEqual(new Uint8Array([9, 8]));
  });

  it('throws InvalidStateError from send() while CONNECTING', () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    expect(() => ws.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  it.each([999, 1001, 1005, 1006, 2999, 5000])('throws InvalidAccessError from close(%i)', async (code) => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    await run.virtual!.advance(10);
    expect(() => ws.close(code)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
  });

  it('throws SyntaxError from close() with a reason over 123 bytes', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    await run.virtual!.advance(10);
    expect(() => ws.close(1000, 'é'.repeat(62))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(() => ws.close(4000, 'x'.repeat(123))).not.toThrow();
  });

  it('counts bytes sent after closing started in bufferedAmount, without sending them', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    await run.virtual!.advance(10);
    ws.close();
    ws.send('12345');
    expect(ws.bufferedAmount).toBe(5);
    await run.virtual!.run();
    const texts = run.wireLog().entries.filter((e) => e.kind === 'frame' && e.opcode === 1);
    expect(texts).toHaveLength(0);
  });

  it('reports a server-initiated close with the server\'s code and reason', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/bye/4001');
    const log = record(ws);
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'close']);
    expect(log.close).toEqual({ code: 4001, reason: 'server says bye', wasClean: true });
  });

  it.each([
    ['a path with no endpoint (404)', 'ws://lab/nowhere'],
    ['a handler that rejects before accept (403)', 'ws://lab/private'],
  ])('a failed handshake on %s gives error then close 1006, as a browser does', async (_name, url) => {
    const run = labRun();
    const ws = new run.WebSocket(url);
    const log = record(ws);
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('a connection lost while open fails: error, then close 1006 (RFC 6455 §7.2.1), and only once', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => ws.send('hi');
    ws.onmessage = () => run.network.cutAll('the cable was pulled');
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'message', 'error', 'close']);
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('close() while CONNECTING fails the connection: error, then close 1006', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.close();
    expect(ws.readyState).toBe(2);
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    expect(log.close?.code).toBe(1006);
  });

  it('dispatches events asynchronously, never from inside send() or close()', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    await run.virtual!.advance(10);
    ws.close(1000);
    expect(log.events).toEqual(['open']);
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'close']);
  });

  it('calls on* handlers and listeners added with addEventListener', async () => {
    const run = labRun(echoServer());
    const ws = new run.WebSocket('ws://lab/echo');
    const seen: string[] = [];
    ws.onopen = () => seen.push('onopen');
    ws.addEventListener('open', () => seen.push('listener'));
    await run.virtual!.advance(10);
    expect(seen.sort()).toEqual(['listener', 'onopen']);
  });
});
