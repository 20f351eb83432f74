/**
 * A common mistake: treating a ping between fragments as part of the message. Control
 * frames may arrive between fragments; they are answered at once and never joined in.
 * Fails: "a ping between fragments is answered with its own payload and kept out of the message"
 */
import { Opcode, type Frame } from 'websocket-lab';

export function reassemble(frames: Frame[], pong: (payload: Uint8Array) => void): { opcode: number; payload: Uint8Array } {
  let opcode: number | undefined;
  const parts: Uint8Array[] = [];
  for (const frame of frames) {
    if (frame.opcode === Opcode.Ping) {
      pong(frame.payload);
      parts.push(frame.payload);
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
