/**
 * The incremental receiver: bytes in, messages and control frames out.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5 (Data Framing)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-6.2 (Receiving Data)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-8.1 (Handling Errors in UTF-8)
 *
 * An explicit state machine (INFO → LENGTH_16 / LENGTH_64 → MASK → DATA), one method per
 * state, reading from a queue of the chunks pushed so far. Any chunking of the same bytes
 * gives the same events. The receiver only reports; failing the connection is the
 * endpoint's job.
 */
import {
  DEFAULT_MAX_MESSAGE_SIZE, FIN_BIT, LENGTH_16_MARKER, LENGTH_64_MARKER, LENGTH_BITS, MASK_BIT, OPCODE_BITS,
  Opcode, isControlOpcode,
} from './constants.ts';
import { decodeClosePayload } from './close.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { readLength64 } from './frame.ts';
import { headerViolations, type HeaderContext } from './header-rules.ts';
import { MASKING_KEY_LENGTH, applyMask, copyBytes } from './mask.ts';

/** What the receiver reports. After an `error` or a `close` it reports nothing more. */
export type ReceiverEvent =
  | { type: 'text'; data: string }
  | { type: 'binary'; data: Uint8Array }
  | { type: 'ping'; data: Uint8Array }
  | { type: 'pong'; data: Uint8Array }
  | { type: 'close'; code?: number; reason: string }
  | { type: 'error'; error: ProtocolError };

/** Options for {@link Receiver}. */
export interface ReceiverOptions {
  /** Which end receives: a server receives masked frames, a client unmasked ones. */
  role: 'server' | 'client';
  /** Largest reassembled message in bytes; beyond it the receiver fails with 1009. Default 16 MiB. */
  maxMessageSize?: number;
}

const enum State {
  Info,
  Length16,
  Length64,
  Mask,
  Data,
  Done,
}

const INFO_BYTES = 2;
const LENGTH_16_BYTES = 2;
const LENGTH_64_BYTES = 8;


/** Parses a byte stream of frames incrementally and enforces RFC 6455's receiving rules. */
export class Receiver {
  readonly role: 'server' | 'client';
  readonly maxMessageSize: number;

  private state: State = State.Info;
  private chunks: Uint8Array[] = [];
  private head = 0;
  private buffered = 0;

  // The frame being read.
  private fin = false;
  private opcode = 0;
  private masked = false;
  private payloadLength = 0;
  private payloadRead = 0;
  private readonly maskingKey = new Uint8Array(MASKING_KEY_LENGTH);
  private controlPieces: Uint8Array[] = [];

  // The message being reassembled (its first frame's opcode, or 0 when none).
  private messageOpcode = 0;
  private messageLength = 0;
  private fragments: Uint8Array[] = [];
  /**
   * Text is validated and decoded piece by piece as it arrives, by a fatal streaming
   * decoder: the WHATWG UTF-8 decoder rejects a byte as soon as no valid sequence can
   * continue with it, which is exactly the fail-fast rule, and it holds a code point
   * split across pieces until the rest arrives. ignoreBOM keeps a leading U+FEFF as data.
   */
  private readonly textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private textParts: string[] = [];

  private events: ReceiverEvent[] = [];
  /** What the header rules need to know beyond the header: the role and the message in progress. */
  private readonly context: HeaderContext;

