import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../lib/lab/index.ts';
import { echoServer, labRun, record } from './harness.ts';

describe('LabWebSocket: the constructor (WHATWG WebSockets §3)', () => {
  const { WebSocket } = labRun();
  it.each([
    ['a URL that does not parse, even against the base', 'ws://lab:99999/echo'],
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

  it('send() after the server\'s Close arrived counts the bytes and sends nothing, even from the open handler', async () => {
    // The server accepts and closes at once: its Close is in, the closing handshake has started, before open is dispatched.
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/bye/4001');
    const log = record(ws);
    ws.onopen = () => ws.send('too late');
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'close']);
    expect(ws.bufferedAmount).toBe(8);
    expect(run.wireLog().entries.filter((e) => e.kind === 'frame' && e.opcode === 1)).toHaveLength(0);
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

describe('LabWebSocket and the WHATWG WebSockets Standard', () => {
  it('"If protocols is not the empty list and [the response has no] Sec-WebSocket-Protocol ... fail the WebSocket connection": error, then close 1006, never open', async () => {
    const server = new LabServer().websocket('/picky-none', async (ws) => {
      await ws.accept(); // picks no subprotocol
      await ws.closed;
    });
    const run = labRun(server);
    const ws = new run.WebSocket('ws://lab/picky-none', ['chat.v1']);
    const log = record(ws);
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(ws.protocol).toBe('');
    // No WebSocket connection was established, so no Close frame crossed the wire either way.
    expect(run.wireLog().entries.filter((e) => e.kind === 'frame')).toEqual([]);
  });

  it('a client that offered no subprotocol opens with protocol "" when the server picks none', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => ws.close(1000);
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'close']);
    expect(ws.protocol).toBe('');
  });

  it('a server that needs a subprotocol and refuses the handshake also gives error then close 1006', async () => {
    const server = new LabServer().websocket('/needs-json', async (ws) => {
      const protocol = ws.pickProtocol(['json']);
      if (!protocol) return ws.reject(400, { body: 'this endpoint speaks json only' });
      await ws.accept({ protocol });
    });
    const run = labRun(server);
    const log = record(new run.WebSocket('ws://lab/needs-json', ['mqtt']));
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    const refusal = run.wireLog().entries.find((e) => e.kind === 'http');
    expect(refusal && refusal.kind === 'http' && refusal.text).toMatch(/^HTTP\/1\.1 400/);
  });

  it('"Let urlRecord be the result of applying the URL parser to url with baseURL": a relative URL resolves against the lab\'s origin', async () => {
    const run = labRun();
    const ws = new run.WebSocket('/echo?x=1');
    expect(ws.url).toBe('ws://lab.local/echo?x=1');
    const log = record(ws);
    ws.onopen = () => ws.close();
    await run.virtual!.run();
    expect(log.events).toEqual(['open', 'close']);
  });

  it('resolves relative URLs against the network\'s own origin, mapping "https" to "wss"', () => {
    const run = labRun(echoServer(), { origin: 'https://lab.example' });
    expect(new run.WebSocket('echo').url).toBe('wss://lab.example/echo');
    expect(new run.WebSocket('//other.example/echo').url).toBe('wss://other.example/echo');
  });

  it('"If urlRecord\'s fragment is non-null, then throw": an empty fragment too', () => {
    const run = labRun();
    expect(() => new run.WebSocket('ws://lab/echo#')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
  });

  it.each([
    ['null', null, 'null'],
    ['a number', 123, '123'],
    ['undefined', undefined, 'undefined'],
    ['a plain object', { a: 1 }, '[object Object]'],
  ])('send(%s): by Web IDL\'s union conversion a non-buffer becomes a string', async (_name, value, text) => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    ws.onopen = () => (ws.send as (data: unknown) => void)(value);
    ws.onmessage = () => ws.close();
    await run.virtual!.run();
    expect(log.messages).toEqual([text]);
    const sent = run.wireLog().entries.filter((e) => e.kind === 'frame' && e.direction === 'client→server' && e.opcode === 1);
    expect(sent).toHaveLength(1);
  });

  it('send(Symbol()) throws a TypeError, as converting a Symbol to a string does', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    await run.virtual!.advance(10);
    expect(() => (ws.send as (data: unknown) => void)(Symbol('x'))).toThrow(TypeError);
  });

  it('close("1000") and close(1000.4) are close(1000): the code is `[Clamp] unsigned short`', async () => {
    for (const code of ['1000', 1000.4, 999.5, 1000.5]) {
      const run = labRun();
      const ws = new run.WebSocket('ws://lab/echo');
      const log = record(ws);
      ws.onopen = () => ws.close(code as number);
      await run.virtual!.run();
      expect(log.close, String(code)).toEqual({ code: 1000, reason: '', wasClean: true });
    }
  });

  it.each([
    ['2999.5 rounds to the even 3000', 2999.5, false],
    ['NaN becomes 0', Number.NaN, true],
    ['"abc" becomes 0', 'abc', true],
    ['70000 clamps to 65535', 70_000, true],
    ['-5 clamps to 0', -5, true],
  ])('close(): %s', async (_name, code, throws) => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    await run.virtual!.advance(10);
    const call = () => ws.close(code as number);
    if (throws) expect(call).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    else expect(call).not.toThrow();
  });

  it('on* attributes are EventHandlers: a non-object becomes null, an object is kept', () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    (ws as unknown as Record<string, unknown>).onopen = 2;
    expect(ws.onopen).toBeNull();
    const notCallable = {};
    (ws as unknown as Record<string, unknown>).onmessage = notCallable;
    expect(ws.onmessage).toBe(notCallable);
    const handler = () => undefined;
    ws.onclose = handler;
    expect(ws.onclose).toBe(handler);
    (ws as unknown as Record<string, unknown>).onclose = 'nope';
    expect(ws.onclose).toBeNull();
  });

  it('a handler set, then replaced, is called once, in the place it was first set among the listeners', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const seen: string[] = [];
    ws.addEventListener('open', () => seen.push('listener 1'));
    ws.onopen = () => seen.push('first handler');
    ws.addEventListener('open', () => seen.push('listener 2'));
    ws.onopen = () => seen.push('second handler');
    await run.virtual!.advance(10);
    expect(seen).toEqual(['listener 1', 'second handler', 'listener 2']);
  });

  it('a handler set to null and then set again moves to the end of the listeners', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const seen: string[] = [];
    ws.onopen = () => seen.push('old place');
    ws.addEventListener('open', () => seen.push('listener'));
    ws.onopen = null;
    ws.onopen = () => seen.push('handler');
    await run.virtual!.advance(10);
    expect(seen).toEqual(['listener', 'handler']);
  });

  it('a non-callable object as a handler is never called and breaks nothing', async () => {
    const run = labRun();
    const ws = new run.WebSocket('ws://lab/echo');
    const log = record(ws);
    (ws as unknown as Record<string, unknown>).onopen = { handleEvent: () => { throw new Error('called'); } };
    await run.virtual!.advance(10);
    expect(log.events).toEqual(['open']);
  });
});
