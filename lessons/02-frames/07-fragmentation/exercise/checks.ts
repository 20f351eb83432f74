import { Opcode, createFrame, defineChecks, expect, type Frame } from '#authoring';

type Message = { opcode: number; payload: Uint8Array };
type Learner = { reassemble(frames: Frame[], pong: (payload: Uint8Array) => void, maxMessageSize?: number): Message };

const text = (message: Message) => ({ opcode: message.opcode, text: new TextDecoder().decode(message.payload) });
/** Runs the learner's reassemble and records every pong it asks for. */
const run = (module: Learner, frames: Frame[], maxMessageSize?: number) => {
  const pongs: string[] = [];
  const message = module.reassemble(frames, (payload) => pongs.push(new TextDecoder().decode(payload)), maxMessageSize);
  return { message, pongs };
};
/** The close code reassemble failed with (its error's closeCode), or what happened instead. */
const closeCodeOf = (module: Learner, frames: Frame[], maxMessageSize?: number): unknown => {
  try {
    module.reassemble(frames, () => {}, maxMessageSize);
  } catch (error) {
    return (error as { closeCode?: unknown } | null)?.closeCode ?? `an error with no closeCode: ${String(error)}`;
  }
  return 'no error: the message was accepted';
};
const { Text, Binary, Continuation, Ping, Pong } = Opcode;
const part = (opcode: number, payload: string | Uint8Array, fin = false) => createFrame(opcode, payload, { fin });
const bytes = (...values: number[]) => Uint8Array.from(values);

export default defineChecks<Learner>([
  {
    name: 'a message in one frame',
    run({ module }) {
      expect(text(run(module, [createFrame(Text, 'Hello')]).message)).toEqual({ opcode: Text, text: 'Hello' });
    },
  },
  {
    name: '"Hel" + "lo" in two fragments (RFC 6455 §5.7)',
    run({ module }) {
      const frames = [part(Text, 'Hel'), part(Continuation, 'lo', true)];
      expect(text(run(module, frames).message)).toEqual({ opcode: Text, text: 'Hello' });
    },
  },
  {
    name: 'a ping between fragments is answered with its own payload and kept out of the message',
    run({ module }) {
      const frames = [part(Text, 'Hel'), createFrame(Ping, 'are you there?'), part(Continuation, 'lo', true)];
      const { message, pongs } = run(module, frames);
      expect(text(message)).toEqual({ opcode: Text, text: 'Hello' });
      expect(pongs).toEqual(['are you there?']);
    },
  },
  {
    name: 'a binary message keeps its bytes and opcode 2; pongs are ignored; empty fragments count',
    hidden: true,
    run({ module }) {
      const frames = [part(Binary, bytes(0, 1)), createFrame(Pong, 'late'), part(Continuation, new Uint8Array(0)), createFrame(Ping, ''), part(Continuation, bytes(0xff), true)];
      const { message, pongs } = run(module, frames);
      expect(message.opcode).toBe(Binary);
      expect([...message.payload]).toEqual([0, 1, 0xff]);
      expect(pongs).toEqual(['']);
    },
  },
  {
    name: 'many fragments, several pings, in order',
    hidden: true,
    run({ module }) {
      const frames: Frame[] = [part(Text, 'f0')];
      for (let i = 1; i < 40; i++) {
        if (i % 10 === 0) frames.push(createFrame(Ping, `p${i}`));
        frames.push(part(Continuation, `f${i}`, i === 39));
      }
      const { message, pongs } = run(module, frames);
      expect(text(message).text).toBe(Array.from({ length: 40 }, (_, i) => `f${i}`).join(''));
      expect(pongs).toEqual(['p10', 'p20', 'p30']);
    },
  },
  {
    name: 'broken sequences fail with 1002: a stray continuation, a second data frame, no FIN',
    hidden: true,
    run({ module }) {
      expect(closeCodeOf(module, [part(Continuation, 'x', true)])).toBe(1002);
      expect(closeCodeOf(module, [part(Text, 'a'), part(Text, 'b', true)])).toBe(1002);
      expect(closeCodeOf(module, [part(Text, 'a'), part(Continuation, 'b')])).toBe(1002);
    },
  },
  {
    name: 'a message over maxMessageSize fails with 1009 as soon as the fragments pass it, before any FIN',
    run({ module }) {
      // 3 × 400 bytes and no FIN: the second fragment already passes 600 bytes.
      const frames = [part(Binary, new Uint8Array(400)), part(Continuation, new Uint8Array(400)), part(Continuation, new Uint8Array(400))];
      expect(closeCodeOf(module, frames, 600)).toBe(1009);
    },
  },
  {
    name: 'a message of exactly maxMessageSize bytes is accepted, and pings do not count toward it',
    hidden: true,
    run({ module }) {
      const frames = [part(Binary, new Uint8Array(300)), createFrame(Ping, 'x'.repeat(125)), part(Continuation, new Uint8Array(300), true)];
      expect(run(module, frames, 600).message.payload.length).toBe(600);
    },
  },
  {
    name: 'a character split across two fragments is valid UTF-8: e2 82 | ac is "€"',
    run({ module }) {
      const frames = [part(Text, bytes(0x35, 0x20, 0xe2, 0x82)), part(Continuation, bytes(0xac), true)];
      expect(text(run(module, frames).message)).toEqual({ opcode: Text, text: '5 €' });
    },
  },
  {
    name: 'invalid UTF-8 fails with 1007 as soon as it arrives, before any FIN',
    run({ module }) {
      // 0xff never appears in UTF-8; the message never ends, so only an early check sees it.
      const frames = [part(Text, 'ok '), part(Continuation, bytes(0xff)), part(Continuation, 'and more')];
      expect(closeCodeOf(module, frames)).toBe(1007);
    },
  },
  {
    name: 'a text message that ends in the middle of a character fails with 1007; binary data is never checked',
    hidden: true,
    run({ module }) {
      expect(closeCodeOf(module, [part(Text, 'price: '), part(Continuation, bytes(0xe2, 0x82), true)])).toBe(1007);
      expect(closeCodeOf(module, [part(Text, bytes(0xed, 0xa0, 0x80), true)])).toBe(1007); // a UTF-16 surrogate, not a character
      expect([...run(module, [part(Binary, bytes(0xe2, 0x82)), part(Continuation, bytes(0xff), true)]).message.payload]).toEqual([0xe2, 0x82, 0xff]);
    },
  },
]);
