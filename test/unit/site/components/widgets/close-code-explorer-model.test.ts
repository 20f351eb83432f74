import { describe, expect, it } from 'vitest';
import { RFC_MASKING_KEY } from '../../../../../site/util/rfc-examples.ts';
import { CLOSE_CODES, closeCodeRange, decodeFrame } from '../../../../../lib/index.ts';
import {
  CLOSE_CODE_RANGES,
  MAX_CLOSE_CODE,
  QUICK_CODES,
  browserMayClose,
  checkReason,
  closeCodeRows,
  closeFrameBytes,
  explainCloseCode,
  frameSegments,
  parseCloseCode,
  rangeOf,
  receiverView,
} from '../../../../../site/components/widgets/close-code-explorer-model.ts';

describe('parseCloseCode', () => {
  it.each([
    ['1000', 1000],
    [' 4000 ', 4000],
    ['0', 0],
    ['65535', 65535],
    ['0x03e8', 1000],
  ])('reads %j as %i', (text, code) => expect(parseCloseCode(text)).toEqual({ ok: true, code }));

  it.each(['', '   ', '-1', '10.5', 'abc', '1e3'])('rejects %j', (text) => {
    expect(parseCloseCode(text).ok).toBe(false);
  });

  it('rejects a code that does not fit in 16 bits', () => {
    const parsed = parseCloseCode('65536');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/16 bits/);
  });
});

describe('CLOSE_CODE_RANGES', () => {
  it('covers 0–65535 without gaps or overlaps', () => {
    expect(CLOSE_CODE_RANGES[0].from).toBe(0);
    expect(CLOSE_CODE_RANGES.at(-1)?.to).toBe(MAX_CLOSE_CODE);
    for (let i = 1; i < CLOSE_CODE_RANGES.length; i++) {
      expect(CLOSE_CODE_RANGES[i].from).toBe(CLOSE_CODE_RANGES[i - 1].to + 1);
    }
  });

  it("agrees with lib's closeCodeRange at both ends of every band", () => {
    for (const range of CLOSE_CODE_RANGES) {
      expect(closeCodeRange(range.from)).toBe(range.kind);
      expect(closeCodeRange(range.to)).toBe(range.kind);
    }
  });

  it('puts 4000 in private use and 3000 in the band for libraries', () => {
    expect(rangeOf(4000).label).toBe('Private use');
    expect(rangeOf(3000).kind).toBe('registered');
  });
});

describe('explainCloseCode', () => {
  it('1000: normal closure, sendable, accepted by a browser, bytes 03 e8', () => {
    const e = explainCloseCode(1000);
    expect(e.info.name).toBe('Normal Closure');
    expect(e.sendable).toBe(true);
    expect(e.browserMayClose).toBe(true);
    expect(e.hex).toBe('03 e8');
  });

  it.each([1005, 1006, 1015])('%i may not be sent: it only reports what happened', (code) => {
    const e = explainCloseCode(code);
    expect(e.sendable).toBe(false);
    expect(e.browserMayClose).toBe(false);
    expect(e.verdict).toMatch(/never appear in a Close frame/);
  });

  it('1006 is the code for a connection that ended without a Close frame', () => {
    expect(explainCloseCode(1006).info.name).toBe('Abnormal Closure');
    expect(explainCloseCode(1006).verdict).toMatch(/without any Close frame/);
  });

  it('4000 is private use, sendable and accepted by a browser', () => {
    const e = explainCloseCode(4000);
    expect(e.info.name).toBe('Private use');
    expect(e.sendable).toBe(true);
    expect(e.browserMayClose).toBe(true);
  });

  it('1011 may be sent, but not by a browser page', () => {
    const e = explainCloseCode(1011);
    expect(e.sendable).toBe(true);
    expect(e.browserMayClose).toBe(false);
  });

  it.each([0, 999, 1004, 1016, 2999, 5000, 65535])('%i may not be sent', (code) => {
    expect(explainCloseCode(code).sendable).toBe(false);
  });

  it('writes the code in network byte order', () => {
    expect(explainCloseCode(4001).hex).toBe('0f a1');
    expect(explainCloseCode(65535).hex).toBe('ff ff');
  });
});

describe('browserMayClose', () => {
  it.each([
    [1000, true],
    [1001, false],
    [2999, false],
    [3000, true],
    [4999, true],
    [5000, false],
  ])('close(%i) in a browser: %s', (code, ok) => expect(browserMayClose(code)).toBe(ok));
});

describe('checkReason', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(checkReason('bye')).toMatchObject({ bytes: 3, characters: 3, errors: [] });
    expect(checkReason('再见')).toMatchObject({ bytes: 6, characters: 2 });
    expect(checkReason('👋')).toMatchObject({ bytes: 4, characters: 1 });
  });

  it('accepts exactly 123 bytes and refuses 124', () => {
    expect(checkReason('a'.repeat(123)).errors).toEqual([]);
    expect(checkReason('a'.repeat(124)).errors[0]).toMatch(/124 bytes.*at most 123/);
  });

  it('refuses 42 Chinese characters: 126 bytes', () => {
    expect(checkReason('关'.repeat(42)).errors).toHaveLength(1);
  });

  it('refuses a lone surrogate', () => {
    expect(checkReason('a\ud800').errors[0]).toMatch(/lone surrogate/);
  });
});

