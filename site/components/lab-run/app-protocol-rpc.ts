/**
 * JSON-RPC 2.0 inside WebSocket messages: what a decoded JSON value says (request,
 * notification, response, error, batch, or an invalid shape, with the rule it breaks),
 * and which message answers which, for JSON-RPC ids and Socket.IO ack ids alike.
 *
 * @see https://www.jsonrpc.org/specification
 */
import type { Direction } from './scenario.ts';

/** What one JSON-RPC message (or one member of a batch) is. Plain data. */
export interface RpcInfo {
  /**
   * The shape the message has: a `method` makes a request (with an `id`) or a
   * notification (without); `result` or `error` makes a response or an error; an array
   * is a batch. `invalid` is left for a message with no recognisable shape.
   */
  kind: 'request' | 'notification' | 'response' | 'error' | 'batch' | 'invalid';
  /** False when the message breaks a MUST of the specification; `problems` says which. */
  valid: boolean;
  /**
   * The id, when the message has a usable one (string, number or null). Absent, not
   * undefined, when there is none: test with `'id' in rpc`. `"1"` and `1` are different ids.
   */
  id?: string | number | null;
  method?: string;
  /** An error's `code`. */
  code?: number;
  /** A batch's members, in order. */
  items?: RpcInfo[];
}

/** The error codes JSON-RPC 2.0 defines (§5.1), with the specification's wording. */
export const JSON_RPC_ERRORS: Readonly<Record<number, { message: string; meaning: string }>> = {
  [-32700]: { message: 'Parse error', meaning: 'Invalid JSON was received by the server.' },
  [-32600]: { message: 'Invalid Request', meaning: 'The JSON sent is not a valid Request object.' },
  [-32601]: { message: 'Method not found', meaning: 'The method does not exist / is not available.' },
  [-32602]: { message: 'Invalid params', meaning: 'Invalid method parameter(s).' },
  [-32603]: { message: 'Internal error', meaning: 'Internal JSON-RPC error.' },
};

/** -32099..-32000 are "Server error", reserved for implementation-defined server errors (§5.1). */
const SERVER_ERROR_MIN = -32099;
const SERVER_ERROR_MAX = -32000;
/** -32768..-32000 are reserved for pre-defined errors (§5.1). */
const RESERVED_MIN = -32768;

/** The specification's name for an error code ("Method not found", "Server error"), if it has one. */
export function jsonRpcErrorName(code: number): string | undefined {
  const known = JSON_RPC_ERRORS[code];
  if (known) return known.message;
  if (code >= SERVER_ERROR_MIN && code <= SERVER_ERROR_MAX) return 'Server error';
  return undefined;
}

/** What {@link classifyJsonRpc} found. */
export interface RpcReading {
  rpc: RpcInfo;
  label: string;
  problems: string[];
  /** Whether some object carried `"jsonrpc": "2.0"`: the connection then speaks JSON-RPC. */
  marked: boolean;
}

/** Batches longer than this are counted, not read member by member. */
const MAX_BATCH_ITEMS = 10_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
const hasMarker = (value: unknown) => isObject(value) && has(value, 'jsonrpc');

/**
 * Reads a parsed JSON value as JSON-RPC 2.0. Without `strict`, only values that say so
 * (an object with a `jsonrpc` member, or an array holding one) are read, and anything
 * else gives undefined; with `strict` (the connection is known to speak JSON-RPC) every
 * value is read, so `[]`, `[1]` or `{"foo": "boo"}` come back as invalid.
 */
