/**
 * The incremental receiver: bytes in, messages and control frames out.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5 (Data Framing)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-6.2 (Receiving Data)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-8.1 (Handling Errors in UTF-8)
 *
 * An explicit state machine (INFO → LENGTH_16 / LENGTH_64 → MASK → DATA), one method per
 * state, reading from a queue of the chunks pushed so far. Any chunking of the same bytes
 * gives the same events. The header's rules are checked by headerViolations, UTF-8 by
 * utf8.ts, a message's pieces gathered by Reassembly (text by TextReassembly, which decodes
 * it as it comes). The receiver only reports; failing
 * the connection is the endpoint's job.
 */
import {
  DEFAULT_MAX_MESSAGE_SIZE, FIN_BIT, LENGTH_16_MARKER, LENGTH_64_MARKER, LENGTH_BITS, MASK_BIT, MAX_CONTROL_PAYLOAD,
  OPCODE_BITS, Opcode, isControlOpcode,
} from './constants.ts';
import { decodeClosePayload } from './close.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { readLength64 } from './frame.ts';
import { headerViolations, type HeaderContext } from './header-rules.ts';
import { MASKING_KEY_LENGTH, applyMask, copyBytes, type MaskFunction } from './mask.ts';
import { Reassembly, SHARED_PIECE_LIMIT, TextReassembly } from './reassembly.ts';
import { decodeUtf8 } from './utf8.ts';

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
  /**
   * The caller hands each pushed chunk over and never reads it again (a socket's read
   * buffer): a binary message that arrives whole and takes at least an eighth of its chunk
   * is unmasked in the chunk itself and delivered as a view of it, with no copy; one that
   * goes on into later chunks is gathered in the chunk it starts in when that has room for
   * it, over the bytes already read; text is decoded from where it lies; other pieces are
   * copied, unmasked on the way. Default false: a chunk is only read, never changed, and
   * delivered data is always a copy of its own.
   */
  unmaskInPlace?: boolean;
  /** Unmasks payloads: {@link applyMask} unless the platform has a faster equivalent. */
  mask?: MaskFunction;
  /**
   * Allocates the buffer a message of known length is gathered or copied into; its bytes
   * need not be zeroed (every one is written before the message is delivered). Default
   * `new Uint8Array`.
   */
  allocate?: (size: number) => Uint8Array;
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
const EMPTY = new Uint8Array(0);
/** The largest scratch buffer a receiver keeps for unmasking text it may not change: a socket read's size. */
const SCRATCH_LIMIT = 64 * 1024;
/**
 * A whole message is delivered as a view of the chunk it arrived in when it takes at least
 * this share of the chunk's memory, so a message the handler keeps holds at most eight times
 * its size: an 8 KiB message can hold a 64 KiB read. A copy of its own costs an allocation
 * and its collection, more than half of the server's CPU time for an 8 KiB echo here. (ws
 * keeps any view: one byte can hold a whole read.)
 */
const MESSAGE_VIEW_SHARE = 8;
/**
 * A piece of a fragmented message is kept as a view only when it takes at least half of its
 * chunk: it holds the chunk while the rest of its message arrives, and a message being
 * reassembled holds at most about twice its size.
 */
const PIECE_VIEW_SHARE = 2;

/** Parses a byte stream of frames incrementally and enforces RFC 6455's receiving rules. */
export class Receiver {
  readonly role: 'server' | 'client';
  readonly maxMessageSize: number;
  /** Whether chunks are handed over, to be unmasked in place (see {@link ReceiverOptions.unmaskInPlace}). */
  readonly unmaskInPlace: boolean;
  private readonly unmask: MaskFunction;
  private readonly allocate: (size: number) => Uint8Array;

  private state: State = State.Info;
  private chunks: Uint8Array[] = [];
  private head = 0;
  /**
   * Where, in the first chunk, the bytes handed out as views end (0 when none were): a
   * message delivered or a piece kept may still use the bytes before it, while those from
   * here up to `head` have been read and may be written over.
   */
  private viewsEnd = 0;
  private buffered = 0;

