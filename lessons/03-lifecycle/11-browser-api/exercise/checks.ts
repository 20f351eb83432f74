import { decodeClosePayload, decodeFrame } from '../../../../lib/index.ts';
import type { LabRun, WireEntry } from '../../../../lib/lab/index.ts';
import { defineChecks, expect } from '../../../../site/runner/checks.ts';

type Learner = { talk(): Promise<string> };
type Frame = Extract<WireEntry, { kind: 'frame' }>;

/** The frames the page sent, from the lab's wire log. */
const fromPage = (lab: LabRun | undefined): Frame[] =>
  (lab?.wireLog().entries ?? []).filter((e): e is Frame => e.kind === 'frame' && e.direction === 'client→server');

export default defineChecks<Learner>([
  {
    name: 'talk() resolves with the echo, "hello"',
    async run({ module }) {
      const echo = await Promise.race([
        module.talk(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('talk() did not finish within 3 s: does it close the socket?')), 3000)),
      ]);
      expect(echo).toBe('hello');
    },
  },
  {
    name: 'the server received a Close frame with code 1000 and the reason "done"',
    run({ lab }) {
      const close = fromPage(lab).find((f) => f.opcode === 0x8);
      expect(close, 'no Close frame crossed the wire from the page').toBeDefined();
      const frame = decodeFrame(Uint8Array.from(close!.hex.split(' '), (byte) => Number.parseInt(byte, 16)));
      expect(frame.kind).toBe('frame');
      const decoded = decodeClosePayload(frame.kind === 'frame' ? frame.frame.payload : new Uint8Array(0));
      expect(decoded.ok && { code: decoded.code, reason: decoded.reason }).toEqual({ code: 1000, reason: 'done' });
    },
  },
  {
    name: '"hello" went out once, as one masked text frame',
    hidden: true,
    run({ lab }) {
      const texts = fromPage(lab).filter((f) => f.opcode === 0x1);
      expect(texts.map((f) => f.preview)).toEqual(['hello']);
      expect(fromPage(lab).every((f) => f.masked)).toBe(true);
    },
  },
  {
    name: 'the connection ended with the closing handshake, not a cut',
    hidden: true,
    run({ lab }) {
      const entries = lab?.wireLog().entries ?? [];
      const closes = entries.filter((e) => e.kind === 'frame' && e.opcode === 0x8);
      expect(closes.map((e) => (e as Frame).direction)).toEqual(['client→server', 'server→client']);
      expect(entries.some((e) => e.kind === 'event' && e.event === 'cut')).toBe(false);
    },
  },
]);
