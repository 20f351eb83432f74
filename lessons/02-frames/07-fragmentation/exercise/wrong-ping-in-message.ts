/**
 * A common mistake: treating a ping between fragments as part of the message. Control
 * frames may arrive between fragments; they are answered at once and never joined in.
 * Fails: "a ping between fragments is answered with its own payload and kept out of the message"
 */
import { Opcode, type Frame } from 'websocket-lab';

/** Fails the connection: throws an Error carrying the close code a receiver would send. */
export function fail(closeCode: 1002 | 1007 | 1009, message: string): never {
  throw Object.assign(new Error(message), { closeCode });
}

export function reassemble(
  frames: Frame[],
  pong: (payload: Uint8Array) => void,
  maxMessageSize = 1024 * 1024,
): { opcode: number; payload: Uint8Array } {
  let opcode: number | undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  // One decoder for the whole message: a character split across fragments waits in it for the rest.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const checkText = (bytes: Uint8Array, stream: boolean) => {
    try {
      utf8.decode(bytes, { stream });
    } catch {
      fail(1007, 'the text message is not valid UTF-8');
    }
  };
  for (const frame of frames) {
    if (frame.opcode === Opcode.Ping) {
      pong(frame.payload);
      parts.push(frame.payload);
      size += frame.payload.length;
      continue;
    }
    if (frame.opcode === Opcode.Pong) continue;
    if (frame.opcode === Opcode.Continuation) {
      if (opcode === undefined) fail(1002, 'a continuation frame with no message started');
    } else {
      if (opcode !== undefined) fail(1002, 'a new data frame before the message finished');
      opcode = frame.opcode;
    }
    size += frame.payload.length;
    if (size > maxMessageSize) fail(1009, `the message passed ${maxMessageSize} bytes`);
    if (opcode === Opcode.Text) checkText(frame.payload, !frame.fin); // the last fragment flushes
    parts.push(frame.payload);
    if (frame.fin) {
      const payload = new Uint8Array(size);
      let at = 0;
      for (const part of parts) {
        payload.set(part, at);
        at += part.length;
      }
      return { opcode, payload };
    }
  }
  return fail(1002, 'the frames ended before a frame with FIN');
}
