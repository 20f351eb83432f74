/**
 * A frame's fields as the lab's widgets draw them: the four colours a field takes
 * everywhere (header, length, masking key, payload), so a byte reads the same in every
 * widget; the header bit by bit (HeaderBits.svelte: the frame builder and the quiz's
 * "click the bit"), from lib's explainFrame; and runs of hex bytes by field
 * (ByteSegments.svelte).
 */
import type { ExplainedField, FrameFieldName } from '../../../lib/index.ts';

/** One bit of a frame header. */
export interface HeaderBit {
  /** Offset from the first bit of the frame; 0 is FIN. */
  offset: number;
  value: 0 | 1;
  field: FrameFieldName;
  label: string;
  /** Position of this bit within its field (0 = the field's first bit). */
  indexInField: number;
}

/** Who sends a frame, which decides the masking rule: a client masks, a server must not. */
export type Sender = 'client' | 'server';

/** The colour family of a field: the lessons' byte diagrams use these four. */
export type FieldTone = 'header' | 'length' | 'mask' | 'payload';

/** FIN, RSV and opcode are the header; MASK sits with the length it shares a byte with. */
export function fieldTone(name: FrameFieldName): FieldTone {
  switch (name) {
    case 'mask':
    case 'payloadLength':
    case 'extendedPayloadLength':
      return 'length';
    case 'maskingKey':
      return 'mask';
    case 'payload':
      return 'payload';
    default:
      return 'header';
  }
}

/** Every bit before the payload, in wire order. */
export function headerBits(fields: readonly ExplainedField[]): HeaderBit[] {
  const bits: HeaderBit[] = [];
  for (const field of fields) {
    if (field.name === 'payload') continue;
    for (let i = 0; i < field.bits.length; i++) {
      bits.push({ offset: field.bitOffset + i, value: field.bits[i] === '1' ? 1 : 0, field: field.name, label: field.label, indexInField: i });
    }
  }
  return bits;
}

/** The bits eight to a row, one row per byte. */
export function byteRows(bits: readonly HeaderBit[]): HeaderBit[][] {
  const rows: HeaderBit[][] = [];
  for (const bit of bits) (rows[bit.offset >> 3] ??= []).push(bit);
  return rows;
}

/** Each field once, in order, for a legend. */
export function legendOf(bits: readonly HeaderBit[]): { field: FrameFieldName; label: string; tone: FieldTone }[] {
  const seen = new Map<FrameFieldName, string>();
  for (const bit of bits) if (!seen.has(bit.field)) seen.set(bit.field, bit.label);
  return [...seen].map(([field, label]) => ({ field, label, tone: fieldTone(field) }));
}

/** A run of bytes that belong together, for ByteSegments.svelte. */
export interface ByteSegment {
  hex: string;
  tone: FieldTone;
  /** What the bytes are ("masking key"): a tooltip, and the legend's text. */
  label?: string;
  /** Set off in bold (e.g. the part a lesson is about). */
  strong?: boolean;
}
