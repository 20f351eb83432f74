import { defineChecks, expect, type ExerciseLab } from '#authoring';

type Learner = { talk(): Promise<string> };

/** Runs talk() in the check's lab, lets the closing handshake finish, and gives back how talk() ended. */
async function talkAndSettle(module: Learner, lab: ExerciseLab): Promise<{ echo?: unknown; error?: unknown }> {
  let outcome: { echo?: unknown; error?: unknown };
  try {
    outcome = { echo: await lab.within(module.talk(), 3000, 'talk() resolving (does it close the socket?)') };
  } catch (error) {
    outcome = { error };
  }
  // What crossed the wire after talk() resolved (the server's Close, the end of TCP) counts too.
  await lab.settle();
  return outcome;
}

const fromPage = (lab: ExerciseLab) => lab.frames().filter((f) => f.direction === 'client→server');

export default defineChecks<Learner>([
  {
    name: 'talk() resolves with the echo, "hello"',
    async run({ module, lab }) {
      const echo = await lab.within(module.talk(), 3000, 'talk() resolving (does it close the socket?)');
      expect(echo).toBe('hello');
    },
  },
  {
    name: 'the server received a Close frame with code 1000 and the reason "done"',
    async run({ module, lab }) {
      await talkAndSettle(module, lab);
      const close = fromPage(lab).find((f) => f.opcode === 0x8);
      expect(close, 'no Close frame crossed the wire from the page').toBeDefined();
      expect(close!.close).toEqual({ code: 1000, reason: 'done' });
    },
  },
  {
    name: '"hello" went out once, as one masked text frame',
    hidden: true,
    async run({ module, lab }) {
      await talkAndSettle(module, lab);
      const texts = fromPage(lab).filter((f) => f.opcode === 0x1);
      expect(texts.map((f) => f.preview)).toEqual(['hello']);
      expect(fromPage(lab).every((f) => f.masked)).toBe(true);
    },
  },
  {
    name: 'the connection ended with the closing handshake, not a cut',
    hidden: true,
    async run({ module, lab }) {
      await talkAndSettle(module, lab);
      const entries = lab.wireLog().entries;
      const closes = entries.filter((e) => e.kind === 'frame' && e.opcode === 0x8);
      expect(closes.map((e) => (e.kind === 'frame' ? e.direction : ''))).toEqual(['client→server', 'server→client']);
      expect(entries.some((e) => e.kind === 'event' && e.event === 'cut')).toBe(false);
    },
  },
]);
