/**
 * Lesson 8's lab runs show what the lesson says they show: a character split across frames
 * reaches the page whole; one byte replaced with FF makes the page fail the connection (Close
 * 1007 on the wire, 1006 for the page) at the fragment that carries it, before the rest is
 * sent; and one update's size as JSON, MessagePack and hand-packed bytes, read with each binaryType.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import brokenByte, { TEXT } from '../../../../../lessons/02-frames/08-text-and-binary/lab/broken-byte.ts';
import threeFormats, { UPDATE, pack } from '../../../../../lessons/02-frames/08-text-and-binary/lab/three-formats.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;
const frames = (result: RunResult) => result.rows.filter((row): row is FrameRow => row.kind === 'frame');
const notes = (result: RunResult, side: 'page' | 'server') =>
  result.rows.filter((row): row is Extract<InspectorRow, { kind: 'note' }> => row.kind === 'note' && row.side === side);
const dataFrames = (result: RunResult) => frames(result).filter((f) => f.direction === 'server→client' && !f.control);
const payloadHex = (frame: FrameRow) => frame.hex.split(' ').slice(2).join(' '); // server frames: 2-byte header here

describe('a character split across frames, and one broken byte', () => {
  it('with no byte broken, six fragments split characters and the page gets one whole message', async () => {
    const result = await executeScenario(brokenByte, { seed: 1, faults: { latency: 10 }, params: { breakAt: 23 } });
    const parts = dataFrames(result);
    expect(parts.map(payloadHex)).toEqual(['5a c3 bc 72', '69 63 68 20', 'e2 86 92 20', 'e6 9d b1 e4', 'ba ac 20 f0', '9f 9a 84']);
    // 京 is e4 ba ac and 🚄 f0 9f 9a 84: each starts in one fragment and ends in the next.
    expect(parts.map((f) => f.fin)).toEqual([false, false, false, false, false, true]);
    const messages = notes(result, 'page').filter((n) => n.summary.startsWith('one message event'));
    expect(messages.map((n) => n.summary)).toEqual([`one message event: “${TEXT}”, 14 UTF-16 units`]);
    expect(messages[0].at).toBe(parts.at(-1)!.at);
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('byte 14 replaced with FF: the page closes with 1007 on the fourth fragment, sees 1006, and fragments 5–6 are never sent', async () => {
    const result = await executeScenario(brokenByte, { seed: 1, faults: { latency: 10 }, params: {} });
    const parts = dataFrames(result);
    expect(parts.map(payloadHex)).toEqual(['5a c3 bc 72', '69 63 68 20', 'e2 86 92 20', 'e6 9d ff e4']);
    expect(parts.some((f) => f.fin)).toBe(false); // it failed before the message could end
    const close = frames(result).find((f) => f.direction === 'client→server' && f.opcodeName === 'close')!;
    expect(close.summary).toBe('Close 1007');
    expect(close.at - parts[3].at).toBe(10); // sent the moment the bad fragment arrived: one trip of latency
    expect(notes(result, 'page').some((n) => n.summary.startsWith('one message event'))).toBe(false);
    expect(notes(result, 'server').map((n) => n.summary)).toContain('fragments 5–6 are never sent: the page has failed the connection');
    expect(notes(result, 'server').map((n) => n.summary)).toContain('the connection closed with 1007');
    expect(result.connections[0].close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(notes(result, 'page').map((n) => n.summary)).toContain('error');
  });

  it('a broken byte in the first fragment fails the connection before anything is delivered', async () => {
    const result = await executeScenario(brokenByte, { seed: 1, faults: {}, params: { breakAt: 1 } });
    expect(dataFrames(result).map(payloadHex)).toEqual(['5a ff bc 72']);
    expect(dataFrames(result)[0].opcodeName).toBe('text');
    expect(result.connections[0].close?.code).toBe(1006);
  });
});

describe('JSON, MessagePack and a hand-packed layout', () => {
  it('carry the same update in 59, 48 and 17 bytes of payload, and the page reads a Blob by default and an ArrayBuffer after switching', async () => {
    const result = await executeScenario(threeFormats, { seed: 1, faults: { latency: 10 }, params: {} });
    const data = dataFrames(result);
    expect(data.map((f) => [f.opcodeName, f.payloadLength, f.length])).toEqual([
      ['text', 59, 61], ['binary', 48, 50], ['binary', 17, 19], ['binary', 17, 19],
    ]);
    expect(data[0].app?.tree).toEqual(UPDATE);
    expect(data[1].app?.label).toBe('MessagePack map {type, player, x, y, seq}');
    expect(data[1].app?.tree).toEqual(UPDATE);
    expect(payloadHex(data[2])).toBe('01 00 00 00 2a 43 9b 40 00 c1 44 00 00 00 00 04 3f');
    expect(pack(UPDATE)).toHaveLength(17);
    const page = notes(result, 'page').map((n) => n.summary);
    expect(page).toContain('binaryType starts as “blob”');
    expect(page).toContain('message 1: event.data is a string, 59 bytes of UTF-8');
    expect(page).toContain('message 2: event.data is a Blob, 48 bytes');
    expect(page).toContain('message 3: event.data is a Blob, 17 bytes');
    expect(page).toContain('message 4: event.data is an ArrayBuffer, 17 bytes');
    expect(page).toContain('read at once with a DataView: player 42, x 310.5, y -12.25, seq 1087');
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });
});
