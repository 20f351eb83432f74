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
import { Opcode, type Frame } from 'websocket-lab';

export function reassemble(frames: Frame[], pong: (payload: Uint8Array) => void): { opcode: number; payload: Uint8Array } {
  let opcode: number | undefined;
  const parts: Uint8Array[] = [];
  for (const frame of frames) {
    if (frame.opcode === Opcode.Ping) {
      pong(frame.payload); // answered now, in the middle of the message
      continue;
    }
    if (frame.opcode === Opcode.Pong) continue;
    if (frame.opcode === Opcode.Continuation) {
      if (opcode === undefined) throw new Error('a continuation frame with no message started');
    } else {
      if (opcode !== undefined) throw new Error('a new data frame before the message finished');
      opcode = frame.opcode;
    }
    parts.push(frame.payload);
    if (frame.fin) {
      const payload = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        payload.set(part, at);
        at += part.length;
      }
      return { opcode, payload };
    }
  }
  throw new Error('the frames ended before a frame with FIN');
}
