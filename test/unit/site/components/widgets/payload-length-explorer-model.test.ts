import { describe, expect, it } from 'vitest';
import { RFC_MASKING_KEY } from '../../../../../site/util/rfc-examples.ts';
import { decodeFrame, encodeFrame, createFrame, Opcode, readHeader, toHex } from '../../../../../lib/index.ts';
import {
  FIRST_UNREPRESENTABLE,
  FIRST_UNSENDABLE,
  MAX_SAFE,
  QUICK_SIZES,
  SLIDER_STOPS,
  explainLength,
  headerSizeTable,
  lengthForm,
  overheadPercent,
  parseSize,
  sliderIndexOf,
} from '../../../../../site/components/widgets/payload-length-explorer-model.ts';

const fromHex = (hex: string) => Uint8Array.from(hex.split(' ').filter(Boolean), (b) => Number.parseInt(b, 16));

describe('parseSize', () => {
  it.each([
    ['0', 0n],
    ['126', 126n],
    [' 65 536 ', 65536n],
    ['65,536', 65536n],
    ['65_536', 65536n],
    ['0x10000', 65536n],
    ['2^16', 65536n],
    ['2**16', 65536n],
    ['2^53 - 1', 9007199254740991n],
    ['2^63', 9223372036854775808n],
    ['2^64+5', 18446744073709551621n],
    ['64 KiB', 65536n],
    ['1 MiB', 1048576n],
    ['1.5 kB', 1500n],
    ['18446744073709551615', 18446744073709551615n],
  ])('reads %j as %s', (text, size) => expect(parseSize(text)).toEqual({ ok: true, size }));

  it.each(['', '  ', '-1', '2^3 - 9', '1.5', '1.0001 kB', 'abc', '1e6', '12 parsecs', '1,,000', '2^200'])('rejects %j with a message', (text) => {
    const parsed = parseSize(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(10);
  });
});

describe('lengthForm: the minimal encoding', () => {
  it.each([
    [0n, '7-bit'],
    [125n, '7-bit'],
    [126n, '16-bit'],
    [65535n, '16-bit'],
    [65536n, '64-bit'],
    [FIRST_UNSENDABLE - 1n, '64-bit'],
  ] as const)('%s bytes take the %s form', (size, form) => expect(lengthForm(size)).toBe(form));
});

describe('explainLength: the worked examples of the lesson', () => {
  it.each([
    [125n, 'server', '82 7d'],
    [126n, 'server', '82 7e 00 7e'],
    [65535n, 'server', '82 7e ff ff'],
    [65536n, 'server', '82 7f 00 00 00 00 00 01 00 00'],
    [125n, 'client', '82 fd 37 fa 21 3d'],
    [126n, 'client', '82 fe 00 7e 37 fa 21 3d'],
    [65536n, 'client', '82 ff 00 00 00 00 00 01 00 00 37 fa 21 3d'],
  ] as const)('%s bytes from the %s: %s', (size, sender, hex) => {
    const explained = explainLength(size, sender);
    expect(explained.status).toBe('ok');
    expect(explained.headerHex).toBe(hex);
    expect(explained.headerBytes).toBe(hex.split(' ').length);
    expect(explained.violations).toEqual([]);
  });

  it('is the header encodeFrame writes in front of a real payload', () => {
    for (const size of [0, 1, 125, 126, 127, 1000, 65535, 65536, 70000]) {
      for (const sender of ['client', 'server'] as const) {
        const maskingKey = sender === 'client' ? Uint8Array.from(RFC_MASKING_KEY) : undefined;
        const frame = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(size), { maskingKey }));
        const explained = explainLength(BigInt(size), sender);
        expect(toHex(frame.subarray(0, explained.headerBytes))).toBe(explained.headerHex);
        expect(explained.frameBytes).toBe(BigInt(frame.length));
        const decoded = decodeFrame(frame);
        expect(decoded.kind === 'frame' && decoded.frame.payload.length).toBe(size);
      }
    }
  });

  it('splits the header into its fields', () => {
    const parts = explainLength(65536n, 'client').segments.map((s) => [s.part, s.hex]);
    expect(parts).toEqual([
      ['first', '82'],
      ['second', 'ff'],
      ['extended', '00 00 00 00 00 01 00 00'],
      ['maskingKey', '37 fa 21 3d'],
    ]);
    expect(explainLength(5n, 'server').segments.map((s) => s.part)).toEqual(['first', 'second']);
  });

  it('reports the length fields as explainFrame reads them', () => {
    const fields = explainLength(300n, 'server').fields;
    expect(fields.find((f) => f.name === 'payloadLength')?.value).toBe(126);
    expect(fields.find((f) => f.name === 'extendedPayloadLength')?.value).toBe(300);
    expect(fields.find((f) => f.name === 'extendedPayloadLength')?.bits).toBe('0000000100101100');
  });

  it('encodes 2^53 − 1, the largest size lib takes, and a receiver reads it back', () => {
    const explained = explainLength(MAX_SAFE, 'server');
    expect(explained.status).toBe('ok');
    expect(explained.headerHex).toBe('82 7f 00 1f ff ff ff ff ff ff');
    const header = readHeader(fromHex(explained.headerHex));
    expect(header.kind === 'header' && header.header.payloadLength).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('explainLength: sizes no frame should carry', () => {
  it('2^53 is allowed by the RFC but refused by a receiver with 1009', () => {
    const explained = explainLength(MAX_SAFE + 1n, 'server');
    expect(explained.status).toBe('too-large');
    expect(explained.headerHex).toBe('82 7f 00 20 00 00 00 00 00 00');
    expect(explained.violations.map((v) => [v.code, v.closeCode])).toEqual([['LENGTH_TOO_LARGE', 1009]]);
  });

  it('2^63 needs the top bit, which must be 0: 1002', () => {
    const explained = explainLength(FIRST_UNSENDABLE, 'client');
    expect(explained.status).toBe('top-bit');
    expect(explained.headerHex).toBe('82 ff 80 00 00 00 00 00 00 00 37 fa 21 3d');
    expect(explained.violations.map((v) => [v.code, v.closeCode])).toEqual([['LENGTH_TOP_BIT_SET', 1002]]);
    expect(explained.summary).toMatch(/MUST be 0/);
  });

  it('2^64 does not fit in any header', () => {
    const explained = explainLength(FIRST_UNREPRESENTABLE, 'server');
    expect(explained.status).toBe('overflow');
    expect(explained.segments).toEqual([]);
    expect(explained.summary).toMatch(/64 bits/);
  });

  it('rejects a negative size', () => {
    expect(() => explainLength(-1n, 'server')).toThrow(RangeError);
  });
});

describe('headerSizeTable', () => {
  it('gives 2/4/10 bytes from a server and 6/8/14 from a client', () => {
    expect(headerSizeTable().map((r) => [r.form, r.server, r.client])).toEqual([
      ['7-bit', 2, 6],
      ['16-bit', 4, 8],
      ['64-bit', 10, 14],
    ]);
  });

  it('covers 0 to 2^63 − 1 without gaps', () => {
    const rows = headerSizeTable();
    expect(rows[0].from).toBe(0n);
    for (let i = 1; i < rows.length; i++) expect(rows[i].from).toBe(rows[i - 1].to + 1n);
    expect(rows.at(-1)?.to).toBe(FIRST_UNSENDABLE - 1n);
  });
});

describe('the slider', () => {
  it('stops on both sides of every boundary, in order', () => {
    for (const edge of [125n, 126n, 65535n, 65536n, MAX_SAFE, MAX_SAFE + 1n, FIRST_UNSENDABLE - 1n, FIRST_UNSENDABLE]) {
      expect(SLIDER_STOPS).toContain(edge);
    }
    for (let i = 1; i < SLIDER_STOPS.length; i++) expect(SLIDER_STOPS[i] > SLIDER_STOPS[i - 1]).toBe(true);
    expect(SLIDER_STOPS[0]).toBe(0n);
    expect(SLIDER_STOPS.at(-1)).toBe(FIRST_UNREPRESENTABLE);
  });

  it('finds the stop at or below a typed size', () => {
    expect(SLIDER_STOPS[sliderIndexOf(126n)]).toBe(126n);
    expect(SLIDER_STOPS[sliderIndexOf(65537n)]).toBeLessThanOrEqual(65537n);
    expect(sliderIndexOf(10n ** 30n)).toBe(SLIDER_STOPS.length - 1);
  });

  it('every quick size is a slider stop', () => {
    for (const quick of QUICK_SIZES) expect(SLIDER_STOPS).toContain(quick.size);
  });
});

describe('overheadPercent', () => {
  it.each([
    [2, 0n, '100.0 %'],
    [2, 2n, '50.0 %'],
    [4, 996n, '0.4 %'],
    [10, 65536n, '< 0.1 %'],
  ])('a %i-byte header on %s bytes is %s of the frame', (header, size, share) => {
    expect(overheadPercent(header, size)).toBe(share);
  });
});
