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
    if (this.failed) return false;
    let needed = this.needed;
    let low = this.low;
    let high = this.high;
    const length = bytes.length;
    for (let i = 0; i < length; i++) {
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

/** Whether `bytes` is, as a whole, valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const validator = new Utf8Validator();
  return validator.push(bytes) && validator.end();
}

// fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM keeps a leading U+FEFF as data.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
