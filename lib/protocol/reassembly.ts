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
   * Allocates the whole payload of a message whose length is known (an unfragmented
   * frame), at most {@link PRESIZE_LIMIT} bytes: later {@link reserve} calls fill it, and
   * {@link take} hands it out without gathering pieces. Returns whether it did.
   */
  presize(total: number): boolean {
    if (total > PRESIZE_LIMIT || this.length > 0) return false;
    this.shared = this.allocate(total);
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
