import { computeAcceptKey as reference, generateKey, defineChecks, expect } from '#authoring';

type Learner = { computeAcceptKey(key: string): string };

export default defineChecks<Learner>([
  {
    name: 'the RFC’s own example (§1.3)',
    run({ module }) {
      expect(module.computeAcceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    },
  },
  {
    name: 'another key gives its own answer',
    run({ module }) {
      expect(module.computeAcceptKey('x3JJHMbDL1EzLkh9GBhXDw==')).toBe('HSmrc0sMlYUkAGmm5OPpG2HaGWk=');
    },
  },
  {
    name: 'the answer is 28 characters of base64: 20 bytes, one = of padding',
    run({ module }) {
      expect(module.computeAcceptKey('AQIDBAUGBwgJCgsMDQ4PEA==')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    },
  },
  {
    name: 'fifty random keys',
    hidden: true,
    run({ module }) {
      for (let i = 0; i < 50; i++) {
        const key = generateKey(Uint8Array.from({ length: 16 }, (_, j) => (i * 31 + j * 17 + 5) & 0xff));
        expect(module.computeAcceptKey(key)).toBe(reference(key));
      }
    },
  },
  {
    name: 'the key is hashed as text, exactly as received (no trimming, no decoding)',
    hidden: true,
    run({ module }) {
      // A server takes the header value as it is; these are not valid keys, but the formula is the same.
      expect(module.computeAcceptKey('not base64 at all')).toBe(reference('not base64 at all'));
      expect(module.computeAcceptKey('')).toBe(reference(''));
    },
  },
]);
