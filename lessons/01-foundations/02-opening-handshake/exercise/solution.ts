/**
 * The server's answer to a client's Sec-WebSocket-Key: the Sec-WebSocket-Accept value.
 *
 *   Sec-WebSocket-Accept = base64( SHA-1( key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ) )
 *
 * sha1 and toBase64 come from 'websocket-lab/helpers': sha1 takes bytes or a string
 * (hashed as its UTF-8 bytes) and returns the 20-byte digest; toBase64 encodes bytes.
 * ('websocket-lab' has a computeAcceptKey of its own: that one is the answer, so leave it.)
 */
import { sha1, toBase64 } from 'websocket-lab/helpers';

export const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function computeAcceptKey(key: string): string {
  // The key is hashed as the text it is: never base64-decoded first.
  return toBase64(sha1(key + GUID));
}