  // The frame being read.
  private fin = false;
  private opcode = 0;
  private masked = false;
  private payloadLength = 0;
  private payloadRead = 0;
  private readonly maskingKey = new Uint8Array(MASKING_KEY_LENGTH);
  /** A 64-bit length's bytes, gathered here (they may come split across chunks). */
  private readonly length64 = new Uint8Array(LENGTH_64_BYTES);
  /** A control frame's payload (at most 125 bytes), gathered here as it arrives. */
  private readonly control = new Uint8Array(MAX_CONTROL_PAYLOAD);

  // The message being reassembled (its first frame's opcode, or 0 when none).
  private messageOpcode = 0;
  private messageLength = 0;
  private readonly message: Reassembly;
  /** Whether the frame being read is gathered into a buffer of its whole size (see {@link Reassembly.presize}). */
  private presized = false;
  /** Text arriving in pieces, checked and decoded piece by piece, so an invalid byte fails the connection in the push that carries it (§8.1). */
  private readonly text = new TextReassembly();
  /** Where a masked text piece is unmasked when the caller's chunk may not be changed; reused. */
  private scratch = EMPTY;

  private events: ReceiverEvent[] = [];
  /** What the header rules need to know beyond the header: the role and the message in progress. */
  private readonly context: HeaderContext;

  constructor(options: ReceiverOptions) {
    this.role = options.role;
    this.context = { role: options.role, messageOpcode: 0 };
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.unmaskInPlace = options.unmaskInPlace ?? false;
    this.unmask = options.mask ?? applyMask;
    this.allocate = options.allocate ?? ((size) => new Uint8Array(size));
    this.message = new Reassembly(this.allocate);
  }

  /** Whether the receiver has stopped (after an error or a close frame). */
  get finished(): boolean {
    return this.state === State.Done;
  }

  /**
   * How many buffers and bytes the message being reassembled holds: they grow with its
   * payload, not with the number of fragments it came in.
   */
  get reassembly(): { bufferCount: number; retainedBytes: number; payloadBytes: number } {
    const { message, text } = this;
    return { bufferCount: message.bufferCount + text.bufferCount, retainedBytes: message.retainedBytes + text.retainedBytes, payloadBytes: message.length + text.length };
  }

  /**
   * Feeds the next bytes of the stream; returns the events they complete. The chunk is
   * read, never changed (unless it was handed over: {@link ReceiverOptions.unmaskInPlace}).
   * After an error or a close frame, returns no more events: bytes after a close frame
   * are ignored, as nothing may follow it (§5.5.1).
   */
  push(chunk: Uint8Array): ReceiverEvent[] {
    if (this.finished) return [];
    this.feed(chunk);
    this.events = [];
    this.parse(Infinity);
    return this.events;
  }

