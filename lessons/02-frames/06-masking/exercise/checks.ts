import { defineChecks, expect } from '#authoring';

type Learner = { applyMask(data: Uint8Array, maskingKey: Uint8Array, offset?: number): void };

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const hello = () => new TextEncoder().encode('Hello');

export default defineChecks<Learner>([
  {
    name: 'masks "Hello" as in RFC 6455 §5.7',
    run({ module }) {
      const data = hello();
      module.applyMask(data, KEY);
      expect(data).toEqual(Uint8Array.of(0x7f, 0x9f, 0x4d, 0x51, 0x58));
    },
  },
  {
    name: 'masking twice gives the data back',
    run({ module }) {
      const data = hello();
      module.applyMask(data, KEY);
      module.applyMask(data, KEY);
      expect(new TextDecoder().decode(data)).toBe('Hello');
    },
  },
  {
    name: 'an offset continues the key where the last piece stopped',
    run({ module }) {
      const whole = hello();
      module.applyMask(whole, KEY);
      const first = hello().subarray(0, 3);
      const rest = hello().subarray(3);
      module.applyMask(first, KEY, 0);
      module.applyMask(rest, KEY, 3);
      expect([...first, ...rest]).toEqual([...whole]);
    },
  },
  {
    name: 'empty data is fine',
    run({ module }) {
      const data = new Uint8Array(0);
      module.applyMask(data, KEY);
      expect(data.length).toBe(0);
    },
  },
  {
    name: 'a long payload, at every offset',
    hidden: true,
    run({ module }) {
      for (let offset = 0; offset < 8; offset++) {
        const data = new Uint8Array(1031).map((_, i) => (i * 7 + 3) & 0xff);
        const expected = data.map((b, i) => b ^ KEY[(offset + i) % 4]);
        module.applyMask(data, KEY, offset);
        expect(data).toEqual(expected);
      }
    },
  },
  {
    name: 'only the given view changes, not the bytes around it',
    hidden: true,
    run({ module }) {
      const buffer = new Uint8Array(16).fill(0xaa);
      module.applyMask(buffer.subarray(4, 9), KEY);
      expect([...buffer.subarray(0, 4), ...buffer.subarray(9)]).toEqual(new Array(11).fill(0xaa));
      expect([...buffer.subarray(4, 9)]).toEqual([0xaa ^ 0x37, 0xaa ^ 0xfa, 0xaa ^ 0x21, 0xaa ^ 0x3d, 0xaa ^ 0x37]);
    },
  },
]);
