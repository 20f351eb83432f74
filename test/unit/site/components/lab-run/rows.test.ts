import { describe, expect, it } from 'vitest';
import { encodeClosePayload, encodeFrame, createFrame, toHex } from '../../../../../lib/index.ts';
import { Tap, buildWireLog } from '../../../../../lib/lab/index.ts';
import { buildRows, closeDetail, countRows, filterRows, fingerprint, formatTime, visibleRange, type InspectorRow } from '../../../../../site/components/lab-run/rows.ts';

const enc = new TextEncoder();
const toBytes = (hex: string) => Uint8Array.from(hex.split(' '), (byte) => Number.parseInt(byte, 16));
const head = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';

/** A server→client stream of these frames after a 101, recorded at 10 ms apart. */
function log(frames: Uint8Array[]) {
  const tap = new Tap();
  let offset = 0;
  const chunks = [enc.encode(head), ...frames];
  chunks.forEach((bytes, i) => {
    tap.record({ kind: 'chunk', connection: 1, direction: 'server→client', sentAt: i * 10, at: i * 10, offset, bytes });
    offset += bytes.length;
  });
  return buildWireLog(tap.records).entries;
}

describe('buildRows', () => {
  it('links fragments, decodes a character split across two of them, and gives the whole message on the last', () => {
    const euro = enc.encode('€'); // e2 82 ac
    const entries = log([
      encodeFrame(createFrame(1, Uint8Array.of(0x61, euro[0]), { fin: false })),
      encodeFrame(createFrame(9, enc.encode('hi'))),
      encodeFrame(createFrame(0, euro.subarray(1), { fin: true })),
    ]);
    const rows = buildRows(entries, []);
    const frames = rows.filter((r): r is Extract<InspectorRow, { kind: 'frame' }> => r.kind === 'frame');
    expect(frames.map((f) => f.summary)).toEqual(['Text “a”', 'Ping “hi” (2 B)', 'Continuation “€”']);
    expect(frames[0].fragment).toEqual({ message: 1, part: 1, parts: 2 });
    expect(frames[1].fragment).toBeUndefined();
    expect(frames[2].fragment).toEqual({ message: 1, part: 2, parts: 2, whole: 'Text “a€” (4 B in 2 frames)' });
  });

  it('leaves a message that never finished without a part count', () => {
    const rows = buildRows(log([encodeFrame(createFrame(2, Uint8Array.of(1, 2), { fin: false }))]), []);
    const frame = rows.find((r) => r.kind === 'frame');
    expect(frame && frame.kind === 'frame' && frame.fragment).toEqual({ message: 1, part: 1 });
  });

  it('shows close frames with their code and reason, and flags broken frames', () => {
    const rows = buildRows(log([encodeFrame(createFrame(8, encodeClosePayload(1001, 'going away'))), Uint8Array.of(0xc1, 0x00)]), []);
    const frames = rows.filter((r): r is Extract<InspectorRow, { kind: 'frame' }> => r.kind === 'frame');
    expect(frames[0].summary).toBe('Close 1001 “going away”');
    expect(frames[1].violations[0]).toMatch(/RSV1.*\(§5\.2\)/);
  });

  it('puts notes between wire rows by time, the wire first at equal times', () => {
    const entries = log([encodeFrame(createFrame(1, enc.encode('x')))]);
    const rows = buildRows(entries, [
      { side: 'page', at: 10, text: 'message “x”', connection: 1 },
      { side: 'server', at: 5, text: 'sent x', connection: 0 },
    ]);
    expect(rows.map((r) => `${r.kind}@${r.at}`)).toEqual(['handshake@0', 'note@5', 'frame@10', 'note@10']);
  });
});

describe('filters', () => {
  const rows = buildRows(log([encodeFrame(createFrame(1, enc.encode('a'))), encodeFrame(createFrame(9, new Uint8Array(0)))]), [{ side: 'page', at: 1, text: 'open', connection: 1 }]);
  it('split rows into data, control and the rest', () => {
    expect(countRows(rows)).toEqual({ all: 4, data: 1, control: 1, events: 2 });
    expect(filterRows(rows, 'data').map((i) => rows[i].summary)).toEqual(['Text “a”']);
    expect(filterRows(rows, 'control').map((i) => rows[i].summary)).toEqual(['Ping 0 B']);
    expect(filterRows(rows, 'events')).toHaveLength(2);
    expect(filterRows(rows, 'all')).toEqual([0, 1, 2, 3]);
  });
});

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 320, 32, 100_000, 8)).toEqual({ start: 0, end: 18 });
    expect(visibleRange(3_200_000, 320, 32, 100_000, 8)).toEqual({ start: 99_992, end: 100_000 });
    expect(visibleRange(32 * 500, 320, 32, 100_000, 8)).toEqual({ start: 492, end: 518 });
    expect(visibleRange(0, 320, 32, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('closeDetail, formatTime and fingerprint', () => {
  it('read what they are given', () => {
    const [noCode, normal, invalid] = log([
      encodeFrame(createFrame(8, new Uint8Array(0))),
      toBytes('88 02 03 e8'),
      encodeFrame(createFrame(8, Uint8Array.of(0x03))),
    ]).filter((e) => e.kind === 'frame');
    expect(closeDetail(noCode.kind === 'frame' ? noCode.close : undefined)).toBe(' (no code)');
    expect(closeDetail(normal.kind === 'frame' ? normal.close : undefined)).toBe(' 1000');
    expect(closeDetail(invalid.kind === 'frame' ? invalid.close : undefined)).toMatch(/^ \(invalid: /);
    expect(formatTime(12.25)).toBe('12.3 ms');
    expect(formatTime(20)).toBe('20 ms');
    expect(formatTime(1250)).toBe('1.250 s');
    const a = buildRows(log([encodeFrame(createFrame(1, enc.encode('a')))]), []);
    const b = buildRows(log([encodeFrame(createFrame(1, enc.encode('b')))]), []);
    expect(fingerprint(a)).toBe(fingerprint(buildRows(log([encodeFrame(createFrame(1, enc.encode('a')))]), [])));
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });
});
