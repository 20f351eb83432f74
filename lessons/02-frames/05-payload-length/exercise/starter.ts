/**
 * The header of a final frame (FIN set) with this opcode and payload length, in the
 * shortest form: 7 bits up to 125, 126 + 16 bits up to 65535, 127 + 64 bits above.
 * With a masking key, the MASK bit is set and the 4 key bytes follow the length.
 * Lengths that are negative, not whole, or above 2^53 − 1 throw a RangeError.
 */
export function encodeHeader(payloadLength: number, opcode: number, maskingKey?: Uint8Array): Uint8Array {
  // Your code. This only handles the short form, and ignores the key.
  return Uint8Array.of(0x80 | opcode, payloadLength);
}
