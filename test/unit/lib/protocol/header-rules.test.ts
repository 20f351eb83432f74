import { describe, expect, it } from 'vitest';
import { Receiver, decodeFrame, explainFrame } from '../../../../lib/index.ts';
import { headerViolations } from '../../../../lib/protocol/header-rules.ts';
import { hex } from './helpers.ts';

const codes = (b0: number, b1: number | undefined, context = {}) => headerViolations(b0, b1, context).map((v) => v.code);

describe('headerViolations: one rule each (RFC 6455 §5.1, §5.2, §5.4, §5.5)', () => {
  it('RSV1, RSV2 or RSV3 set without an extension (§5.2)', () => {
    for (const bit of [0x40, 0x20, 0x10]) expect(codes(0x81 | bit, 0x00)).toEqual(['RESERVED_BITS_SET']);
  });
  it('a reserved opcode (§5.2)', () => {
    for (const opcode of [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) expect(codes(0x80 | opcode, 0x00)).toEqual(['RESERVED_OPCODE']);
  });
  it('a fragmented control frame (§5.5)', () => {
    expect(codes(0x09, 0x00)).toEqual(['CONTROL_FRAME_FRAGMENTED']);
  });
  it('a control frame over 125 bytes, known from the 7-bit length alone (§5.5)', () => {
    expect(codes(0x89, 0x7d)).toEqual([]);
    expect(codes(0x89, 0x7e)).toEqual(['CONTROL_FRAME_TOO_LONG']);
    expect(codes(0x88, 0x7f)).toEqual(['CONTROL_FRAME_TOO_LONG']);
    expect(headerViolations(0x89, 0x7e, { payloadLength: 126 })[0].message).toMatch(/126 bytes/);
  });
  it('an unmasked frame received by a server (§5.1)', () => {
    expect(codes(0x81, 0x05, { role: 'server' })).toEqual(['UNMASKED_CLIENT_FRAME']);
    expect(codes(0x81, 0x85, { role: 'server' })).toEqual([]);
  });
  it('a masked frame received by a client (§5.1)', () => {
    expect(codes(0x81, 0x85, { role: 'client' })).toEqual(['MASKED_SERVER_FRAME']);
    expect(codes(0x81, 0x05, { role: 'client' })).toEqual([]);
  });
  it('a continuation frame with no message in progress (§5.4)', () => {
    expect(codes(0x80, 0x00, { messageOpcode: 0 })).toEqual(['UNEXPECTED_CONTINUATION']);
    expect(codes(0x80, 0x00, { messageOpcode: 1 })).toEqual([]);
  });
  it('a new data frame inside a fragmented message (§5.4)', () => {
    expect(codes(0x81, 0x00, { messageOpcode: 2 })).toEqual(['EXPECTED_CONTINUATION']);
    expect(codes(0x82, 0x00, { messageOpcode: 1 })).toEqual(['EXPECTED_CONTINUATION']);
    expect(codes(0x89, 0x00, { messageOpcode: 1 })).toEqual([]);
  });
  it('does not judge what it is not told: masking without a role, continuation without the message in progress', () => {
    expect(codes(0x80, 0x85)).toEqual([]);
  });
  it('lists every violation in the order the bits come, and stops at the limit', () => {
    expect(codes(0x79, 0x7e, { role: 'server' })).toEqual(['RESERVED_BITS_SET', 'CONTROL_FRAME_FRAGMENTED', 'CONTROL_FRAME_TOO_LONG', 'UNMASKED_CLIENT_FRAME']);
    expect(headerViolations(0x79, 0x7e, { role: 'server' }, 1).map((v) => v.code)).toEqual(['RESERVED_BITS_SET']);
  });
  it('judges what one byte shows before the second arrives', () => {
    expect(codes(0x79, undefined, { role: 'server' })).toEqual(['RESERVED_BITS_SET', 'CONTROL_FRAME_FRAGMENTED']);
  });
});

describe('one check: the receiver fails with the first violation, decodeFrame too, explainFrame lists them all', () => {
  const seconds = [0x00, 0x01, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0xfd, 0xfe, 0xff];
  it.each(['server', 'client'] as const)('for every first byte and a spread of second bytes, received by a %s', (role) => {
    for (let b0 = 0; b0 < 256; b0++) {
      for (const b1 of seconds) {
        const bytes = new Uint8Array([b0, b1]);
        const all = headerViolations(b0, b1, { role });
        const first = headerViolations(b0, b1, { role, messageOpcode: 0 }, 1)[0];
        const events = new Receiver({ role }).push(bytes);
        expect(events[0]?.type === 'error' ? events[0].error : undefined).toEqual(first);
        expect(explainFrame(bytes, { role }).violations.slice(0, all.length)).toEqual(all);
        const decoded = decodeFrame(bytes);
        const roleless = headerViolations(b0, b1, {}, 1)[0];
        if (roleless) expect(decoded).toEqual({ kind: 'error', error: roleless });
        else expect(decoded.kind).not.toBe('error');
      }
    }
  });

  it('explainFrame names the length of a control frame that is too long', () => {
    expect(explainFrame(hex(`89 7e 00 7e ${'00 '.repeat(126)}`)).violations[0].message).toMatch(/126 bytes/);
  });
});
