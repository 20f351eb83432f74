import { describe, expect, it } from 'vitest';
import { OPCODE_NAMES, Opcode, PROTOCOL_ERRORS } from '../../../../lib/index.ts';
import { countByCloseCode, opcodeRows, protocolErrorRows, rfcSectionUrl } from '../../../../site/course/reference-tables.ts';

describe('rfcSectionUrl', () => {
  it('links a section of RFC 6455', () => {
    expect(rfcSectionUrl('5.5.1')).toBe('https://www.rfc-editor.org/rfc/rfc6455#section-5.5.1');
  });
});

describe('opcodeRows', () => {
  const rows = opcodeRows();

  it("has one row per entry of lib's OPCODE_NAMES, values 0–15", () => {
    expect(rows).toHaveLength(OPCODE_NAMES.length);
    expect(rows.map((r) => r.value)).toEqual([...Array(16).keys()]);
    expect(rows.map((r) => r.name)).toEqual(OPCODE_NAMES);
  });

  it("marks exactly lib's Opcode values as defined, with their constant names", () => {
    const defined = rows.filter((r) => r.defined);
    expect(defined.map((r) => r.value)).toEqual(Object.values(Opcode));
    expect(defined.map((r) => r.constant)).toEqual(Object.keys(Opcode));
  });

  it('classifies 0x8–0xF as control frames and 0x0–0x7 as data frames', () => {
    expect(rows.filter((r) => r.kind === 'control').map((r) => r.value)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('writes hex and the four opcode bits', () => {
    expect(rows[0xa]).toMatchObject({ hex: '0xA', bits: '1010', name: 'pong' });
  });

  it('says a reserved opcode fails the connection', () => {
    expect(rows[3].meaning).toMatch(/Reserved for future data frames.*1002/);
    expect(rows[0xb].meaning).toMatch(/Reserved for future control frames/);
  });
});

describe('protocolErrorRows', () => {
  const rows = protocolErrorRows();

  it("has one row per entry of lib's PROTOCOL_ERRORS, in order", () => {
    expect(rows.map((r) => r.code)).toEqual(Object.keys(PROTOCOL_ERRORS));
  });

  it('carries the close code, section link and MUST of each entry', () => {
    const unmasked = rows.find((r) => r.code === 'UNMASKED_CLIENT_FRAME');
    expect(unmasked).toMatchObject({ closeCode: 1002, section: '5.1', sectionUrl: rfcSectionUrl('5.1') });
    expect(unmasked?.must).toBe(PROTOCOL_ERRORS.UNMASKED_CLIENT_FRAME.must);
  });

  it('counts errors per close code, in code order', () => {
    const counts = countByCloseCode(rows);
    expect([...counts.keys()]).toEqual([...new Set(rows.map((r) => r.closeCode))].sort((a, b) => a - b));
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(rows.length);
  });
});
