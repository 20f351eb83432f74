/**
 * The wire log: a tap decoded into a timeline — the handshake request and response, then
 * each frame with its direction, time and explainFrame output, plus cuts and faults.
 * Plain data: a worker can post it to the page and it exports as JSON.
 */
import { decodeClosePayload } from '../protocol/close.ts';
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
    /** The frame's bytes as space-separated hex (the first 64 KiB of a larger frame). */
    hex: string;
    /** Whether `hex` stops short of the whole frame. */
    truncated: boolean;
    opcode: number; opcodeName: string; fin: boolean; masked: boolean; payloadLength: number;
    /** The payload as text (text frames and close reasons), or its first bytes in hex. */
    preview: string;
    /** A Close frame's code (absent when it had none) and reason, or why its payload is invalid. */
    close?: { code?: number; reason: string } | { invalid: string };
    /** A data frame's place in its message; see {@link MessagePart}. */
    message?: MessagePart;
    /** How many chunks the frame arrived in, when more than one (the pipe split it). */
    chunks?: number;
    explanation: FrameExplanation;
  }
  | { kind: 'http'; connection: number; direction: Direction; at: number; offset: number; text: string }
  | { kind: 'unparsed'; connection: number; direction: Direction; at: number; offset: number; hex: string; reason: string }
  | { kind: 'event'; connection: number; at: number; event: string; direction?: Direction; detail: string }
  | Extract<TapRecord, { kind: 'broker' }>;

/** Where a data frame belongs: messages are counted per connection and direction, from 1. */
export interface MessagePart {
  number: number;
  part: number;
  /** Whether this frame ends the message (FIN). */
  last: boolean;
  /** The characters this part completes, for a text message (one may straddle two parts). */
  text?: string;
  /** On the last part: how many parts, the whole payload size and, for text, the whole text (its first 4096 characters). */
  parts?: number;
  size?: number;
  whole?: string;
}

/** A serializable timeline of a lab run. */
export interface WireLog {
  version: 1;
  entries: WireEntry[];
}

/** A message being received in parts on one stream. */
interface OpenMessage {
  number: number;
  parts: number;
  size: number;
  /** For text: decodes the parts as they come. */
  decoder?: TextDecoder;
  text: string;
  /** The whole payload so far, kept only for an {@link WireLogOptions.onMessage} listener (up to its limit). */
  chunks?: Uint8Array[];
}

/** A whole message, as a listener of {@link buildWireLog} gets it. */
export interface WholeMessage {
  connection: number;
  direction: Direction;
  /** Text for a text message, bytes for a binary one; only the first `maxBytes` of a larger message. */
  data: string | Uint8Array;
  /** Whether `data` stops short of the message. */
  cut: boolean;
  /** The index, in the log's entries, of the frame that completed it. */
  entry: number;
}

/** Options for {@link buildWireLog}. */
export interface WireLogOptions {
  /** Called with every whole data message, as its last frame is logged. */
  onMessage?(message: WholeMessage): void;
  /** The most of one message given to `onMessage` (default 1 MiB). */
  maxBytes?: number;
}

/** The most of a reassembled text kept in the log. */
const MAX_LOGGED_TEXT = 4096;

interface Stream {
  buffer: Uint8Array;
  offset: number;
  inHead: boolean;
  messages: number;
  open?: OpenMessage;
  /** Set once the stream turned out to be a plain HTTP refusal: later bytes extend it. */
  http?: Extract<WireEntry, { kind: 'http' }>;
  lastAt: number;
  /** Stream offsets where chunks not yet wholly read began, oldest first: a frame spanning several arrived in pieces. */
  chunkStarts: number[];
}

const PREVIEW_BYTES = 48;
/** A frame longer than this is logged with its header and the first bytes only. */
const MAX_LOGGED_FRAME_BYTES = 64 * 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function append(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decodes tap records into a timeline. The server→client head and the client→server head are each read once. */
export function buildWireLog(records: readonly TapRecord[], options: WireLogOptions = {}): WireLog {
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
      stream = { buffer: new Uint8Array(0), offset: record.offset, inHead: true, lastAt: record.at, messages: 0, chunkStarts: [] };
      streams.set(id, stream);
    }
    const start = stream.offset + stream.buffer.length;
    if (stream.chunkStarts.at(-1) !== start) stream.chunkStarts.push(start);
    stream.buffer = append(stream.buffer, record.bytes);
    stream.lastAt = record.at;
    drain(stream, record.connection, record.direction, record.at, entries, options);
  }
  for (const [id, stream] of streams) {
    if (stream.buffer.length === 0) continue;
    const [connection, direction] = id.split(':') as [string, Direction];
    entries.push({ kind: 'unparsed', connection: Number(connection), direction, at: stream.lastAt, offset: stream.offset, hex: toHex(stream.buffer.subarray(0, PREVIEW_BYTES)), reason: `${stream.buffer.length} bytes that never made a whole frame` });
  }
  return { version: 1, entries };
}