export function classifyJsonRpc(value: unknown, strict: boolean): RpcReading | undefined {
  if (!strict && !(hasMarker(value) || (Array.isArray(value) && value.some(hasMarker)))) return undefined;
  if (!Array.isArray(value)) {
    const one = readOne(value);
    return { rpc: one.rpc, label: labelOf(one.rpc, one.shape, value), problems: one.problems, marked: one.marked };
  }
  if (value.length === 0) {
    return {
      rpc: { kind: 'batch', valid: false, items: [] },
      label: 'JSON-RPC invalid batch (empty)',
      problems: ['An empty array is not a batch: the server answers one -32600 Invalid Request (§6).'],
      marked: false,
    };
  }
  const items: RpcInfo[] = [];
  const problems: string[] = [];
  let marked = false;
  let invalid = 0;
  for (let i = 0; i < Math.min(value.length, MAX_BATCH_ITEMS); i++) {
    const one = readOne(value[i]);
    items.push(one.rpc);
    marked ||= one.marked;
    if (!one.rpc.valid) invalid++;
    for (const problem of one.problems) problems.push(`Item ${i + 1}: ${problem}`);
  }
  const asks = items.some((item) => item.kind === 'request' || item.kind === 'notification');
  const answers = items.some((item) => item.kind === 'response' || item.kind === 'error');
  if (asks && answers) problems.push('The batch mixes requests and responses: a batch is an array of one or the other (§6).');
  const rpc: RpcInfo = { kind: 'batch', valid: invalid === 0 && !(asks && answers), items };
  const label = `JSON-RPC batch of ${value.length}${invalid ? ` (${invalid} invalid)` : ''}`;
  if (value.length > MAX_BATCH_ITEMS) problems.push(`Only the first ${MAX_BATCH_ITEMS} members were read.`);
  return { rpc, label, problems, marked };
}

type Shape = 'request' | 'notification' | 'response' | 'error' | undefined;

