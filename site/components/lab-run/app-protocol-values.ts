/**
 * The values inside messages: JSON parsed only when it can be JSON, MessagePack read by a
 * rule that random bytes seldom pass, one-line descriptions, and trees — decoded values
 * turned into bounded, JSON-safe plain data that can cross from a worker to the page.
 *
 * @see https://github.com/msgpack/msgpack/blob/master/spec.md
 */
import { Decoder as MsgpackDecoder, ExtData } from '@msgpack/msgpack';
import { brief, keyList } from './app-protocol-rpc.ts';

/** JSON.parse, tried only on text that can be JSON (an exception costs more than a look). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = /\S/.exec(text)?.[0] ?? '';
  if (!'{["-0123456789tfn'.includes(first) || first === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** "object {a, b}", "array of 3", "string “hi”", "number 42", "true". */
export function describe(value: unknown, objectName: string): string {
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (isRecord(value)) return `${objectName} ${keyList(value)}`;
  if (typeof value === 'string') return `string ${brief(value)}`;
  if (typeof value === 'number') return `number ${brief(value)}`;
  return brief(value);
}

/** Bytes a fixed-size MessagePack type takes after its type byte: the number, or an extension's type and data. */
const MSGPACK_FIXED: Record<number, number> = {
  0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8,
  // fixext 1, 2, 4, 8 and 16: a type byte and the data.
  0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17,
};
/** Width of the length (bin, ext, str) or count (array, map) after a type byte. */
const MSGPACK_SIZED: Record<number, number> = { 0xc4: 1, 0xc5: 2, 0xc6: 4, 0xc7: 1, 0xc8: 2, 0xc9: 4, 0xd9: 1, 0xda: 2, 0xdb: 4, 0xdc: 2, 0xdd: 4, 0xde: 2, 0xdf: 4 };

/**
 * Whether `bytes` are exactly one complete MessagePack value, by the format's framing alone:
 * every type byte known (0xc1 never is), every length and count within the bytes there are,
 * nothing after the value. Nothing is decoded or allocated, so random bytes — which a decoder
 * rejects by throwing, often after allocating an array for a count it read — cost a scan.
 */
export function isOneMsgpackValue(bytes: Uint8Array): boolean {
  const end = bytes.length;
  let at = 0;
  /** Values still to read; each takes at least one byte. */
  let pending = 1;
  const uint = (width: number): number => {
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + bytes[at + i];
    at += width;
    return value;
  };
  while (pending > 0) {
    if (at >= end) return false;
    const type = bytes[at++];
    pending -= 1;
    if (type <= 0x7f || type >= 0xe0) continue; // fixint
    if (type <= 0x8f) pending += 2 * (type & 0x0f); // fixmap: a key and a value per entry
    else if (type <= 0x9f) pending += type & 0x0f; // fixarray
    else if (type <= 0xbf) at += type & 0x1f; // fixstr
    else if (type === 0xc0 || type === 0xc2 || type === 0xc3) continue; // nil, false, true
    else if (type in MSGPACK_FIXED) at += MSGPACK_FIXED[type];
    else if (type in MSGPACK_SIZED) {
      const width = MSGPACK_SIZED[type];
      if (at + width > end) return false;
      const size = uint(width);
      if (type >= 0xdc) pending += type >= 0xde ? 2 * size : size; // array 16/32, map 16/32
      else at += size + (type >= 0xc7 && type <= 0xc9 ? 1 : 0); // bin, str; ext has a type byte too
    } else return false; // 0xc1
    if (at > end || pending > end - at) return false;
  }
  return at === end;
}

/** What a reader from {@link createMsgpackReader} found. */
export type MsgpackReading = { kind: 'structured'; value: unknown } | { kind: 'other'; note: string } | { kind: 'none' };

