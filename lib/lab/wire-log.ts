/**
 * The wire log: a tap decoded into a timeline — the handshake request and response, then
 * each frame with its direction, time and explainFrame output, plus cuts and faults.
 * Plain data: a worker can post it to the page and it exports as JSON.
 */
import { explainFrame, toHex, type FrameExplanation } from '../protocol/explain.ts';
import { explainHandshake, type HandshakeExplanation } from '../protocol/explain-handshake.ts';
import { findHeaderEnd } from '../protocol/http.ts';
import { OPCODE_NAMES } from '../protocol/constants.ts';
import type { Direction, TapRecord } from './pipe.ts';

/** One entry of the timeline. */
export type WireEntry =
  | { kind: 'handshake'; connection: number; direction: Direction; at: number; offset: number; text: string; explanation: HandshakeExplanation }
  | {
    kind: 'frame'; connection: number; direction: Direction; at: number; offset: number; length: number;
    /** The frame's bytes as space-separated hex. */
    hex: string;
    opcode: number; opcodeName: string; fin: boolean; masked: boolean; payloadLength: number;
    /** The payload as text (text frames and close reasons), or its first bytes in hex. */
    preview: string;
    explanation: FrameExplanation;
  }
  | { kind: 'http'; connection: number; direction: Direction; at: number; offset: number; text: string }
  | { kind: 'unparsed'; connection: number; direction: Direction; at: number; offset: number; hex: string; reason: string }
  | { kind: 'event'; connection: number; at: number; event: string; direction?: Direction; detail: string }
  | Extract<TapRecord, { kind: 'broker' }>;

/** A serializable timeline of a lab run. */
export interface WireLog {
  version: 1;
  entries: WireEntry[];
}

interface Stream {
  buffer: Uint8Array;
  offset: number;
  inHead: boolean;
  /** Set once the stream turned out to be a plain HTTP refusal: later bytes extend it. */
  http?: Extract<WireEntry, { kind: 'http' }>;
  lastAt: number;
}

const PREVIEW_BYTES = 48;
/** A frame longer than this is logged with its header and the first bytes only. */
const MAX_LOGGED_FRAME_BYTES = 64 * 1024;

function append(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decodes tap records into a timeline. The server→client head and the client→server head are each read once. */
export function buildWireLog(records: readonly TapRecord[]): WireLog {
  const entries: WireEntry[] = [];
  const streams = new Map<string, Stream>();
  for (const record of records) {
    if (record.kind === 'broker') {
      entries.push({ ...record });
      continue;
    }
    if (record.kind === 'event') {
      entries.push({ kind: 'event', connection: record.connection, at: record.at, event: record.event, detail: record.detail, ...(record.direction ? { direction: record.direction } : {}) });
      continue;
    }
    const id = `${record.connection}:${record.direction}`;
    let stream = streams.get(id);
    if (!stream) {
      stream = { buffer: new Uint8Array(0), offset: record.offset, inHead: true, lastAt: record.at };
      streams.set(id, stream);
    }
    stream.buffer = append(stream.buffer, record.bytes);
    stream.lastAt = record.at;
    drain(stream, record.connection, record.direction, record.at, entries);
  }
  for (const [id, stream] of streams) {
    if (stream.buffer.length === 0) continue;
    const [connection, direction] = id.split(':') as [string, Direction];
    entries.push({ kind: 'unparsed', connection: Number(connection), direction, at: stream.lastAt, offset: stream.offset, hex: toHex(stream.buffer.subarray(0, PREVIEW_BYTES)), reason: `${stream.buffer.length} bytes that never made a whole frame` });
  }
  return { version: 1, entries };
}

function drain(stream: Stream, connection: number, direction: Direction, at: number, entries: WireEntry[]): void {
  if (stream.http) {
    stream.http.text += new TextDecoder().decode(stream.buffer);
    stream.offset += stream.buffer.length;
    stream.buffer = new Uint8Array(0);
    return;
  }
  for (;;) {
    if (stream.inHead) {
      const end = findHeaderEnd(stream.buffer);
      if (end < 0) return;
      const text = new TextDecoder().decode(stream.buffer.subarray(0, end));
      const isResponse = text.startsWith('HTTP/');
      const switching = /^HTTP\/\d\.\d 101/.test(text);
      if (!isResponse || switching || direction === 'client→server') {
        entries.push({ kind: 'handshake', connection, direction, at, offset: stream.offset, text, explanation: explainHandshake(text) });
      } else {
        // A refusal: the head, and whatever body follows, is plain HTTP.
        stream.http = { kind: 'http', connection, direction, at, offset: stream.offset, text: text + new TextDecoder().decode(stream.buffer.subarray(end)) };
        entries.push(stream.http);
        stream.offset += stream.buffer.length;
        stream.buffer = new Uint8Array(0);
        return;
      }
      stream.offset += end;
      stream.buffer = stream.buffer.subarray(end);
      stream.inHead = false;
      continue;
    }
    if (stream.buffer.length === 0) return;
    const explanation = explainFrame(stream.buffer, { role: direction === 'client→server' ? 'server' : 'client' });
    if (!explanation.complete || explanation.length === undefined) {
      if (explanation.needed === undefined) {
        entries.push({ kind: 'unparsed', connection, direction, at, offset: stream.offset, hex: toHex(stream.buffer.subarray(0, PREVIEW_BYTES)), reason: explanation.violations.map((v) => v.message).join('; ') || 'unreadable bytes' });
        stream.offset += stream.buffer.length;
        stream.buffer = new Uint8Array(0);
      }
      return;
    }
    const length = explanation.length;
    const frame = explanation.frame!;
    const bytes = stream.buffer.subarray(0, length);
    const payload = frame.payload;
    let preview: string;
    if (explanation.text !== undefined) preview = explanation.text.slice(0, 200);
    else preview = toHex(payload.subarray(0, PREVIEW_BYTES)) + (payload.length > PREVIEW_BYTES ? ' …' : '');
    const logged = length > MAX_LOGGED_FRAME_BYTES ? explainFrame(bytes.subarray(0, Math.min(length, 14 + PREVIEW_BYTES))) : explanation;
    // The decoded frame holds Uint8Arrays; the entry keeps the plain fields and hex instead.
    if (logged !== explanation) logged.violations = explanation.violations;
    delete logged.frame;
    entries.push({
      kind: 'frame', connection, direction, at, offset: stream.offset, length,
      hex: toHex(bytes.subarray(0, Math.min(length, MAX_LOGGED_FRAME_BYTES))) + (length > MAX_LOGGED_FRAME_BYTES ? ' …' : ''),
      opcode: frame.opcode, opcodeName: OPCODE_NAMES[frame.opcode], fin: frame.fin, masked: frame.maskingKey !== undefined,
      payloadLength: payload.length, preview, explanation: logged,
    });
    stream.offset += length;
    stream.buffer = stream.buffer.subarray(length);
  }
}