/** One request or response object, checked against §4 and §5. */
function readOne(value: unknown): { rpc: RpcInfo; shape: Shape; problems: string[]; marked: boolean } {
  if (!isObject(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { rpc: { kind: 'invalid', valid: false }, shape: undefined, problems: [`${what}, not a Request or Response object (§4, §5)`], marked: false };
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  const marked = value.jsonrpc === '2.0';
  if (!has(value, 'jsonrpc')) errors.push('no "jsonrpc" member: it MUST be exactly "2.0" (§4)');
  else if (!marked) errors.push(`"jsonrpc" is ${show(value.jsonrpc)}: it MUST be exactly "2.0" (§4)`);

  const rpc: RpcInfo = { kind: 'invalid', valid: false };
  if (has(value, 'id')) {
    const id = value.id;
    if (typeof id === 'string' || id === null || (typeof id === 'number' && Number.isFinite(id))) {
      rpc.id = id;
      if (typeof id === 'number' && !Number.isInteger(id)) warnings.push('a number id SHOULD NOT have a fractional part (§4)');
    } else {
      errors.push(`the id is ${show(id)}: it MUST be a string, a number or null (§4)`);
    }
  }

  const hasResult = has(value, 'result');
  const hasError = has(value, 'error');
  let shape: Shape;
  if (has(value, 'method')) {
    shape = has(value, 'id') ? 'request' : 'notification';
    if (typeof value.method !== 'string') errors.push(`the method is ${show(value.method)}: it MUST be a string (§4)`);
    else {
      rpc.method = value.method;
      if (value.method.startsWith('rpc.')) warnings.push('method names that begin with "rpc." are reserved for rpc-internal methods and extensions (§4)');
    }
    if (has(value, 'params') && !(Array.isArray(value.params) || isObject(value.params))) {
      errors.push(`params is ${show(value.params)}: it MUST be an array or an object, or be left out (§4.2)`);
    }
    if (hasResult || hasError) errors.push('a request carries a "method", a response "result" or "error", never both (§4, §5)');
    if (shape === 'request' && value.id === null) warnings.push('a null request id is discouraged: responses use null when the id could not be read (§4)');
  } else if (hasResult || hasError) {
    shape = hasError ? 'error' : 'response';
    if (hasResult && hasError) errors.push('both "result" and "error": exactly one of them MUST be included (§5)');
    if (!has(value, 'id')) errors.push('no "id": a response MUST carry the id of the request it answers (§5)');
    else if (value.id === null && !hasError) warnings.push('a null id in a successful response: null is for errors where the request id could not be read (§5)');
    if (hasError) checkError(value.error, rpc, errors, warnings);
  } else {
    errors.push('neither "method" (a request) nor "result" or "error" (a response) (§4, §5)');
  }
  rpc.kind = shape ?? 'invalid';
  rpc.valid = errors.length === 0;
  return { rpc, shape, problems: [...errors, ...warnings], marked };
}

function checkError(error: unknown, rpc: RpcInfo, errors: string[], warnings: string[]): void {
  if (!isObject(error)) {
    errors.push(`"error" is ${show(error)}: it MUST be an object with a code and a message (§5.1)`);
    return;
  }
  if (typeof error.code !== 'number' || !Number.isInteger(error.code)) errors.push(`error.code is ${show(error.code)}: it MUST be an integer (§5.1)`);
  else {
    rpc.code = error.code;
    if (error.code >= RESERVED_MIN && error.code <= SERVER_ERROR_MAX && jsonRpcErrorName(error.code) === undefined) {
      warnings.push(`code ${error.code} is in the range reserved for pre-defined errors (-32768 to -32000) but is not one of them (§5.1)`);
    }
  }
  if (typeof error.message !== 'string') errors.push(`error.message is ${show(error.message)}: it MUST be a string (§5.1)`);
}

function labelOf(rpc: RpcInfo, shape: Shape, value: unknown): string {
  const id = 'id' in rpc ? ` ${idText(rpc.id!)}` : '';
  const method = rpc.method !== undefined ? ` ${cut(rpc.method, 40)}` : '';
  if (!rpc.valid) {
    if (shape === 'request' || shape === 'notification') return `JSON-RPC invalid ${shape}${id}${method}`;
    if (shape) return `JSON-RPC invalid response${id}`;
    return 'JSON-RPC invalid message';
  }
  switch (rpc.kind) {
    case 'request': return `JSON-RPC request${id}${method}`;
    case 'notification': return `JSON-RPC notification${method}`;
    case 'error': {
      // The specification's name for its own codes; the server's message for the others.
      const name = jsonRpcErrorName(rpc.code!) ?? `“${cut(String((value as { error: { message: unknown } }).error.message), 40)}”`;
      return `JSON-RPC error${id} ${rpc.code} ${name}`;
    }
    default: return `JSON-RPC response${id} → ${brief((value as { result: unknown }).result)}`;
  }
}

/** `#7`, `#"7"`, `#null`: string ids are quoted so they never pass for numbers. */
export function idText(id: string | number | null): string {
  return typeof id === 'string' ? `#"${cut(id, 24)}"` : `#${id}`;
}

/** A value in a few characters: `12`, `“ok”`, `{a, b}`, `[3 items]`. */
export function brief(value: unknown): string {
  if (typeof value === 'string') return `“${cut(value, 32)}”`;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (isObject(value)) return keyList(value);
  return String(value);
}

/** `{type, room, text}`, or `{a, b, c, d, e, f, … 14 more}` when the keys run long. */
export function keyList(object: object): string {
  const keys = Object.keys(object);
  const shown: string[] = [];
  let length = 0;
  for (const key of keys) {
    const name = cut(key, 20);
    if (shown.length === 8 || (shown.length > 0 && length + name.length > 40)) break;
    shown.push(name);
    length += name.length + 2;
  }
  const more = keys.length - shown.length;
  return `{${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}}`;
}

/**
 * The first `max` characters, on one line: control characters appear as their pictures
 * (a line feed as ␊, the record separator as ␞), and an ellipsis says when there was more.
 */
export function cut(text: string, max: number): string {
  const shown = (text.length > max ? text.slice(0, max) : text).replace(CONTROL, (c) => CONTROL_PICTURE(c.charCodeAt(0)));
  return text.length > max ? `${shown}…` : shown;
}

const CONTROL = /[\u0000-\u001f\u007f]/g;
/** U+2400 onwards pictures U+0000 to U+001F; U+2421 pictures DEL. */
const CONTROL_PICTURE = (code: number) => String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return `"${cut(value, 24)}"`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

// ---------------------------------------------------------------------------------------
// Linking replies to what they answer

/** One decoded message of a connection, as {@link linkReplies} reads it. */
export interface LinkableMessage {
  /** The caller's index for the message (a row of the inspector, say). */
  index: number;
  direction: Direction;
  decoded: {
    protocol: string;
    rpc?: RpcInfo;
    socketio?: { type: string; nsp: string; id?: number; attachment?: unknown };
  };
}

/** Which message answers which, by the callers' indexes. Plain data. */
export interface ReplyLinks {
  /** For a message holding responses: the messages holding the requests they answer. */
  answers: Record<number, number[]>;
  /** For a message holding requests: the messages that answer them. */
  answeredBy: Record<number, number[]>;
  /** Messages holding a request (with an id) that no later message answers. */
  unanswered: number[];
  /** Messages holding a response whose id matches no open request from the other side. */
  unmatched: number[];
}

const other = (direction: Direction): Direction => (direction === 'client→server' ? 'server→client' : 'client→server');
const idKey = (id: string | number | null) => (typeof id === 'string' ? `s:${id}` : `${id}`);

/**
 * Links each response of one connection to the request it answers.
 *
 * - JSON-RPC: a response answers the oldest open request from the other side with the
 *   same id (same type and value: `"1"` is not `1`). Either side may ask, so ids are kept
 *   per direction. A batch's members are linked one by one; the links name messages.
 * - An error with a null id answers a message the other side could not have its id read
 *   from (not JSON, an invalid request, an empty batch): the oldest such message not yet
 *   answered. On a connection where some message is valid JSON-RPC, plain text and JSON
 *   count as unreadable too.
 * - Socket.IO: an ACK answers the EVENT from the other side with the same ack id and
 *   namespace (binary variants included; attachments are not linked).
 */
export function linkReplies(messages: Iterable<LinkableMessage>): ReplyLinks {
  const list = [...messages];
  const rpcConnection = list.some(({ decoded: { rpc } }) => rpc?.valid || rpc?.items?.some((item) => item.valid));
  const open = new Map<string, number[]>();
  const unreadable: Record<Direction, number[]> = { 'client→server': [], 'server→client': [] };
  const links: ReplyLinks = { answers: {}, answeredBy: {}, unanswered: [], unmatched: [] };
  const unmatched = new Set<number>();
  const link = (request: number, response: number) => {
    addOnce((links.answers[response] ??= []), request);
    addOnce((links.answeredBy[request] ??= []), response);
  };
  const ask = (key: string, index: number) => {
    const queue = open.get(key);
    if (queue) queue.push(index);
    else open.set(key, [index]);
  };
  const take = (key: string) => {
    const queue = open.get(key);
    if (!queue) return undefined;
    const index = queue.shift();
    if (queue.length === 0) open.delete(key);
    return index;
  };

  for (const { index, direction, decoded } of list) {
    const { rpc, socketio } = decoded;
    if (rpc) {
      const units = rpc.kind === 'batch' ? rpc.items ?? [] : [rpc];
      if (units.length === 0) unreadable[direction].push(index);
      for (const unit of units) {
        const hasId = 'id' in unit;
        if (unit.kind === 'response' || unit.kind === 'error') {
          if (!hasId) {
            unmatched.add(index);
            continue;
          }
          const key = `rpc|${other(direction)}|${idKey(unit.id!)}`;
          const nullError = unit.id === null && unit.kind === 'error';
          const request = nullError ? unreadable[other(direction)].shift() ?? take(key) : take(key) ?? (unit.id === null ? unreadable[other(direction)].shift() : undefined);
          if (request === undefined) unmatched.add(index);
          else link(request, index);
        } else if (hasId && unit.kind !== 'notification') {
          ask(`rpc|${direction}|${idKey(unit.id!)}`, index);
        } else if (!unit.valid) {
          unreadable[direction].push(index);
        }
      }
    } else if (rpcConnection && (decoded.protocol === 'text' || decoded.protocol === 'json')) {
      unreadable[direction].push(index);
    }
    if (socketio && socketio.id !== undefined && socketio.attachment === undefined) {
      if (socketio.type === 'EVENT' || socketio.type === 'BINARY_EVENT') ask(`sio|${direction}|${socketio.nsp}|${socketio.id}`, index);
      else if (socketio.type === 'ACK' || socketio.type === 'BINARY_ACK') {
        const request = take(`sio|${other(direction)}|${socketio.nsp}|${socketio.id}`);
        if (request === undefined) unmatched.add(index);
        else link(request, index);
      }
    }
  }
  const waiting = new Set<number>();
  for (const queue of open.values()) for (const index of queue) waiting.add(index);
  links.unanswered = [...waiting].sort((a, b) => a - b);
  links.unmatched = [...unmatched].sort((a, b) => a - b);
  return links;
}

function addOnce(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}
