import { describe, expect, it } from 'vitest';
import {
  BrowserApiLab,
  LAB_URL,
  MAX_LOG_ENTRIES,
  describeData,
  parseCode,
  parseProtocols,
  type ApiLogEntry,
} from '../../../../../site/components/widgets/browser-api-lab-model.ts';

/** A lab on a virtual clock, and a way to let the network and the server run. */
function setup() {
  const lab = new BrowserApiLab({ clock: 'virtual', latency: 20 });
  const settle = () => lab.run.virtual!.run(5_000);
  const log = () => lab.snapshot().log;
  const last = (kind?: ApiLogEntry['kind']) => log().filter((e) => !kind || e.kind === kind).at(-1);
  const events = () => log().filter((e) => e.kind === 'event').map((e) => e.title);
  return { lab, settle, log, last, events };
}

describe('parseProtocols', () => {
  it.each([
    ['', []],
    ['chat.v1', ['chat.v1']],
    [' chat.v2 , chat.v1 ', ['chat.v2', 'chat.v1']],
    ['a,,b', ['a', 'b']],
  ])('splits %j', (text, list) => expect(parseProtocols(text)).toEqual(list));
});

describe('parseCode', () => {
  it('reads an empty field as no code', () => expect(parseCode(' ')).toEqual({ ok: true }));
  it('reads a number', () => expect(parseCode('4000')).toEqual({ ok: true, code: 4000 }));
  it.each(['abc', '-1', '10.5', '123456'])('rejects %j', (text) => expect(parseCode(text).ok).toBe(false));
});

describe('describeData', () => {
  it('names the type a message event carries', () => {
    expect(describeData('hi')).toBe('data: "hi" (a string)');
    expect(describeData(new ArrayBuffer(4))).toBe('data: ArrayBuffer, byteLength 4');
    expect(describeData(new Blob([new Uint8Array(3)]))).toBe('data: Blob, size 3');
  });
});

