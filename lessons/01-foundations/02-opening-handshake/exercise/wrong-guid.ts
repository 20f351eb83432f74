/**
 * A common mistake: the GUID typed from memory or copied from a tutorial with one
 * character wrong. Every accept it computes is wrong, and every browser fails the handshake.
 * Fails: "the RFC’s own example (§1.3)"
 */
import { sha1, toBase64 } from 'websocket-lab/helpers';

export const GUID = '258EAFA5-E914-47DA-95CA-C5AB5DC85B11';

export function computeAcceptKey(key: string): string {
  // The key is hashed as the text it is: never base64-decoded first.
  return toBase64(sha1(key + GUID));
}
