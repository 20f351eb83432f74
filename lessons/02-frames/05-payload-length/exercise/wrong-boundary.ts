/**
 * A common mistake: an off-by-one at the first boundary. 125 still fits in the 7-bit
 * field; only 126 and up need the 16-bit form.
 * Fails: "125 still fits in 7 bits"
 */
export function encodeHeader(payloadLength: number, opcode: number, maskingKey?: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(payloadLength) || payloadLength < 0) {
    throw new RangeError(`Invalid payload length ${payloadLength}`);
  }
  const lengthBytes = payloadLength < 125 ? 0 : payloadLength <= 0xffff ? 2 : 8;
  const header = new Uint8Array(2 + lengthBytes + (maskingKey ? 4 : 0));
  header[0] = 0x80 | opcode;
  const mask = maskingKey ? 0x80 : 0;
  if (lengthBytes === 0) {
    header[1] = mask | payloadLength;
  } else if (lengthBytes === 2) {
    header[1] = mask | 126;
    header[2] = payloadLength >>> 8;
    header[3] = payloadLength & 0xff;
  } else {
    header[1] = mask | 127;
    // Split in two 32-bit halves: bit operators in JavaScript work on 32 bits.
    const high = Math.floor(payloadLength / 2 ** 32);
    const view = new DataView(header.buffer);
    view.setUint32(2, high);
    view.setUint32(6, payloadLength >>> 0);
  }
  if (maskingKey) header.set(maskingKey, 2 + lengthBytes);
  return header;
}
