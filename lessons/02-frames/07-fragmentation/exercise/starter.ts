/**
 * Put one message back together from the frames that carried it.
 *
 * `frames` arrived in this order, already decoded and unmasked (see lib's Frame:
 * fin, opcode, payload). They hold exactly one message: a text (1) or binary (2) frame,
 * then continuation frames (0) until one has FIN set. Control frames may come in
 * between the fragments: answer each ping by calling pong() with the ping's payload,
 * and ignore pongs.
 *
 * Return the message's opcode (1 or 2) and its whole payload. Throw an Error when the
 * frames break the rules: a continuation with no message started, a new text or binary
 * frame before the message finished, or frames that end before a FIN.
 */
import type { Frame } from 'websocket-lab';

export function reassemble(frames: Frame[], pong: (payload: Uint8Array) => void): { opcode: number; payload: Uint8Array } {
  // Your code. This only handles a message sent in one frame.
  const first = frames[0];
  return { opcode: first.opcode, payload: first.payload };
}
