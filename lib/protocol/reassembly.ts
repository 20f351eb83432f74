/**
 * Message reassembly: the payload of a message gathered piece by piece as its frames
 * arrive, kept apart from frame parsing.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.4 (Fragmentation)
 *
 * "the message's content is the concatenation of the application data of all fragments."
 * However a peer cuts a message (1-byte fragments, 1-byte reads), the memory held stays
 * within a small multiple of the payload: small pieces are copied into a buffer that grows
 * with the message, rather than each kept as an array of its own (whose object alone
 * outweighs a small fragment many times over); large pieces are kept whole.
 */

import { Utf8Validator, strictUtf8Decoder } from './utf8.ts';

/** Pieces from this size on are kept as buffers of their own; smaller ones share one. */
export const SHARED_PIECE_LIMIT = 16 * 1024;
/** The first shared buffer of a message; later ones grow with the message, up to the limit above. */
const FIRST_SHARED_SIZE = 256;
/**
 * Messages up to this size whose length is known in advance (one frame) get their whole
 * buffer at once: one buffer and one copy, however the reads cut them. The bound keeps
 * what a header alone can make a receiver allocate small.
 */
export const PRESIZE_LIMIT = 128 * 1024;

/** The payload of one message being reassembled. */
export class Reassembly {
  /** Payload bytes gathered so far. */
  length = 0;
  /** Finished pieces, in order. */
  private pieces: Uint8Array[] = [];
  /** The shared buffer small pieces are copied into, after the finished pieces. */
  private shared?: Uint8Array;
  private sharedLength = 0;
  /** Whether the shared buffer was sized for the whole message by {@link presize}. */
  private presized = false;

  /**
   * @param allocate Makes the buffer {@link presize} fills; its bytes need not be zeroed,
   *   as every one of them is written before {@link take} hands it out.
   */
  constructor(private readonly allocate: (size: number) => Uint8Array = (size) => new Uint8Array(size)) {}

  /**
   * Sets aside the whole payload of a message whose length is known (an unfragmented
   * frame), at most {@link PRESIZE_LIMIT} bytes: `room` when the caller has it (exactly
   * `total` bytes it may write over), else a buffer from the allocator. Later
   * {@link reserve} calls fill it, and {@link take} hands it out as it is. Returns whether
   * it did.
   */
  presize(total: number, room?: Uint8Array): boolean {
    if (total > PRESIZE_LIMIT || this.length > 0) return false;
    this.shared = room ?? this.allocate(total);
    this.sharedLength = 0;
    this.presized = true;
    return true;
  }

  /**
   * Makes room for the next `n` bytes and returns it, for the caller to fill (copy the
   * bytes in, then unmask them there).
   */
  reserve(n: number): Uint8Array {
    this.length += n;
    if (this.presized && this.sharedLength + n <= this.shared!.length) {
      const region = this.shared!.subarray(this.sharedLength, this.sharedLength + n);
      this.sharedLength += n;
      return region;
    }
    if (n >= SHARED_PIECE_LIMIT) {
      this.seal();
      const piece = new Uint8Array(n);
      this.pieces.push(piece);
      return piece;
    }
    let shared = this.shared;
    const wanted = this.sharedLength + n;
    if (!shared || wanted > shared.length) {
      if (shared && wanted <= SHARED_PIECE_LIMIT) {
        // Doubling keeps the copies made while growing below the size of the message.
        const grown = new Uint8Array(Math.min(SHARED_PIECE_LIMIT, Math.max(wanted, shared.length * 2)));
        grown.set(shared.subarray(0, this.sharedLength));
        shared = grown;
      } else {
        this.seal();
        // As large as the message so far (within bounds), so the number of buffers grows with the log of a small message and linearly, in 16 KiB steps, beyond.
        shared = new Uint8Array(Math.max(n, Math.min(SHARED_PIECE_LIMIT, Math.max(FIRST_SHARED_SIZE, this.length - n))));
      }
      this.shared = shared;
    }
    const region = shared.subarray(this.sharedLength, this.sharedLength + n);
    this.sharedLength += n;
    return region;
  }

  /** Keeps `piece` itself, without a copy: the caller hands it over and will not change it. */
  adopt(piece: Uint8Array): void {
    this.seal();
    this.pieces.push(piece);
    this.length += piece.length;
  }

  /** The whole payload as one buffer, and a fresh start for the next message. */
  take(): Uint8Array {
    if (this.presized && this.sharedLength === this.shared!.length) {
      // Made for this message: its memory is what the allocator or the caller chose for it (a slice of a shared pool, a read).
      const whole = this.shared!;
      this.clear();
      return whole;
    }
    this.seal();
    const { pieces, length } = this;
    this.pieces = [];
    this.length = 0;
    if (pieces.length === 1) {
      const piece = pieces[0];
      // A piece that uses most of its buffer is handed out as it is; otherwise a copy, so the message does not hold memory it does not use.
      return piece.length * 2 >= piece.buffer.byteLength ? piece : new Uint8Array(piece);
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const piece of pieces) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  }

  /** Drops everything gathered. */
  clear(): void {
    this.pieces = [];
    this.shared = undefined;
    this.sharedLength = 0;
    this.presized = false;
    this.length = 0;
  }

  /** How many buffers are held: grows with the payload's size, not with the number of pieces. */
  get bufferCount(): number {
    return this.pieces.length + (this.shared ? 1 : 0);
  }

