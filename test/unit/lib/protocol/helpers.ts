/** Test helpers: hex in and out, and feeding a Receiver in chunks. */
import { expect } from 'vitest';
import { Receiver, type ReceiverEvent } from '../../../../lib/index.ts';
import type { MaskFunction } from '../../../../lib/protocol/mask.ts';

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

/**
 * Has `mask` move `bytes` down `distance` places within their own buffer, masking them on
 * the way (the target starts before the source and overlaps it, as when the receiver
 * gathers a message in the read it starts in), and checks the result is `expected`, with
 * the `lead` bytes before the target left as they were.
 */
export function expectMovedDown(mask: MaskFunction, bytes: Uint8Array, key: Uint8Array, offset: number, distance: number, lead: number, expected: Uint8Array): void {
  const backing = new Uint8Array(lead + distance + bytes.length).fill(0xee);
  backing.set(bytes, lead + distance);
  const written = mask(backing.subarray(lead + distance), key, offset, backing.subarray(lead, lead + bytes.length));
  expect(written.buffer).toBe(backing.buffer);
  expect(written.byteOffset).toBe(lead);
  expect(firstDifference(written, expected)).toBe(-1);
  expect(backing.subarray(0, lead).every((byte) => byte === 0xee)).toBe(true);
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