describe('closeFrameBytes', () => {
  it('1000 + "bye" → payload 03 e8 62 79 65', () => {
    const bytes = closeFrameBytes(1000, 'bye');
    expect(bytes.ok).toBe(true);
    if (!bytes.ok) return;
    expect(bytes.payloadHex).toBe('03 e8 62 79 65');
    expect(bytes.codeHex).toBe('03 e8');
    expect(bytes.reasonHex).toBe('62 79 65');
    expect(bytes.serverFrameHex).toBe('88 05 03 e8 62 79 65');
  });

  it('masks the client frame with the example key, and lib decodes it back', () => {
    const bytes = closeFrameBytes(1000, 'bye');
    if (!bytes.ok) throw new Error('expected bytes');
    // 03^37=34 e8^fa=12 62^21=43 79^3d=44 65^37=52
    expect(bytes.clientFrameHex).toBe('88 85 37 fa 21 3d 34 12 43 44 52');
    expect(bytes.maskingKeyHex).toBe('37 fa 21 3d');
    const raw = Uint8Array.from(bytes.clientFrameHex.split(' '), (h) => Number.parseInt(h, 16));
    const decoded = decodeFrame(raw);
    expect(decoded.kind).toBe('frame');
    if (decoded.kind === 'frame') expect([...decoded.frame.payload]).toEqual([...bytes.payload]);
  });

  it('with no reason the payload is the code alone', () => {
    const bytes = closeFrameBytes(1000, '');
    expect(bytes.ok && bytes.payloadHex).toBe('03 e8');
    expect(bytes.ok && bytes.reasonHex).toBe('');
  });

  it('a 123-byte reason fills the 125-byte control payload exactly', () => {
    const bytes = closeFrameBytes(4000, 'x'.repeat(123));
    expect(bytes.ok && bytes.payload.length).toBe(125);
    expect(bytes.ok && bytes.serverFrameHex.startsWith('88 7d 0f a0')).toBe(true);
  });

  it('refuses a reason over 123 bytes', () => {
    const bytes = closeFrameBytes(1000, 'x'.repeat(124));
    expect(bytes.ok).toBe(false);
    if (!bytes.ok) expect(bytes.errors.join(' ')).toMatch(/at most 123/);
  });

  it('refuses a code that may not be sent, and says why', () => {
    const bytes = closeFrameBytes(1006, '');
    expect(bytes.ok).toBe(false);
    if (!bytes.ok) expect(bytes.errors[0]).toMatch(/1006 may not be sent/);
  });

  it('reports both problems at once', () => {
    const bytes = closeFrameBytes(1005, 'y'.repeat(200));
    expect(bytes.ok).toBe(false);
    if (!bytes.ok) expect(bytes.errors).toHaveLength(2);
  });

  it('leaves the example masking key unchanged', () => {
    closeFrameBytes(1000, 'bye');
    expect([...RFC_MASKING_KEY]).toEqual([0x37, 0xfa, 0x21, 0x3d]);
  });
});

describe('receiverView', () => {
  it('reads a valid code and reason', () => {
    expect(receiverView(1000, 'bye')).toMatchObject({ ok: true, code: 1000, reason: 'bye' });
  });

  it('fails the connection with 1002 on a code that may not be sent', () => {
    const view = receiverView(1006, '');
    expect(view).toMatchObject({ ok: false, failCode: 1002, section: '7.4' });
  });

  it('fails the connection with 1002 when the payload is too long for a control frame', () => {
    const view = receiverView(1000, 'x'.repeat(124));
    expect(view).toMatchObject({ ok: false, failCode: 1002, section: '5.5' });
  });
});

describe('closeCodeRows', () => {
  it("has one row per entry of lib's CLOSE_CODES, in order", () => {
    const rows = closeCodeRows();
    expect(rows.map((r) => r.code)).toEqual(CLOSE_CODES.map((c) => c.code));
  });

  it('marks exactly 1004, 1005, 1006 and 1015 as never sent', () => {
    expect(closeCodeRows().filter((r) => !r.sendable).map((r) => r.code)).toEqual([1004, 1005, 1006, 1015]);
  });

  it('lets a browser page send only 1000 among the registered codes', () => {
    expect(closeCodeRows().filter((r) => r.browserMayClose).map((r) => r.code)).toEqual([1000]);
  });

  it('every quick code is a 16-bit code', () => {
    for (const code of QUICK_CODES) expect(code).toBeLessThanOrEqual(MAX_CLOSE_CODE);
  });
});

describe('frameSegments', () => {
  it('splits a server frame into header and payload', () => {
    expect(frameSegments('88 05 03 e8 62 79 65', false)).toEqual([
      { part: 'header', hex: '88 05' },
      { part: 'payload', hex: '03 e8 62 79 65' },
    ]);
  });

  it('splits a client frame into header, masking key and payload', () => {
    expect(frameSegments('88 82 37 fa 21 3d 34 12', true)).toEqual([
      { part: 'header', hex: '88 82' },
      { part: 'maskingKey', hex: '37 fa 21 3d' },
      { part: 'payload', hex: '34 12' },
    ]);
  });

  it('leaves out an empty payload', () => {
    expect(frameSegments('88 00', false)).toEqual([{ part: 'header', hex: '88 00' }]);
  });
});