function drain(stream: Stream, connection: number, direction: Direction, at: number, entries: WireEntry[], options: WireLogOptions): void {
  if (stream.http) {
    stream.http.text += new TextDecoder().decode(stream.buffer);
    stream.offset += stream.buffer.length;
    stream.buffer = new Uint8Array(0);
    stream.chunkStarts = [];
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
        stream.chunkStarts = [];
        return;
      }
      chunksOf(stream, end);
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
        stream.chunkStarts = [];
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
    const close = frame.opcode === 0x8 ? closeOf(payload) : undefined;
    const chunks = chunksOf(stream, length);
    const message = frame.opcode < 0x8 ? messagePart(stream, frame.opcode, frame.fin, payload, options, { connection, direction, entry: entries.length }) : undefined;
    entries.push({
      kind: 'frame', connection, direction, at, offset: stream.offset, length,
      hex: toHex(bytes.subarray(0, Math.min(length, MAX_LOGGED_FRAME_BYTES))), truncated: length > MAX_LOGGED_FRAME_BYTES,
      opcode: frame.opcode, opcodeName: OPCODE_NAMES[frame.opcode], fin: frame.fin, masked: frame.maskingKey !== undefined,
      payloadLength: payload.length, preview, ...(close ? { close } : {}), ...(message ? { message } : {}),
      ...(chunks > 1 ? { chunks } : {}), explanation: logged,
    });
    stream.offset += length;
    stream.buffer = stream.buffer.subarray(length);
  }
}

/** How many chunks the `length` bytes at the stream's offset arrived in; the next frame starts where this one ends. */
function chunksOf(stream: Stream, length: number): number {
  const end = stream.offset + length;
  const count = stream.chunkStarts.filter((start) => start < end).length;
  const rest = stream.chunkStarts.filter((start) => start >= end);
  // The chunk holding this frame's last bytes may run on into the next frame: that counts as the next frame's first chunk.
  if (rest[0] !== end) rest.unshift(end);
  stream.chunkStarts = rest;
  return Math.max(1, count);
}

/** What a Close frame's payload says. */
function closeOf(payload: Uint8Array): NonNullable<Extract<WireEntry, { kind: 'frame' }>['close']> {
  const decoded = decodeClosePayload(payload);
  if (!decoded.ok) return { invalid: decoded.error.message };
  return decoded.code === undefined ? { reason: '' } : { code: decoded.code, reason: decoded.reason };
}

/**
 * Places a data frame in its message. A continuation with no message to continue is left
 * unplaced (its violations say why). Text is decoded across parts, so a character split
 * between two frames is shown whole in the part that completes it.
 */
function messagePart(
  stream: Stream, opcode: number, fin: boolean, payload: Uint8Array, options: WireLogOptions,
  at: { connection: number; direction: Direction; entry: number },
): MessagePart | undefined {
  if (opcode !== 0) {
    stream.messages += 1;
    stream.open = {
      number: stream.messages, parts: 0, size: 0, text: '',
      ...(opcode === 0x1 ? { decoder: new TextDecoder() } : {}), ...(options.onMessage ? { chunks: [] } : {}),
    };
  }
  const message = stream.open;
  if (!message) return undefined;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  if (message.chunks && message.size < maxBytes) message.chunks.push(payload.subarray(0, maxBytes - message.size));
  message.parts += 1;
  message.size += payload.length;
  const part: MessagePart = { number: message.number, part: message.parts, last: fin };
  if (message.decoder) {
    part.text = message.decoder.decode(payload, { stream: !fin });
    if (message.text.length < MAX_LOGGED_TEXT) message.text += part.text.slice(0, MAX_LOGGED_TEXT - message.text.length);
  }
  if (fin) {
    part.parts = message.parts;
    part.size = message.size;
    if (message.decoder) part.whole = message.text;
    stream.open = undefined;
    if (message.chunks && options.onMessage) {
      const bytes = concat(message.chunks);
      const cut = message.size > bytes.length;
      options.onMessage({ ...at, data: message.decoder ? new TextDecoder().decode(bytes) : bytes, cut });
    }
  }
  return part;
}
