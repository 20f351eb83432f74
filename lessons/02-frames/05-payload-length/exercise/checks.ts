import { encodeHeader as reference, defineChecks, expect } from '#authoring';

type Learner = { encodeHeader(payloadLength: number, opcode: number, maskingKey?: Uint8Array): Uint8Array };

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export default defineChecks<Learner>([
  {
    name: 'a 5-byte text frame: 81 05',
    run({ module }) {
      expect(hex(module.encodeHeader(5, 0x1))).toBe('81 05');
    },
  },
  {
    name: '125 still fits in 7 bits',
    run({ module }) {
      expect(hex(module.encodeHeader(125, 0x2))).toBe('82 7d');
    },
  },
  {
    name: '126 needs the 16-bit form: 7e then 00 7e',
    run({ module }) {
      expect(hex(module.encodeHeader(126, 0x2))).toBe('82 7e 00 7e');
    },
  },
  {
    name: '65535 is the largest 16-bit length',
    run({ module }) {
      expect(hex(module.encodeHeader(65535, 0x2))).toBe('82 7e ff ff');
    },
  },
  {
    name: '65536 needs the 64-bit form',
    run({ module }) {
      expect(hex(module.encodeHeader(65536, 0x2))).toBe('82 7f 00 00 00 00 00 01 00 00');
    },
  },
  {
    name: 'a masking key sets MASK and follows the length',
    run({ module }) {
      expect(hex(module.encodeHeader(5, 0x1, KEY))).toBe('81 85 37 fa 21 3d');
      expect(hex(module.encodeHeader(300, 0x2, KEY))).toBe('82 fe 01 2c 37 fa 21 3d');
    },
  },
  {
    name: 'the same bytes as the lab’s library, for lengths around every boundary and beyond 32 bits',
    hidden: true,
    run({ module }) {
      for (const length of [0, 1, 124, 125, 126, 127, 255, 256, 65534, 65535, 65536, 65537, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
        for (const key of [undefined, KEY]) {
          expect(hex(module.encodeHeader(length, 0x2, key))).toBe(hex(reference({ fin: true, opcode: 0x2, payloadLength: length, maskingKey: key })));
        }
      }
    },
  },
  {
    name: 'impossible lengths throw a RangeError',
    hidden: true,
    run({ module }) {
      for (const length of [-1, 1.5, 2 ** 53, Number.NaN]) expect(() => module.encodeHeader(length, 0x2)).toThrow(RangeError);
    },
  },
]);