  /** Bytes of the buffers held (a shared buffer counts whole, used or not). */
  get retainedBytes(): number {
    let total = this.shared?.length ?? 0;
    for (const piece of this.pieces) total += piece.buffer.byteLength;
    return total;
  }

  private seal(): void {
    if (this.sharedLength > 0) this.pieces.push(this.shared!.subarray(0, this.sharedLength));
    this.shared = undefined;
    this.sharedLength = 0;
    this.presized = false;
  }
}

/**
 * Text pieces from this size on are decoded as they arrive; smaller ones are gathered up to
 * it first, so the decoded parts number at most one per this many bytes of the message.
 */
export const TEXT_PART_SIZE = 16 * 1024;

/**
 * The text of one message being reassembled, decoded once as it arrives and checked as it
 * arrives, so that an invalid byte fails the connection in the read that carries it (§8.1).
 * The platform's streaming decoder in fatal mode does both for large pieces, several times
 * faster than gathering the bytes, validating them and decoding them at the end; small
 * pieces are validated by utf8.ts at once and decoded together once they add up.
 */
export class TextReassembly {
  /** Payload bytes received so far. */
  length = 0;
  private parts: string[] = [];
  /** How many UTF-8 bytes the parts were decoded from, and how many UTF-16 code units they hold. */
  private decodedBytes = 0;
  private decodedUnits = 0;
  /** Small pieces not decoded yet, already validated. */
  private pending?: Uint8Array;
  private pendingLength = 0;
  private readonly validator = new Utf8Validator();
  /** Streaming, so a code point split between pieces is carried over; fatal, so invalid bytes throw. */
  private decoder = strictUtf8Decoder();
  /** Whether the decoder may hold part of a code point (to be dropped on clear). */
  private decoding = false;
  private failed = false;

  /** Adds the next (unmasked) piece of the payload; false as soon as the text is not valid UTF-8. The piece may be reused afterwards. */
  push(piece: Uint8Array): boolean {
    if (this.failed) return false;
    this.length += piece.length;
    if (piece.length >= TEXT_PART_SIZE) {
      // The decoder checks the whole code points; the validator only follows the edges, for the small pieces after.
      if (!this.flush() || !this.validator.pushEdges(piece)) return this.fail();
      return this.decode(piece) || this.fail();
    }
    if (!this.validator.push(piece)) return this.fail();
    this.gather(piece);
    return this.pendingLength < TEXT_PART_SIZE || this.flush() || this.fail();
  }

  /** The whole text, or undefined when it is not valid UTF-8 (an unfinished code point at the end included); then a fresh start. */
  end(): string | undefined {
    let text: string | undefined;
    if (!this.failed && this.flush() && this.validator.end()) {
      try {
        const rest = this.decoder.decode();
        this.decoding = false;
        // Concatenated, not joined: the engine links the parts without copying them (join copies them all, about 1 ms a MiB).
        text = '';
        for (const part of this.parts) text += part;
        text += rest;
      } catch {
        text = undefined;
      }
    }
    this.clear();
    return text;
  }

  /** Drops everything gathered. */
  clear(): void {
    this.length = 0;
    this.parts = [];
    this.decodedBytes = 0;
    this.decodedUnits = 0;
    this.pending = undefined;
    this.pendingLength = 0;
    this.validator.reset();
    this.failed = false;
    if (this.decoding) {
      this.decoder = strictUtf8Decoder();
      this.decoding = false;
    }
  }

  /** Decoded parts and the buffer of small pieces: grows with the payload's size, not with the number of pieces. */
  get bufferCount(): number {
    return this.parts.length + (this.pending ? 1 : 0);
  }

  /**
   * Bytes held: the buffer of small pieces, whole, and the parts. Parts as many code units as
   * UTF-8 bytes are all ASCII, one byte a character in memory; otherwise they count two bytes
   * for each UTF-8 byte, what two-byte strings take at most (a character outside ASCII is
   * two to four UTF-8 bytes and one or two code units).
   */
  get retainedBytes(): number {
    const parts = this.decodedUnits === this.decodedBytes ? this.decodedBytes : 2 * this.decodedBytes;
    return (this.pending?.length ?? 0) + parts;
  }

  private decode(bytes: Uint8Array): boolean {
    // Set first: a decoder that throws may hold part of a code point.
    this.decoding = true;
    try {
      const part = this.decoder.decode(bytes, { stream: true });
      this.parts.push(part);
      this.decodedBytes += bytes.length;
      this.decodedUnits += part.length;
      return true;
    } catch {
      return false;
    }
  }

  /** Decodes the small pieces gathered so far, as one part. */
  private flush(): boolean {
    if (this.pendingLength === 0) return true;
    const ok = this.decode(this.pending!.subarray(0, this.pendingLength));
    this.pendingLength = 0;
    return ok;
  }

  private gather(piece: Uint8Array): void {
    const wanted = this.pendingLength + piece.length;
    if (!this.pending || wanted > this.pending.length) {
      // Doubling keeps the copies made while growing below the bytes gathered.
      const grown = new Uint8Array(Math.min(TEXT_PART_SIZE * 2, Math.max(wanted, 256, (this.pending?.length ?? 0) * 2)));
      if (this.pending) grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(piece, this.pendingLength);
    this.pendingLength = wanted;
  }

  private fail(): false {
    this.failed = true;
    return false;
  }
}
