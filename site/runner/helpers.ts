/**
 * Small building blocks learner code may import from `websocket-lab/helpers`, for
 * exercises whose answer lib already has (the accept key is base64 of a SHA-1).
 */
import { sha1 as sha1Bytes } from '@noble/hashes/legacy.js';
import { encodeBase64 } from '../../lib/protocol/base64.ts';

/** SHA-1 of bytes, or of a string's UTF-8 bytes: the 20-byte digest. */
export function sha1(data: Uint8Array | string): Uint8Array {
  return sha1Bytes(typeof data === 'string' ? new TextEncoder().encode(data) : data);
}

/** Standard base64 (with + / and = padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}

