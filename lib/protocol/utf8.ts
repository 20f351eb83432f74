/**
 * UTF-8 of text messages and close reasons: incremental validation, decoding and encoding.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-8.1
 * @see https://www.rfc-editor.org/rfc/rfc3629#section-4 (the UTF8-octets grammar)
 *
 * "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte
 * stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket
 * Connection_." Validation is incremental so a receiver fails fast: the first invalid
 * byte is caught in the chunk that carries it, even mid-frame and across fragments.
 * Bytes that arrive whole are validated and decoded in one pass by the platform's
 * decoder in fatal mode, which applies the same grammar (the tests hold the two to it).
 */

const CONTINUATION_LOW = 0x80;
const CONTINUATION_HIGH = 0xbf;
const ASCII_LIMIT = 0x80;

/**
 * Validates UTF-8 piece by piece. A code point may be split across pushes. Once a push
 * fails, the validator stays failed.
 */
export class Utf8Validator {
  /** Continuation bytes still expected for the current code point. */
  private needed = 0;
  /** Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
  private low = CONTINUATION_LOW;
  private high = CONTINUATION_HIGH;
  private failed = false;

  /** Whether every byte so far can start or continue a valid UTF-8 sequence. */
  get valid(): boolean {
    return !this.failed;
  }

  /** Whether the bytes so far end on a code point boundary. */
  get complete(): boolean {
    return !this.failed && this.needed === 0;
  }

  /** Feeds bytes; returns false as soon as one of them cannot be part of valid UTF-8. */
  push(bytes: Uint8Array): boolean {
    return this.scan(bytes, 0, bytes.length);
  }

  /**
   * Feeds a piece whose whole code points the caller checks another way (the platform's
   * decoder, several times faster than a loop here): only the code point the last piece
   * left open, finished at the start of this one, and a code point this one leaves open at
   * its end are checked here, so that the next piece is read from the right state.
   */
  pushEdges(bytes: Uint8Array): boolean {
    const start = Math.min(this.needed, bytes.length);
    return this.scan(bytes, 0, start) && this.scan(bytes, Math.max(start, lastBoundary(bytes, start)), bytes.length);
  }

  /** Checks bytes[from, to) one by one, carrying an open code point in and out. */
  private scan(bytes: Uint8Array, from: number, to: number): boolean {
    if (this.failed) return false;
    let needed = this.needed;
    let low = this.low;
    let high = this.high;
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      if (needed === 0) {
        if (b < ASCII_LIMIT) continue;
        if (b >= 0xc2 && b <= 0xdf) { needed = 1; low = CONTINUATION_LOW; high = CONTINUATION_HIGH; }
        else if (b === 0xe0) { needed = 2; low = 0xa0; high = CONTINUATION_HIGH; } // no overlong 3-byte forms
        else if (b === 0xed) { needed = 2; low = CONTINUATION_LOW; high = 0x9f; } // no UTF-16 surrogates
        else if (b >= 0xe1 && b <= 0xef) { needed = 2; low = CONTINUATION_LOW; high = CONTINUATION_HIGH; }
        else if (b === 0xf0) { needed = 3; low = 0x90; high = CONTINUATION_HIGH; } // no overlong 4-byte forms
        else if (b >= 0xf1 && b <= 0xf3) { needed = 3; low = CONTINUATION_LOW; high = CONTINUATION_HIGH; }
        else if (b === 0xf4) { needed = 3; low = CONTINUATION_LOW; high = 0x8f; } // nothing above U+10FFFF
        else { this.failed = true; return false; } // 80–C1 as a lead byte, F5–FF never
      } else {
        if (b < low || b > high) { this.failed = true; return false; }
        needed--;
        low = CONTINUATION_LOW;
        high = CONTINUATION_HIGH;
      }
    }
    this.needed = needed;
    this.low = low;
    this.high = high;
    return true;
  }

  /** Ends the stream: false if it stops in the middle of a code point. */
  end(): boolean {
    if (this.needed !== 0) this.failed = true;
    return !this.failed;
  }

  /** Starts over for a new message. */
  reset(): void {
    this.needed = 0;
    this.low = CONTINUATION_LOW;
    this.high = CONTINUATION_HIGH;
    this.failed = false;
  }
}

/**
 * Where the last code point that starts in bytes[from, ...) and ends inside it ends:
 * bytes.length, or the start of a sequence that its lead byte says runs past the end.
 */
function lastBoundary(bytes: Uint8Array, from: number): number {
  const length = bytes.length;
  let lead = length - 1;
  // A sequence is at most four bytes: its lead byte is among the last four.
  while (lead >= from && lead > length - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < from) return length;
  const b = bytes[lead];
  const size = b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf8 ? 4 : 1;
  return lead + size > length ? lead : length;
}

/** Whether `bytes` is, as a whole, valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const validator = new Utf8Validator();
  return validator.push(bytes) && validator.end();
}

/**
 * A decoder that throws on invalid bytes instead of making them U+FFFD (fatal), and keeps a
 * leading U+FEFF as data (ignoreBOM). One that decodes with `stream` keeps the state of a
 * split code point between calls, so each use gets its own.
 */
export function strictUtf8Decoder(): TextDecoder {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
}

const strictDecoder = strictUtf8Decoder();

/** Decodes `bytes` as UTF-8, or returns undefined when they are not valid UTF-8. Never throws. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const encoder = new TextEncoder();
/** Longest text {@link encodeUtf8} copies itself when it is all ASCII. */
const SHORT_TEXT = 64;

/**
 * Encodes `text` as UTF-8, as TextEncoder does (a lone surrogate becomes U+FFFD). Short ASCII
 * text, what most messages are, is copied here: TextEncoder spends about 1 µs a call
 * crossing into the engine, ten times what copying 32 characters takes.
 */
export function encodeUtf8(text: string): Uint8Array {
  const length = text.length;
  if (length > SHORT_TEXT) return encoder.encode(text);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= ASCII_LIMIT) return encoder.encode(text);
    bytes[i] = unit;
  }
  return bytes;
}