  constructor(options: ReceiverOptions) {
    this.role = options.role;
    this.context = { role: options.role, messageOpcode: 0 };
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Whether the receiver has stopped (after an error or a close frame). */
  get finished(): boolean {
    return this.state === State.Done;
  }

  /**
   * Feeds the next bytes of the stream; returns the events they complete. The chunk is
   * read, never changed. After an error or a close frame, returns no more events: bytes
   * after a close frame are ignored, as nothing may follow it (§5.5.1).
   */
  push(chunk: Uint8Array): ReceiverEvent[] {
    if (this.finished || chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.events = [];
    let progressed = true;
    while (progressed && !this.finished) {
      switch (this.state) {
        case State.Info: progressed = this.getInfo(); break;
        case State.Length16: progressed = this.getLength16(); break;
        case State.Length64: progressed = this.getLength64(); break;
        case State.Mask: progressed = this.getMask(); break;
        case State.Data: progressed = this.getData(); break;
      }
    }
    if (this.finished) this.chunks = [];
    return this.events;
  }

  private fail(error: ProtocolError): false {
    this.events.push({ type: 'error', error });
    this.state = State.Done;
    this.fragments = [];
    this.textParts = [];
    this.controlPieces = [];
    return false;
  }

  private readByte(): number {
    const chunk = this.chunks[0];
    const byte = chunk[this.head++];
    this.buffered--;
    if (this.head === chunk.length) {
      this.chunks.shift();
      this.head = 0;
    }
    return byte;
  }

  /**
   * Takes up to `max` buffered bytes: a fresh copy, or when `copy` is false and the
   * bytes sit in one chunk, a read-only view of it.
   */
  private take(max: number, copy = true): Uint8Array {
    const n = Math.min(max, this.buffered);
    const first = this.chunks[0];
    if (first.length - this.head >= n) {
      const out = copy ? copyBytes(first, this.head, this.head + n) : first.subarray(this.head, this.head + n);
      this.head += n;
      this.buffered -= n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const count = Math.min(chunk.length - this.head, n - filled);
      out.set(chunk.subarray(this.head, this.head + count), filled);
      filled += count;
      this.head += count;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.buffered -= n;
    return out;
  }

  private getInfo(): boolean {
    if (this.buffered < INFO_BYTES) return false;
    const b0 = this.readByte();
    const b1 = this.readByte();
    // Every rule the two bytes can break, given the role and the message in progress.
    this.context.messageOpcode = this.messageOpcode;
    const error = headerViolations(b0, b1, this.context, 1)[0];
    if (error) return this.fail(error);
    this.fin = (b0 & FIN_BIT) !== 0;
    this.opcode = b0 & OPCODE_BITS;
    this.masked = (b1 & MASK_BIT) !== 0;
    const length7 = b1 & LENGTH_BITS;
    if (length7 === LENGTH_16_MARKER) this.state = State.Length16;
    else if (length7 === LENGTH_64_MARKER) this.state = State.Length64;
    else return this.haveLength(length7);
    return true;
  }

  private getLength16(): boolean {
    if (this.buffered < LENGTH_16_BYTES) return false;
    const length = (this.readByte() << 8) | this.readByte();
    return this.haveLength(length);
  }

  private getLength64(): boolean {
    if (this.buffered < LENGTH_64_BYTES) return false;
    const bytes = this.take(LENGTH_64_BYTES);
    const length = readLength64(bytes, 0);
    if (typeof length !== 'number') return this.fail(length);
    return this.haveLength(length);
  }

  private haveLength(length: number): boolean {
    this.payloadLength = length;
    this.payloadRead = 0;
    if (!isControlOpcode(this.opcode)) {
      // "Implementations SHOULD impose a limit on frame sizes and the total message size after reassembly" (§10.4); known as soon as the header is.
      if (this.messageLength + length > this.maxMessageSize) {
        return this.fail(protocolError('MESSAGE_TOO_BIG', `${this.messageLength + length} bytes, limit ${this.maxMessageSize}`));
      }
      if (this.opcode !== Opcode.Continuation) {
        this.messageOpcode = this.opcode;
        this.messageLength = 0;
      }
    }
    this.state = this.masked ? State.Mask : State.Data;
    return true;
  }

  private getMask(): boolean {
    if (this.buffered < MASKING_KEY_LENGTH) return false;
    for (let i = 0; i < MASKING_KEY_LENGTH; i++) this.maskingKey[i] = this.readByte();
    this.state = State.Data;
    return true;
  }

  private getData(): boolean {
    const remaining = this.payloadLength - this.payloadRead;
    if (remaining > 0) {
      if (this.buffered === 0) return false;
      const text = this.messageOpcode === Opcode.Text && !isControlOpcode(this.opcode);
      // Unmasked text is decoded straight from the caller's chunk; everything else is copied,
      // because unmasking must not touch the caller's bytes and delivered data must be ours.
      const piece = this.take(remaining, this.masked || !text);
      if (this.masked) applyMask(piece, this.maskingKey, this.payloadRead);
      this.payloadRead += piece.length;
      if (isControlOpcode(this.opcode)) {
        this.controlPieces.push(piece);
      } else if (text) {
        this.messageLength += piece.length;
        const last = this.fin && this.payloadRead === this.payloadLength;
        // Decode text as it arrives so an invalid byte fails the connection at once (§8.1).
        try {
          this.textParts.push(this.textDecoder.decode(piece, { stream: !last }));
        } catch {
          return this.fail(protocolError('INVALID_UTF8'));
        }
      } else {
        this.messageLength += piece.length;
        this.fragments.push(piece);
      }
      if (this.payloadRead < this.payloadLength) return false;
    }
    this.state = State.Info;
    return isControlOpcode(this.opcode) ? this.controlFrame() : this.dataFrameDone();
  }

  private dataFrameDone(): boolean {
    if (!this.fin) return true;
    const opcode = this.messageOpcode;
    const length = this.messageLength;
    this.messageOpcode = 0;
    this.messageLength = 0;
    if (opcode === Opcode.Text) {
      if (this.payloadLength === 0) {
        // An empty final frame brings no piece, so the decoder has not been flushed yet.
        try {
          this.textParts.push(this.textDecoder.decode());
        } catch {
          return this.fail(protocolError('INVALID_UTF8'));
        }
      }
      const data = this.textParts.length === 1 ? this.textParts[0] : this.textParts.join('');
      this.textParts = [];
      this.events.push({ type: 'text', data });
    } else {
      const data = concat(this.fragments, length);
      this.fragments = [];
      this.events.push({ type: 'binary', data });
    }
    return true;
  }

  private controlFrame(): boolean {
    const payload = concat(this.controlPieces, this.payloadLength);
    this.controlPieces = [];
    // Control frames "MAY be injected in the middle of a fragmented message" (§5.5) and are delivered at once.
    if (this.opcode === Opcode.Ping) {
      this.events.push({ type: 'ping', data: payload });
    } else if (this.opcode === Opcode.Pong) {
      this.events.push({ type: 'pong', data: payload });
    } else {
      const close = decodeClosePayload(payload);
      if (!close.ok) return this.fail(close.error);
      this.events.push(close.code === undefined ? { type: 'close', reason: '' } : { type: 'close', code: close.code, reason: close.reason });
      this.state = State.Done;
      this.chunks = [];
      return false;
    }
    return true;
  }
}

function concat(pieces: Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  if (pieces.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