/**
 * A MessagePack reader with a rule strict enough that random bytes seldom pass: the whole
 * message is exactly one value (the decoder rejects trailing bytes); that value is a
 * non-empty map or array; map keys are strings; every string is well-formed UTF-8 without
 * control characters; no extension appears other than the timestamp; and somewhere there
 * is a string or key that is not blank, or a non-empty binary value (random bytes often read as a short array of
 * small numbers). Bytes that read but fail the rule come back as `other`, with a note.
 */
export function createMsgpackReader(maxLength: number): (bytes: Uint8Array) => MsgpackReading {
  const text = new TextDecoder();
  let numberKeys = false;
  const options = {
    // No count can exceed the bytes there are: fail fast on random headers.
    maxStrLength: maxLength, maxBinLength: maxLength, maxArrayLength: maxLength, maxMapLength: maxLength, maxExtLength: maxLength,
    // Keys through TextDecoder, so broken UTF-8 shows as U+FFFD instead of passing for text.
    keyDecoder: { canBeCached: () => true, decode: (bytes: Uint8Array, offset: number, length: number) => text.decode(bytes.subarray(offset, offset + length)) },
    // Note number keys instead of refusing them, so the note can say why the bytes were set aside.
    mapKeyConverter: (key: unknown) => {
      if (typeof key === 'string') return key;
      if (typeof key !== 'number') throw new TypeError(`a map key is a ${typeof key}`);
      numberKeys = true;
      return key;
    },
  };
  const decoder = new MsgpackDecoder(options);
  // The same bytes with strings left as bytes, to check their UTF-8 (the decoder does not).
  const raw = new MsgpackDecoder({ ...options, rawStrings: true });
  return (bytes) => {
    // The framing first: what is not one whole value would only make the decoder throw.
    if (!isOneMsgpackValue(bytes)) return { kind: 'none' };
    let value: unknown;
    numberKeys = false;
    try {
      value = decoder.decode(bytes);
    } catch {
      return { kind: 'none' };
    }
    const structured = Array.isArray(value) || isRecord(value);
    if (!structured || (Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0)) {
      return { kind: 'other', note: `Reads as one MessagePack value (${loneValue(value)}), but a lone or empty value says too little to call it MessagePack.` };
    }
    const flaw = numberKeys ? 'its maps have number keys' : implausible(value, raw.decode(bytes), text);
    if (flaw) return { kind: 'other', note: `Reads as MessagePack, but ${flaw}: more likely other bytes.` };
    return { kind: 'structured', value };
  };
}

/** "string “hi”", "bin of 4 bytes", "an empty map": a MessagePack value that is not a structure. */
function loneValue(value: unknown): string {
  if (value instanceof Uint8Array) return `bin of ${value.length} bytes`;
  if (value instanceof Date) return 'a timestamp';
  if (value instanceof ExtData) return `extension type ${value.type}`;
  if (Array.isArray(value)) return 'an empty array';
  if (value === null) return 'nil';
  return typeof value === 'object' ? 'an empty map' : describe(value, 'map');
}

/** Broken text: C0 controls other than tab, LF, CR; DEL and C1 controls; U+FFFD; unpaired surrogates. */
const BROKEN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a decoded MessagePack value does not look like something a program encoded, if it
 * does not. `rawRoot` is the same value decoded with strings as bytes: where `root` has a
 * string, `rawRoot` has its UTF-8.
 */
function implausible(root: unknown, rawRoot: unknown, text: TextDecoder): string | undefined {
  const stack: [unknown, unknown][] = [[root, rawRoot]];
  let evidence = false;
  while (stack.length) {
    const [value, raw] = stack.pop()!;
    if (typeof value === 'string') {
      if (BROKEN_TEXT.test(raw instanceof Uint8Array ? text.decode(raw) : value)) return 'a string holds control characters or broken UTF-8';
      evidence ||= /\S/.test(value);
    } else if (value instanceof Uint8Array) {
      evidence ||= value.length > 0;
    } else if (value instanceof ExtData) {
      return `it holds extension type ${value.type}, which no common encoder writes`;
    } else if (value instanceof Date) {
      evidence = true;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push([value[i], (raw as unknown[])[i]]);
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        if (BROKEN_TEXT.test(key)) return 'a map key holds control characters or broken UTF-8';
        evidence ||= /\S/.test(key);
        stack.push([value[key], (raw as Record<string, unknown>)[key]]);
      }
    }
  }
  return evidence ? undefined : 'it holds only numbers, booleans and nil, as random bytes often do';
}

