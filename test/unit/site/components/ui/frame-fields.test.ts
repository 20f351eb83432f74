import { describe, expect, it } from 'vitest';
import { explainFrame } from '../../../../../lib/index.ts';
import { byteRows, fieldTone, headerBits, legendOf } from '../../../../../site/components/ui/frame-fields.ts';

/** RFC 6455 §5.7: a masked "Hello" from a client. */
const MASKED_HELLO = Uint8Array.of(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);

describe('frame fields', () => {
  it.each([
    ['fin', 'header'],
    ['opcode', 'header'],
    ['mask', 'length'],
    ['extendedPayloadLength', 'length'],
    ['maskingKey', 'mask'],
    ['payload', 'payload'],
  ] as const)('%s takes the %s colour', (name, tone) => {
    expect(fieldTone(name)).toBe(tone);
  });

  it('draws every bit before the payload, eight to a row', () => {
    const bits = headerBits(explainFrame(MASKED_HELLO).fields);
    expect(bits).toHaveLength(48);
    expect(bits[4]).toMatchObject({ offset: 4, field: 'opcode', indexInField: 0, value: 0 });
    expect(bits[7]).toMatchObject({ offset: 7, field: 'opcode', indexInField: 3, value: 1 });
    expect(byteRows(bits).map((row) => row.length)).toEqual([8, 8, 8, 8, 8, 8]);
  });

  it('lists each field once for the legend', () => {
    const legend = legendOf(headerBits(explainFrame(MASKED_HELLO).fields));
    expect(legend.map((item) => item.field)).toEqual(['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'mask', 'payloadLength', 'maskingKey']);
    expect(legend.find((item) => item.field === 'maskingKey')?.tone).toBe('mask');
  });
});
