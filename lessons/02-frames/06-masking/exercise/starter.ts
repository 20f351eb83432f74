/**
 * Mask, or unmask, `data` in place with a 4-byte masking key.
 *
 * Byte i of the data is XORed with maskingKey[(offset + i) % 4]. `offset` is where this
 * piece starts in the payload, so a payload that arrives in several pieces can be
 * unmasked piece by piece.
 */
export function applyMask(data: Uint8Array, maskingKey: Uint8Array, offset = 0): void {
  // Your code: XOR each byte of `data` with the right byte of the key.
}
