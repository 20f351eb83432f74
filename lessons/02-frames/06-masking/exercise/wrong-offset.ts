/**
 * A common mistake: starting the key over for every piece. A payload that arrives in
 * pieces is unmasked with the key continuing where the last piece stopped.
 * Fails: "an offset continues the key where the last piece stopped"
 */
export function applyMask(data: Uint8Array, maskingKey: Uint8Array, offset = 0): void {
  for (let i = 0; i < data.length; i++) {
    data[i] ^= maskingKey[i & 3];
  }
}
