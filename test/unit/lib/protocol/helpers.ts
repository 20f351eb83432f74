/** Test helpers: hex in and out, and feeding a Receiver in chunks. */
import { Receiver, type ReceiverEvent } from '../../../../lib/index.ts';

/** Bytes from hex such as "81 05 48 65". */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s,]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Where two byte arrays first differ: -1 when they are equal, else the index of the
 * first differing byte (the shorter length when one is a prefix of the other). Far
 * cheaper than a deep equality on long payloads, and it says where they part.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

/** Feeds `bytes` to a new receiver split at the given sizes (repeating the last), collecting events. */
export function feed(role: 'server' | 'client', bytes: Uint8Array, chunkSize = bytes.length || 1, maxMessageSize?: number): ReceiverEvent[] {
  const receiver = new Receiver({ role, maxMessageSize });
  const events: ReceiverEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) events.push(...receiver.push(bytes.subarray(i, i + chunkSize)));
  return events;
}

/** A masking key used across tests (the one of RFC 6455 §5.7). */
export const RFC_KEY = hex('37 fa 21 3d');
