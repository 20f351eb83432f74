import { Opcode, createFrame, defineChecks, expect, type Frame } from '#authoring';

type Message = { opcode: number; payload: Uint8Array };
type Learner = { reassemble(frames: Frame[], pong: (payload: Uint8Array) => void): Message };

const text = (message: Message) => ({ opcode: message.opcode, text: new TextDecoder().decode(message.payload) });
/** Runs the learner's reassemble and records every pong it asks for. */
const run = (module: Learner, frames: Frame[]) => {
  const pongs: string[] = [];
  const message = module.reassemble(frames, (payload) => pongs.push(new TextDecoder().decode(payload)));
  return { message, pongs };
};
const { Text, Binary, Continuation, Ping, Pong } = Opcode;
const part = (opcode: number, payload: string | Uint8Array, fin = false) => createFrame(opcode, payload, { fin });

export default defineChecks<Learner>([
  {
    name: 'a message in one frame',
    run({ module }) {
      expect(text(run(module, [createFrame(Text, 'Hello')]).message)).toEqual({ opcode: Text, text: 'Hello' });
    },
  },
  {
    name: '"Hel" + "l" + "o" in three fragments (RFC 6455 §5.6)',
    run({ module }) {
      const frames = [part(Text, 'Hel'), part(Continuation, 'l'), part(Continuation, 'o', true)];
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
      const frames = [part(Binary, Uint8Array.of(0, 1)), createFrame(Pong, 'late'), part(Continuation, new Uint8Array(0)), createFrame(Ping, ''), part(Continuation, Uint8Array.of(0xff), true)];
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
    name: 'broken sequences throw: a stray continuation, a second data frame, no FIN',
    hidden: true,
    run({ module }) {
      expect(() => module.reassemble([part(Continuation, 'x', true)], () => {})).toThrow();
      expect(() => module.reassemble([part(Text, 'a'), part(Text, 'b', true)], () => {})).toThrow();
      expect(() => module.reassemble([part(Text, 'a'), part(Continuation, 'b')], () => {})).toThrow();
    },
  },
]);
