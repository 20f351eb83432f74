import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CLOSE_CODES, CloseCode, closeCodeRange, decodeClosePayload, describeCloseCode, encodeClosePayload, isValidCloseCode,
} from '../../../../lib/index.ts';
import { hex } from './helpers.ts';
import { anyText } from '../../arbitraries.ts';

const SENDABLE = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014];
const NEVER_ON_THE_WIRE = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535];

describe('the registry of close codes (RFC 6455 §7.4.1, IANA)', () => {
  it('CloseCode and CLOSE_CODES list the same codes, in order', () => {
    expect(Object.values(CloseCode)).toEqual(CLOSE_CODES.map((entry) => entry.code));
    expect(CloseCode.NormalClosure).toBe(1000);
    expect(CloseCode.TlsHandshake).toBe(1015);
  });

  it('1004, 1005, 1006 and 1015 are registered but never sent', () => {
    expect(CLOSE_CODES.filter((entry) => !entry.sendable).map((entry) => entry.code)).toEqual([1004, 1005, 1006, 1015]);
  });
});

describe('status code ranges (§7.4.2)', () => {
  it.each([
    [0, 'invalid'], [999, 'invalid'], [1000, 'protocol'], [2999, 'protocol'],
    [3000, 'registered'], [3999, 'registered'], [4000, 'private'], [4999, 'private'], [5000, 'invalid'],
  ] as const)('%i is %s', (code, range) => {
    expect(closeCodeRange(code)).toBe(range);
  });
});

describe('which codes may be sent (§7.4)', () => {
  it.each(SENDABLE)('registered code %i may be sent', (code) => {
    expect(isValidCloseCode(code)).toBe(true);
  });
  it.each([3000, 3999, 4000, 4999])('application code %i may be sent', (code) => {
    expect(isValidCloseCode(code)).toBe(true);
  });
  it.each(NEVER_ON_THE_WIRE)('%i may not be sent', (code) => {
    expect(isValidCloseCode(code)).toBe(false);
  });
  it('a code that is not an integer may not be sent', () => {
    expect(isValidCloseCode(1000.5)).toBe(false);
  });
  it('describes every code: its registry entry, or its range', () => {
    expect(describeCloseCode(1001).name).toBe('Going Away');
    expect(describeCloseCode(3001)).toMatchObject({ name: 'Registered (library/framework)', sendable: true });
    expect(describeCloseCode(4001)).toMatchObject({ name: 'Private use', sendable: true });
    expect(describeCloseCode(1016)).toMatchObject({ name: 'Unassigned', sendable: false });
    expect(describeCloseCode(6000)).toMatchObject({ name: 'Invalid', sendable: false });
  });
});

describe('the close payload (§5.5.1)', () => {
  it('"the first two bytes of the body MUST be a 2-byte unsigned integer (in network byte order)", then the reason in UTF-8', () => {
    expect(encodeClosePayload(1000, 'bye')).toEqual(hex('03 e8 62 79 65'));
    expect(encodeClosePayload(4001, 'é')).toEqual(hex('0f a1 c3 a9'));
    expect(decodeClosePayload(hex('03 e8 62 79 65'))).toEqual({ ok: true, code: 1000, reason: 'bye' });
  });

  it('a close frame may have no body: no code, reported locally as 1005', () => {
    expect(encodeClosePayload()).toEqual(new Uint8Array(0));
    expect(decodeClosePayload(new Uint8Array(0))).toEqual({ ok: true, reason: '' });
  });

  it('a 1-byte body cannot hold a code: INVALID_CLOSE_PAYLOAD, 1002', () => {
    expect(decodeClosePayload(hex('03'))).toMatchObject({ ok: false, error: { code: 'INVALID_CLOSE_PAYLOAD', closeCode: 1002, section: '5.5.1' } });
  });

  it.each(NEVER_ON_THE_WIRE)('a received code that may not be sent (%i) fails: INVALID_CLOSE_CODE, 1002', (code) => {
    expect(decodeClosePayload(new Uint8Array([code >> 8, code & 0xff]))).toMatchObject({ ok: false, error: { code: 'INVALID_CLOSE_CODE', closeCode: 1002 } });
  });

  it('a reason that is not UTF-8 fails: INVALID_CLOSE_REASON, 1007 (§8.1)', () => {
    expect(decodeClosePayload(hex('03 e8 ff'))).toMatchObject({ ok: false, error: { code: 'INVALID_CLOSE_REASON', closeCode: 1007 } });
    expect(decodeClosePayload(hex('03 e8 ed a0 80'))).toMatchObject({ ok: false, error: { code: 'INVALID_CLOSE_REASON' } });
  });

  it('a reason is data: a leading byte order mark is kept', () => {
    expect(decodeClosePayload(hex('03 e8 ef bb bf 41'))).toEqual({ ok: true, code: 1000, reason: '\ufeffA' });
  });

  it('a sender may not put more than 123 bytes of reason in the 125 bytes of a control frame', () => {
    expect(encodeClosePayload(1000, 'x'.repeat(123))).toHaveLength(125);
    expect(() => encodeClosePayload(1000, 'x'.repeat(124))).toThrow(RangeError);
    expect(() => encodeClosePayload(1000, 'é'.repeat(62))).toThrow(RangeError);
  });

  it('a sender may not send a code that is never on the wire, nor a reason without a code', () => {
    for (const code of NEVER_ON_THE_WIRE) expect(() => encodeClosePayload(code)).toThrow(RangeError);
    expect(() => encodeClosePayload(undefined, 'why')).toThrow(RangeError);
  });

  it('decodes what it encodes, for every code that may be sent and any reason that fits', () => {
    const code = fc.oneof(fc.constantFrom(...SENDABLE), fc.integer({ min: 3000, max: 4999 }));
    const reason = anyText(30).filter((text) => new TextEncoder().encode(text).length <= 123);
    fc.assert(fc.property(code, reason, (c, r) => {
      expect(decodeClosePayload(encodeClosePayload(c, r))).toEqual({ ok: true, code: c, reason: r });
    }));
  });
});