describe('BrowserApiLab', () => {
  it('starts CONNECTING, fires open, and reports the negotiated subprotocol', async () => {
    const { lab, settle, last } = setup();
    lab.connect(['chat.v2', 'chat.v1']);
    expect(lab.snapshot().readyState).toBe(0);
    expect(last('call')?.title).toBe(`new WebSocket('${LAB_URL}', ['chat.v2', 'chat.v1'])`);
    await settle();
    const snap = lab.snapshot();
    expect(snap.readyState).toBe(1);
    expect(snap.protocol).toBe('chat.v1');
    expect(last('event')).toMatchObject({ title: 'open', readyState: 1 });
  });

  it('fails the connection (error, then close 1006) when the server speaks none of the offered subprotocols', async () => {
    const { lab, settle, events, last } = setup();
    lab.connect(['mqtt']);
    await settle();
    expect(events()).toEqual(['error', 'close']);
    expect(lab.snapshot().readyState).toBe(3);
    expect(lab.snapshot().protocol).toBe('');
    expect(last('event')?.detail).toBe("code 1006, reason '', wasClean false");
    expect(last()).toMatchObject({ kind: 'note', title: 'Why it failed' });
    expect(last()?.detail).toMatch(/offered 'mqtt' and the server's 101 chose none/);
  });

  it('opens with protocol "" when the page offered no subprotocol', async () => {
    const { lab, settle } = setup();
    lab.connect([]);
    await settle();
    expect(lab.snapshot().readyState).toBe(1);
    expect(lab.snapshot().protocol).toBe('');
  });

  it('the constructor throws SyntaxError for a subprotocol that is not a token', () => {
    const { lab, last } = setup();
    lab.connect(['chat v1']);
    expect(last()?.kind).toBe('exception');
    expect(last()?.detail).toMatch(/^threw SyntaxError/);
    expect(lab.snapshot().hasSocket).toBe(false);
  });

  it('send before open throws InvalidStateError, and the connection still opens', async () => {
    const { lab, settle, last, events } = setup();
    lab.connectAndSendAtOnce('hello');
    expect(last()).toMatchObject({ kind: 'exception', readyState: 0 });
    expect(last()?.detail).toMatch(/^threw InvalidStateError/);
    await settle();
    expect(events()).toEqual(['open']); // no message: "hello" was never sent
    expect(lab.snapshot().wire.filter((row) => row.kind === 'frame')).toEqual([]);
  });

  it('connect-and-send-at-once offers the subprotocols it is given', async () => {
    const { lab, settle, log } = setup();
    lab.connectAndSendAtOnce('hello', ['chat.v1']);
    expect(log().find((e) => e.kind === 'call')?.title).toBe(`new WebSocket('${LAB_URL}', 'chat.v1')`);
    await settle();
    expect(lab.snapshot().protocol).toBe('chat.v1');
  });

  it('echoes a text message through real masked frames', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.send('hello');
    await settle();
    expect(last('event')).toMatchObject({ title: 'message', detail: 'data: "hello" (a string)' });
    const frames = lab.snapshot().wire.filter((row) => row.kind === 'frame');
    expect(frames.map((f) => [f.direction, f.masked, f.summary])).toEqual([
      ['client→server', true, 'Text “hello”'],
      ['server→client', false, 'Text “hello”'],
    ]);
  });

  it('bufferedAmount counts a large message until the network has taken it', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.sendBytes(100_000);
    expect(lab.snapshot().bufferedAmount).toBe(100_000);
    expect(last('call')?.detail).toBe('returned; bufferedAmount is now 100000');
    await settle();
    expect(lab.snapshot().bufferedAmount).toBe(0);
    expect(last('event')?.detail).toBe('data: Blob, size 100000');
  });

  it('binaryType arraybuffer delivers binary messages as ArrayBuffer', async () => {
    const { lab, settle, last } = setup();
    lab.setBinaryType('arraybuffer');
    lab.connect();
    await settle();
    expect(lab.snapshot().binaryType).toBe('arraybuffer');
    lab.sendBytes(4);
    await settle();
    expect(last('event')?.detail).toBe('data: ArrayBuffer, byteLength 4');
  });

  it('close(1000) goes through CLOSING to a clean close event', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.close(1000, 'done');
    expect(lab.snapshot().readyState).toBe(2);
    await settle();
    expect(lab.snapshot().readyState).toBe(3);
    // The page reports the Close frame it received: the server echoed the code, not the reason.
    expect(last('event')).toMatchObject({ title: 'close', detail: "code 1000, reason '', wasClean true", readyState: 3 });
  });

  it('close() with no code: the server echoes no code, so the page reports 1005', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.close();
    await settle();
    expect(last('event')?.detail).toBe("code 1005, reason '', wasClean true");
  });

  it.each([1001, 1011, 2999, 5000])('close(%i) throws InvalidAccessError and leaves the socket open', async (code) => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.close(code);
    expect(last()).toMatchObject({ kind: 'exception', readyState: 1 });
    expect(last()?.detail).toMatch(/^threw InvalidAccessError/);
  });

  it('a reason over 123 bytes throws SyntaxError', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.close(4000, 'é'.repeat(62)); // 124 bytes
    expect(last()?.detail).toMatch(/^threw SyntaxError/);
    expect(lab.snapshot().readyState).toBe(1);
  });

  it('a dropped network fails the connection: error, then close 1006, not clean', async () => {
    const { lab, settle, last, events } = setup();
    lab.connect();
    await settle();
    lab.drop();
    await settle();
    expect(lab.snapshot().readyState).toBe(3);
    expect(events()).toEqual(['open', 'error', 'close']);
    expect(last('event')?.detail).toBe("code 1006, reason '', wasClean false");
  });

  it('send after close does not throw, sends nothing, and grows bufferedAmount', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    await settle();
    lab.close(1000);
    await settle();
    const framesBefore = lab.snapshot().wire.length;
    lab.send('late');
    expect(last()?.kind).toBe('call');
    expect(last()?.detail).toMatch(/nothing was sent: the socket is CLOSED\. bufferedAmount is now 4$/);
    await settle();
    expect(lab.snapshot().wire.length).toBe(framesBefore);
  });

  it('closing while CONNECTING fails the connection: error, then close 1006', async () => {
    const { lab, settle, events, last } = setup();
    lab.connect();
    lab.close(1000);
    await settle();
    expect(events()).toEqual(['error', 'close']);
    expect(last('event')?.detail).toBe("code 1006, reason '', wasClean false");
  });

  it('reconnects after a close, and refuses a second socket while one is open', async () => {
    const { lab, settle, last } = setup();
    lab.connect();
    lab.connect();
    expect(last()?.kind).toBe('note');
    await settle();
    lab.close(1000);
    await settle();
    lab.connect();
    await settle();
    expect(lab.snapshot().readyState).toBe(1);
  });

  it('keeps the log bounded', () => {
    const { lab, log } = setup();
    for (let i = 0; i < MAX_LOG_ENTRIES + 10; i++) lab.send('x');
    expect(log()).toHaveLength(MAX_LOG_ENTRIES);
  });

  it('tells the page about every change', async () => {
    let changes = 0;
    const lab = new BrowserApiLab({ clock: 'virtual', latency: 20, onChange: () => changes++ });
    lab.connect();
    await lab.run.virtual!.run(5_000);
    expect(changes).toBeGreaterThanOrEqual(2); // the call, then the open event
  });
});