  /**
   * Adds the next bytes of the stream without parsing them: {@link next} does, one event at
   * a time, so a reader that must stop (its queue is full) leaves the rest as bytes, not as
   * thousands of parsed messages. Mixing push and next is fine; the events come in order.
   */
  feed(chunk: Uint8Array): void {
    if (this.finished || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next event the bytes fed so far complete, or undefined until more bytes come (or after an error or a close). */
  next(): ReceiverEvent | undefined {
    // The array a push returned belongs to its caller.
    if (this.events.length !== 0) this.events = [];
    this.parse(1);
    return this.events.pop();
  }

  /** Parses buffered bytes until `max` events are complete, the bytes run out, or the receiver stops. */
  private parse(max: number): void {
    let progressed = true;
    // Each step completes at most one event.
    while (progressed && !this.finished && this.events.length < max) {
      switch (this.state) {
        case State.Info: progressed = this.getInfo(); break;
        case State.Length16: progressed = this.getLength16(); break;
        case State.Length64: progressed = this.getLength64(); break;
        case State.Mask: progressed = this.getMask(); break;
        case State.Data: progressed = this.getData(); break;
      }
    }
    if (this.finished) this.chunks = [];
  }

  private fail(error: ProtocolError): false {
    this.events.push({ type: 'error', error });
    this.stop();
    return false;
  }

  private stop(): void {
    this.state = State.Done;
    this.chunks = [];
    this.message.clear();
    this.text.clear();
  }

  private readByte(): number {
    const chunk = this.chunks[0];
    const byte = chunk[this.head++];
    this.buffered--;
    if (this.head === chunk.length) {
      this.chunks.shift();
      this.head = 0;
      this.viewsEnd = 0;
    }
    return byte;
  }

  /** Takes up to `max` bytes from the first buffered chunk, as a view of it. */
  private takeView(max: number): Uint8Array {
    const chunk = this.chunks[0];
    const end = Math.min(chunk.length, this.head + max);
    const view = chunk.subarray(this.head, end);
    this.buffered -= view.length;
    if (end === chunk.length) {
      this.chunks.shift();
      this.head = 0;
      this.viewsEnd = 0;
    } else {
      this.head = end;
    }
    return view;
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
    for (let i = 0; i < LENGTH_64_BYTES; i++) this.length64[i] = this.readByte();
    const length = readLength64(this.length64, 0);
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
    const control = isControlOpcode(this.opcode);
    while (this.payloadRead < this.payloadLength) {
      if (this.buffered === 0) return false;
      const remaining = this.payloadLength - this.payloadRead;
      if (!control && this.payloadRead === 0 && this.fin && this.opcode !== Opcode.Continuation) {
        // The whole message is in this chunk: deliver it without gathering it first.
        if (this.chunks[0].length - this.head >= remaining) return this.wholeMessage(this.takeView(remaining));
        // Its length is known: gather it straight into one buffer of that size, in its own chunk when there is room (text is decoded as it comes instead).
        if (this.opcode !== Opcode.Text) this.presized = this.message.presize(remaining, this.roomInChunk(remaining));
      }
      const piece = this.takeView(remaining);
      const ok = control ? this.controlPiece(piece) : this.dataPiece(piece);
      if (!ok) return false;
    }
    this.state = State.Info;
    return control ? this.controlFrame() : this.dataFrameDone();
  }

  /** An unfragmented message whose payload sits in one chunk: unmasked once, text decoded straight from it. */
  private wholeMessage(piece: Uint8Array): boolean {
    this.state = State.Info;
    this.messageOpcode = 0;
    this.messageLength = 0;
    if (this.opcode === Opcode.Text) {
      let bytes = piece;
      if (this.masked) {
        // A chunk handed over is unmasked where it lies; otherwise the caller's bytes stay untouched and a copy is unmasked.
        if (!this.unmaskInPlace) bytes = copyBytes(piece);
        this.unmask(bytes, this.maskingKey);
      }
      const data = decodeUtf8(bytes);
      if (data === undefined) return this.fail(protocolError('INVALID_UTF8'));
      this.events.push({ type: 'text', data });
    } else if (this.keepsView(piece, MESSAGE_VIEW_SHARE)) {
      if (this.masked) this.unmask(piece, this.maskingKey);
      this.viewsEnd = this.head;
      this.events.push({ type: 'binary', data: piece });
    } else {
      // A copy of its own, unmasked on the way; the chunk is left as it is.
      const data = this.allocate(piece.length);
      this.copyPiece(piece, data);
      this.events.push({ type: 'binary', data });
    }
    return true;
  }

  /** Part of a data frame, unmasked into the message being reassembled; text is checked and decoded as it arrives. */
  private dataPiece(piece: Uint8Array): boolean {
    if (this.messageOpcode === Opcode.Text) return this.textPiece(piece);
    if (!this.presized && piece.length >= SHARED_PIECE_LIMIT && this.keepsView(piece, PIECE_VIEW_SHARE)) {
      // A large piece of a chunk handed over is unmasked where it lies and kept as it is.
      if (this.masked) this.unmask(piece, this.maskingKey, this.payloadRead);
      this.message.adopt(piece);
      this.viewsEnd = this.head;
    } else {
      // Copied into the message, unmasked on the way.
      this.copyPiece(piece, this.message.reserve(piece.length));
    }
    this.payloadRead += piece.length;
    this.messageLength += piece.length;
    return true;
  }

  /**
   * Part of a text message: unmasked where it lies when the chunk was handed over, else in
   * a scratch buffer a slice at a time (the text keeps no view of it), then checked and
   * decoded at once, so an invalid byte fails the connection in the push that carries it (§8.1).
   */
  private textPiece(piece: Uint8Array): boolean {
    const offset = this.payloadRead;
    this.payloadRead += piece.length;
    this.messageLength += piece.length;
    if (!this.masked || this.unmaskInPlace) {
      if (this.masked) this.unmask(piece, this.maskingKey, offset);
      return this.text.push(piece) || this.fail(protocolError('INVALID_UTF8'));
    }
    const wanted = Math.min(Math.max(piece.length, 1024), SCRATCH_LIMIT);
    if (this.scratch.length < wanted) this.scratch = new Uint8Array(wanted);
    for (let at = 0; at < piece.length; at += this.scratch.length) {
      const bytes = this.unmask(piece.subarray(at, at + this.scratch.length), this.maskingKey, offset + at, this.scratch);
      if (!this.text.push(bytes)) return this.fail(protocolError('INVALID_UTF8'));
    }
    return true;
  }

  /**
   * Room for the `total` payload bytes of an unfragmented binary message that goes on past
   * its chunk, in that chunk: when the chunk was handed over, the bytes read since the last
   * view handed out (headers, payloads copied out) and the rest of the chunk hold the whole
   * payload, and it takes at least an eighth of the chunk, as a view delivered whole must.
   * The payload's first piece moves down over the bytes read, unmasked on the way, and the
   * rest follows it: one pass, as a copy into a buffer of its own would be, with no
   * allocation. A Node socket reads at most 64 KiB at a time, so a 64 KiB message never
   * arrives in one read; gathered in its first read, it costs no buffer (a 64 KiB echo took
   * about a quarter less user CPU time here).
   */
  private roomInChunk(total: number): Uint8Array | undefined {
    if (!this.unmaskInPlace) return undefined;
    const chunk = this.chunks[0];
    if (this.viewsEnd + total > chunk.length) return undefined;
    const room = chunk.subarray(this.viewsEnd, this.viewsEnd + total);
    return this.keepsView(room, MESSAGE_VIEW_SHARE) ? room : undefined;
  }

  /**
   * Whether a view of a handed-over chunk may be kept instead of a copy: only when it takes
   * at least 1/`share` of the memory behind it, so kept data never holds more than `share`
   * times itself.
   */
  private keepsView(view: Uint8Array, share: number): boolean {
    return this.unmaskInPlace && view.length * share >= view.buffer.byteLength;
  }

  private controlPiece(piece: Uint8Array): boolean {
    this.copyPiece(piece, this.control.subarray(this.payloadRead, this.payloadRead + piece.length));
    this.payloadRead += piece.length;
    return true;
  }

  /** Copies a piece of the frame's payload (from payloadRead on) into `target`, unmasked on the way when the frame is masked. */
  private copyPiece(piece: Uint8Array, target: Uint8Array): void {
    if (this.masked) this.unmask(piece, this.maskingKey, this.payloadRead, target);
    else target.set(piece);
  }

  private dataFrameDone(): boolean {
    this.presized = false;
    if (!this.fin) return true;
    const opcode = this.messageOpcode;
    this.messageOpcode = 0;
    this.messageLength = 0;
    if (opcode === Opcode.Text) {
      const text = this.text.end();
      if (text === undefined) return this.fail(protocolError('INVALID_UTF8'));
      this.events.push({ type: 'text', data: text });
    } else {
      const data = this.message.length === 0 ? EMPTY : this.message.take();
      this.events.push({ type: 'binary', data: data === EMPTY ? new Uint8Array(0) : data });
    }
    return true;
  }

  private controlFrame(): boolean {
    const payload = this.control.subarray(0, this.payloadLength);
    // Control frames "MAY be injected in the middle of a fragmented message" (§5.5) and are delivered at once.
    if (this.opcode === Opcode.Ping) {
      this.events.push({ type: 'ping', data: payload.slice() });
    } else if (this.opcode === Opcode.Pong) {
      this.events.push({ type: 'pong', data: payload.slice() });
    } else {
      const close = decodeClosePayload(payload);
      if (!close.ok) return this.fail(close.error);
      this.events.push(close.code === undefined ? { type: 'close', reason: '' } : { type: 'close', code: close.code, reason: close.reason });
      this.stop();
      return false;
    }
    return true;
  }
}