/** A plain object: what JSON.parse and MessagePack make of a map. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// ---------------------------------------------------------------------------------------
// Trees

interface TreeBudget { maxDepth: number; maxNodes: number; nodes: number; cut?: 'depth' | 'nodes' }

/** `value` as JSON-safe data within the limits; parsed JSON that already fits is used as is. */
export function toTree(value: unknown, limits: { maxDepth: number; maxNodes: number }, notes: string[]): unknown {
  if (fitsAsIs(value, 0, limits.maxNodes, limits.maxDepth) >= 0) return value;
  const budget: TreeBudget = { maxDepth: limits.maxDepth, maxNodes: limits.maxNodes, nodes: 0 };
  const tree = convert(value, 0, budget);
  if (budget.cut === 'depth') notes.push(`The tree is cut short: values nested more than ${limits.maxDepth} deep are left out.`);
  if (budget.cut === 'nodes') notes.push(`The tree is cut short: only its first ${limits.maxNodes.toLocaleString('en')} values are shown.`);
  return tree;
}

/**
 * Whether `value` is plain JSON data (finite numbers, plain objects) within the limits:
 * the values still allowed after it, or -1. Called for every message, so kept lean.
 */
function fitsAsIs(value: unknown, depth: number, left: number, maxDepth: number): number {
  if (--left < 0) return -1;
  switch (typeof value) {
    case 'number': return Number.isFinite(value) ? left : -1;
    case 'string':
    case 'boolean': return left;
    case 'object': break;
    default: return -1;
  }
  if (value === null) return left;
  if (depth >= maxDepth) return -1;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && left >= 0; i++) left = fitsAsIs(value[i], depth + 1, left, maxDepth);
    return left;
  }
  if (!isRecord(value)) return -1;
  for (const key in value) {
    left = fitsAsIs(value[key], depth + 1, left, maxDepth);
    if (left < 0) return -1;
  }
  return left;
}

function convert(value: unknown, depth: number, budget: TreeBudget): unknown {
  budget.nodes++;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof ArrayBuffer) return bytesTree(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return bytesTree(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Date) return { $timestamp: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
  if (value instanceof ExtData) return { $ext: value.type, ...bytesTree(typeof value.data === 'function' ? value.data(0) : value.data) };
  if (typeof value !== 'object') return null;
  const size = Array.isArray(value) ? `array of ${value.length}` : `object of ${Object.keys(value).length} keys`;
  if (depth >= budget.maxDepth) {
    budget.cut ??= 'depth';
    return { $truncated: size };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (budget.nodes >= budget.maxNodes) {
        budget.cut ??= 'nodes';
        out.push({ $truncated: `${value.length - i} more items` });
        break;
      }
      out.push(convert(value[i], depth + 1, budget));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (budget.nodes >= budget.maxNodes) {
      budget.cut ??= 'nodes';
      setKey(out, '$truncated', `${keys.length - i} more keys`);
      break;
    }
    setKey(out, keys[i], convert((value as Record<string, unknown>)[keys[i]], depth + 1, budget));
  }
  return out;
}

/** Assigns even the key `__proto__` as data, never as the object's prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** A `$bytes` value gives at most this many bytes; the inspector's hex view has them all. */
const TREE_BYTES = 256;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function bytesTree(bytes: Uint8Array): { $bytes: string; length?: number } {
  let hex = '';
  for (let i = 0; i < Math.min(bytes.length, TREE_BYTES); i++) hex += HEX[bytes[i]];
  return bytes.length > TREE_BYTES ? { $bytes: hex, length: bytes.length } : { $bytes: hex };
}
