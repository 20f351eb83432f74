import { defineChecks, expect } from '#authoring';

type Utf8Error = { offset: number; reason: string };
type Validator = { push(bytes: Uint8Array, fin: boolean): Utf8Error | null };
type Learner = { createUtf8Validator(): Validator };

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Pushes each piece in turn (fin on the last) and returns what every push returned. */
const pushAll = (module: Learner, ...pieces: Uint8Array[]) => {
  const validator = module.createUtf8Validator();
  return pieces.map((piece, i) => validator.push(piece, i === pieces.length - 1));
};
/** What the last push returned when the whole message is pushed at once, and one byte at a time. */
const verdicts = (module: Learner, message: Uint8Array) => ({
  whole: pushAll(module, message).at(-1),
  byteByByte: pushAll(module, ...Array.from(message, (b) => bytes(b))).find((v) => v !== null) ?? null,
});

export default defineChecks<Learner>([
  {
    name: 'valid text of 1- to 4-byte characters is accepted: "Zürich → 東京 🚄"',
    run({ module }) {
      expect(pushAll(module, utf8('Zürich → 東京 🚄'))).toEqual([null]);
    },
  },
  {
    name: 'a character split across pushes is accepted: e2 82 | ac is "€"',
    run({ module }) {
      expect(pushAll(module, bytes(0x35, 0x20, 0xe2, 0x82), bytes(0xac))).toEqual([null, null]);
      // 🚄 is f0 9f 9a 84: four pushes of one byte each.
      expect(pushAll(module, bytes(0xf0), bytes(0x9f), bytes(0x9a), bytes(0x84))).toEqual([null, null, null, null]);
    },
  },
  {
    name: 'fail fast: a bad byte is reported by the push that carries it, before fin',
    run({ module }) {
      const validator = module.createUtf8Validator();
      expect(validator.push(utf8('ok '), false)).toBe(null);
      // ff never appears in UTF-8. It is byte 4 of the message, and the message has not ended.
      expect(validator.push(bytes(0x61, 0xff, 0x62), false)).toEqual({ offset: 4, reason: 'invalid-byte' });
    },
  },
  {
    name: 'C0, C1 and F5–FF never appear in UTF-8',
    run({ module }) {
      expect(pushAll(module, bytes(0x41, 0xc0, 0x80))).toEqual([{ offset: 1, reason: 'invalid-byte' }]);
      expect(pushAll(module, bytes(0xc1, 0xbf))).toEqual([{ offset: 0, reason: 'invalid-byte' }]);
      expect(pushAll(module, bytes(0xf5, 0x80, 0x80, 0x80))).toEqual([{ offset: 0, reason: 'invalid-byte' }]);
      expect(pushAll(module, bytes(0x20, 0x20, 0xfe))).toEqual([{ offset: 2, reason: 'invalid-byte' }]);
    },
  },
  {
    name: 'a continuation byte (80–BF) cannot start a character',
    run({ module }) {
      expect(pushAll(module, bytes(0x61, 0x80))).toEqual([{ offset: 1, reason: 'unexpected-continuation' }]);
      // c3 a9 is "é"; a third byte has nothing to continue.
      expect(pushAll(module, bytes(0xc3, 0xa9, 0xa9))).toEqual([{ offset: 2, reason: 'unexpected-continuation' }]);
    },
  },
  {
    name: 'a character that has started needs all its continuation bytes: e2 82 41',
    run({ module }) {
      expect(pushAll(module, bytes(0xe2, 0x82, 0x41))).toEqual([{ offset: 2, reason: 'missing-continuation' }]);
      expect(pushAll(module, bytes(0xf0, 0x9f), bytes(0xe2, 0x82, 0xac))).toEqual([null, { offset: 2, reason: 'missing-continuation' }]);
    },
  },
  {
    name: 'overlong forms are rejected: e0 80 80 is U+0000 in three bytes',
    run({ module }) {
      expect(pushAll(module, bytes(0xe0, 0x80, 0x80))).toEqual([{ offset: 1, reason: 'overlong' }]);
      expect(pushAll(module, bytes(0x2f, 0xe0, 0x9f, 0xbf))).toEqual([{ offset: 2, reason: 'overlong' }]);
      expect(pushAll(module, bytes(0xf0, 0x8f, 0xbf, 0xbf))).toEqual([{ offset: 1, reason: 'overlong' }]);
    },
  },
  {
    name: 'UTF-16 surrogates are not UTF-8: ed a0 80 is U+D800',
    run({ module }) {
      expect(pushAll(module, bytes(0xed, 0xa0, 0x80))).toEqual([{ offset: 1, reason: 'surrogate' }]);
      // The same rule when the surrogate's lead byte ends one push.
      expect(pushAll(module, utf8('hi '), bytes(0xed), bytes(0xbf, 0xbf))).toEqual([null, null, { offset: 4, reason: 'surrogate' }]);
    },
  },
  {
    name: 'nothing above U+10FFFF: f4 90 80 80 is rejected',
    run({ module }) {
      expect(pushAll(module, bytes(0xf4, 0x90, 0x80, 0x80))).toEqual([{ offset: 1, reason: 'too-large' }]);
    },
  },
  {
    name: 'a message that ends inside a character fails at fin, not before',
    run({ module }) {
      const validator = module.createUtf8Validator();
      expect(validator.push(utf8('price: '), false)).toBe(null);
      expect(validator.push(bytes(0xe2, 0x82), false)).toBe(null); // ac may still come
      expect(validator.push(new Uint8Array(0), true)).toEqual({ offset: 9, reason: 'truncated' });
    },
  },
  {
    name: 'the first and last code point of each length are accepted, and the neighbours of the gaps',
    hidden: true,
    run({ module }) {
      const edges = [
        [0x00], [0x7f], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80],
        [0xef, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xef, 0xbb, 0xbf],
      ];
      for (const edge of edges) expect(verdicts(module, bytes(...edge)), edge.map((b) => b.toString(16)).join(' ')).toEqual({ whole: null, byteByByte: null });
    },
  },
  {
    name: 'every rule gives the same offset whether the message comes whole or one byte per push',
    hidden: true,
    run({ module }) {
      const cases: Array<[number[], Utf8Error]> = [
        [[0x61, 0x62, 0xff], { offset: 2, reason: 'invalid-byte' }],
        [[0xe2, 0x82, 0xac, 0x80], { offset: 3, reason: 'unexpected-continuation' }],
        [[0xf0, 0x9f, 0x9a, 0x20], { offset: 3, reason: 'missing-continuation' }],
        [[0x61, 0xe0, 0x9f, 0x80], { offset: 2, reason: 'overlong' }],
        [[0xed, 0xbf, 0xbf], { offset: 1, reason: 'surrogate' }],
        [[0xf4, 0xbf, 0xbf, 0xbf], { offset: 1, reason: 'too-large' }],
        [[0x61, 0xf0, 0x9f, 0x9a], { offset: 4, reason: 'truncated' }],
      ];
      for (const [message, error] of cases) {
        expect(verdicts(module, bytes(...message)), message.map((b) => b.toString(16)).join(' ')).toEqual({ whole: error, byteByByte: error });
      }
    },
  },
  {
    name: 'once it has failed, every later push returns the same failure',
    hidden: true,
    run({ module }) {
      const validator = module.createUtf8Validator();
      const first = validator.push(bytes(0x61, 0xc0), false);
      expect(first).toEqual({ offset: 1, reason: 'invalid-byte' });
      expect(validator.push(utf8('fine now'), false)).toEqual(first);
      expect(validator.push(new Uint8Array(0), true)).toEqual(first);
    },
  },
]);
