/**
 * The model behind the transport calculator of lesson 1 ("Why WebSocket"): for one
 * client and one hour, how many bytes short polling, long polling, Server-Sent Events
 * and WebSocket put on the wire, and how long a message takes to arrive on average.
 *
 * The per-message framing is real: WebSocket frame headers come from lib's
 * `encodeHeader`, and an SSE event is counted byte for byte as `data: …\n\n` inside an
 * HTTP/1.1 chunk. HTTP headers are the learner's estimate, because they depend on
 * cookies, auth and proxies far more than on the technique.
 *
 * Pure functions over plain numbers, so the Svelte island only renders what this returns.
 */
import { Opcode, encodeHeader } from '../../../lib/index.ts';
import type { Direction } from '../../../lib/lab/index.ts';
import { RFC_MASKING_KEY } from '../../util/rfc-examples.ts';

/** What the learner sets. */
export interface TransportInputs {
  /** Messages per minute in the chosen direction. */
  messagesPerMinute: number;
  /** Application payload of one message, in bytes (UTF-8 text). */
  messageBytes: number;
  /** Header bytes of one HTTP exchange: a request's headers plus its response's. */
  httpHeaderBytes: number;
  /** Network round-trip time between client and server, in milliseconds. */
  rttMs: number;
  /** How often the short-polling client asks, in seconds. */
  pollIntervalSeconds: number;
  /** Which way the messages travel. */
  direction: Direction;
}

/** The numeric inputs, by name. */
export type NumericInput = Exclude<keyof TransportInputs, 'direction'>;

/** Bounds and step of one numeric input, for validation and for the form controls. */
export interface InputLimit {
  min: number;
  max: number;
  step: number;
}

/** Bounds of every numeric input. Wide enough to explore, narrow enough to stay meaningful. */
export const INPUT_LIMITS: Readonly<Record<NumericInput, InputLimit>> = {
  messagesPerMinute: { min: 0, max: 6000, step: 0.1 },
  messageBytes: { min: 0, max: 1_000_000, step: 1 },
  httpHeaderBytes: { min: 0, max: 16_384, step: 1 },
  rttMs: { min: 1, max: 5000, step: 1 },
  pollIntervalSeconds: { min: 0.1, max: 600, step: 0.1 },
};

/** A small chat: a message every ten seconds, a 100-byte JSON object, ordinary headers. */
export const DEFAULT_INPUTS: Readonly<TransportInputs> = {
  messagesPerMinute: 6,
  messageBytes: 100,
  httpHeaderBytes: 800,
  rttMs: 100,
  pollIntervalSeconds: 5,
  direction: 'server→client',
};

/** Ready-made scenarios the learner can start from. */
export const PRESETS: readonly { id: string; label: string; inputs: TransportInputs }[] = [
  { id: 'chat', label: 'Chat room', inputs: { ...DEFAULT_INPUTS } },
  {
    id: 'ticker',
    label: 'Price ticker',
    inputs: { messagesPerMinute: 600, messageBytes: 40, httpHeaderBytes: 800, rttMs: 80, pollIntervalSeconds: 1, direction: 'server→client' },
  },
  {
    id: 'notifications',
    label: 'Rare notifications',
    inputs: { messagesPerMinute: 0.2, messageBytes: 300, httpHeaderBytes: 1500, rttMs: 120, pollIntervalSeconds: 30, direction: 'server→client' },
  },
  {
    id: 'game-input',
    label: 'Game input (client sends)',
    inputs: { messagesPerMinute: 1200, messageBytes: 20, httpHeaderBytes: 800, rttMs: 40, pollIntervalSeconds: 1, direction: 'client→server' },
  },
];

/**
 * How long a long-polling server holds a request before answering it empty. Servers
 * pick a value under the idle timeouts of common proxies (often 60 s).
 */
export const LONG_POLL_HOLD_SECONDS = 30;

/** Four arbitrary bytes standing in for a client's masking key: only its length matters here. */
const SAMPLE_MASKING_KEY = Uint8Array.from(RFC_MASKING_KEY);

/**
 * Header bytes of one WebSocket text frame carrying `payloadBytes` bytes, as lib encodes
 * it: 2 bytes, plus 2 or 8 for a long length, plus 4 for a client's masking key.
 * @see RFC 6455 §5.2
 */
export function websocketFrameHeaderBytes(payloadBytes: number, masked: boolean): number {
  return encodeHeader({
    fin: true,
    opcode: Opcode.Text,
    payloadLength: payloadBytes,
    maskingKey: masked ? SAMPLE_MASKING_KEY : undefined,
  }).length;
}

/**
 * Bytes one Server-Sent Event takes on an HTTP/1.1 stream: the event `data: <payload>\n\n`
 * (a single-line payload), sent as one chunk of the chunked transfer coding,
 * `<size in hex>\r\n<event>\r\n`.
 */
export function sseEventBytes(payloadBytes: number): number {
  const event = 'data: '.length + payloadBytes + '\n\n'.length;
  return event.toString(16).length + 2 + event + 2;
}

/** The techniques, in the order the lesson introduces them. */
export type TransportId = 'short-polling' | 'long-polling' | 'sse' | 'websocket';

/** Display names of the techniques. */
export const TRANSPORT_NAMES: Readonly<Record<TransportId, string>> = {
  'short-polling': 'Short polling',
  'long-polling': 'Long polling',
  sse: 'Server-Sent Events',
  websocket: 'WebSocket',
};

/** Short names, for narrow tables. */
export const TRANSPORT_SHORT_NAMES: Readonly<Record<TransportId, string>> = {
  'short-polling': 'Short poll',
  'long-polling': 'Long poll',
  sse: 'SSE',
  websocket: 'WebSocket',
};

/** One technique's numbers for an hour of traffic. */
export interface TransportResult {
  id: TransportId;
  name: string;
  shortName: string;
  /** Everything counted: HTTP headers, framing and payload. */
  bytesPerHour: number;
  /** The application's own bytes: messages × message size. The same for every technique. */
  payloadBytesPerHour: number;
  /** `bytesPerHour − payloadBytesPerHour`: what the technique costs on top of the data. */
  overheadBytesPerHour: number;
  /** Overhead divided by messages; `null` when no message is sent. */
  overheadBytesPerMessage: number | null;
  /** HTTP requests the technique makes in the hour (the WebSocket upgrade counts as one). */
  httpRequestsPerHour: number;
  /** Responses that carry no message: empty polls, or long polls that time out. */
  emptyResponsesPerHour: number;
  /** Mean time from "the message exists" to "it has arrived"; `null` when no message is sent. */
  averageLatencyMs: number | null;
  /** One short sentence on where this technique's bytes go. */
  note: string;
}

/** Clamps one input into its limits; anything that is not a finite number falls back to the default. */
function clampInput(name: NumericInput, value: unknown): number {
  const { min, max } = INPUT_LIMITS[name];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return DEFAULT_INPUTS[name];
  return Math.min(max, Math.max(min, n));
}

/**
 * Makes any partial or out-of-range input usable: numbers are clamped to
 * {@link INPUT_LIMITS}, missing or non-numeric ones take {@link DEFAULT_INPUTS}, and the
 * message size is a whole number of bytes.
 */
export function normalizeInputs(raw: Partial<Record<keyof TransportInputs, unknown>>): TransportInputs {
  return {
    messagesPerMinute: clampInput('messagesPerMinute', raw.messagesPerMinute),
    messageBytes: Math.round(clampInput('messageBytes', raw.messageBytes)),
    httpHeaderBytes: Math.round(clampInput('httpHeaderBytes', raw.httpHeaderBytes)),
    rttMs: clampInput('rttMs', raw.rttMs),
    pollIntervalSeconds: clampInput('pollIntervalSeconds', raw.pollIntervalSeconds),
    direction: raw.direction === 'client→server' ? 'client→server' : 'server→client',
  };
}

const SECONDS_PER_HOUR = 3600;

function result(
  id: TransportId,
  messagesPerHour: number,
  payloadBytesPerHour: number,
  bytesPerHour: number,
  httpRequestsPerHour: number,
  emptyResponsesPerHour: number,
  averageLatencyMs: number | null,
  note: string,
): TransportResult {
  const overheadBytesPerHour = bytesPerHour - payloadBytesPerHour;
  return {
    id,
    name: TRANSPORT_NAMES[id],
    shortName: TRANSPORT_SHORT_NAMES[id],
    bytesPerHour,
    payloadBytesPerHour,
    overheadBytesPerHour,
    overheadBytesPerMessage: messagesPerHour > 0 ? overheadBytesPerHour / messagesPerHour : null,
    httpRequestsPerHour,
    emptyResponsesPerHour,
    averageLatencyMs,
    note,
  };
}

/**
 * The long-polling cycle, seen from the server: a request arrives; if messages are
 * already waiting it is answered at once, otherwise the server holds it until the first
 * message or the hold time. Then one round trip passes before the next request arrives
 * (the answer travels to the client, the new request travels back). Messages arrive at
 * random (a Poisson process), so the expected cycle length follows in closed form.
 */
function longPollCycle(ratePerSecond: number, rttSeconds: number) {
  const hold = LONG_POLL_HOLD_SECONDS;
  // Chance that no message arrived during the round trip the server spent without a request.
  const nonePending = Math.exp(-ratePerSecond * rttSeconds);
  // Expected wait for the first message, capped by the hold time: E[min(Exp(λ), hold)].
  const expectedHold = ratePerSecond > 0 ? (1 - Math.exp(-ratePerSecond * hold)) / ratePerSecond : hold;
  const cycleSeconds = rttSeconds + nonePending * expectedHold;
  const timeoutShare = nonePending * Math.exp(-ratePerSecond * hold);
  return { cycleSeconds, timeoutShare };
}

/**
 * Bytes per hour and average latency of each technique, in lesson order. See
 * {@link ASSUMPTIONS} for what the model counts and what it leaves out.
 */
export function computeTransports(inputs: TransportInputs): TransportResult[] {
  const { messagesPerMinute, messageBytes, httpHeaderBytes, rttMs, pollIntervalSeconds, direction } = normalizeInputs(inputs);
  const messagesPerHour = messagesPerMinute * 60;
  const payload = messagesPerHour * messageBytes;
  const oneWayMs = rttMs / 2;
  const latency = (ms: number) => (messagesPerHour > 0 ? ms : null);
  const wsFrame = websocketFrameHeaderBytes(messageBytes, direction === 'client→server');
  const websocket = result(
    'websocket',
    messagesPerHour,
    payload,
    httpHeaderBytes + messagesPerHour * (wsFrame + messageBytes),
    1,
    0,
    latency(oneWayMs),
    direction === 'client→server'
      ? `One upgrade, then a ${wsFrame}-byte frame header per message (client frames carry a 4-byte masking key).`
      : `One upgrade, then a ${wsFrame}-byte frame header per message.`,
  );

  if (direction === 'client→server') {
    // Sending needs no polling: every HTTP technique sends a message as one POST request.
    const perPost = (id: TransportId, note: string) =>
      result(id, messagesPerHour, payload, messagesPerHour * (httpHeaderBytes + messageBytes), messagesPerHour, 0, latency(oneWayMs), note);
    return [
      perPost('short-polling', 'Polling only helps receiving; each message sent is its own POST with full headers.'),
      perPost('long-polling', 'Same as short polling for sending: one POST per message.'),
      perPost('sse', 'The event stream runs from server to client only, so each message sent is a separate POST.'),
      websocket,
    ];
  }

  const ratePerSecond = messagesPerMinute / 60;
  const rttSeconds = rttMs / 1000;

  const pollsPerHour = SECONDS_PER_HOUR / pollIntervalSeconds;
  const emptyPolls = pollsPerHour * Math.exp(-ratePerSecond * pollIntervalSeconds);
  const shortPolling = result(
    'short-polling',
    messagesPerHour,
    payload,
    pollsPerHour * httpHeaderBytes + payload,
    pollsPerHour,
    emptyPolls,
    // A message waits half an interval on average for the next poll, then travels one way.
    latency((pollIntervalSeconds * 1000) / 2 + oneWayMs),
    'A full request and response every interval, whether or not there is news.',
  );

  const { cycleSeconds, timeoutShare } = longPollCycle(ratePerSecond, rttSeconds);
  const cyclesPerHour = SECONDS_PER_HOUR / cycleSeconds;
  // A message that lands while no request is waiting (the gap of one round trip per
  // cycle) waits on average half that gap; the share of such messages is gap / cycle.
  const longPolling = result(
    'long-polling',
    messagesPerHour,
    payload,
    cyclesPerHour * httpHeaderBytes + payload,
    cyclesPerHour,
    cyclesPerHour * timeoutShare,
    latency(oneWayMs + (rttSeconds / cycleSeconds) * oneWayMs),
    `A full request and response per delivery, plus an empty answer after ${LONG_POLL_HOLD_SECONDS} s of silence.`,
  );

  const sseEvent = sseEventBytes(messageBytes);
  const sse = result(
    'sse',
    messagesPerHour,
    payload,
    httpHeaderBytes + messagesPerHour * sseEvent,
    1,
    0,
    latency(oneWayMs),
    `One request, then ${sseEvent - messageBytes} bytes of event and chunk framing per message.`,
  );

  return [shortPolling, longPolling, sse, websocket];
}

/** What the model counts and what it leaves out, shown beside the results. */
export const ASSUMPTIONS: readonly string[] = [
  'One client, one hour, messages at random moments (on average the rate you set).',
  'Bytes are HTTP headers, framing and payload. TCP/IP packet headers, TLS records and the TCP and TLS handshakes are left out: they are much the same for every technique.',
  'Every HTTP exchange costs the header bytes you set, on a kept-alive HTTP/1.1 connection. The WebSocket upgrade and the opening of the SSE stream count as one exchange each.',
  'WebSocket frame headers are encoded by the lab’s protocol library: 2 bytes up to 125 bytes of payload, 4 up to 65,535, 10 beyond, plus a 4-byte masking key on every client frame.',
  'An SSE event is “data: <message>” and a blank line, sent as one HTTP/1.1 chunk.',
  `Short polling asks at a fixed interval. Long polling holds each request up to ${LONG_POLL_HOLD_SECONDS} s and asks again as soon as an answer arrives.`,
  'Latency is the network’s one-way time plus any wait for a request to be in place; server processing time and queueing are left out. No heartbeats are counted.',
];

/** "612 kB", "1.2 MB", "840 B": decimal units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/** "50 ms", "2.55 s", "1.5 min"; an em dash when there is nothing to time. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Number(ms.toPrecision(3))} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(3))} s`;
  return `${Number((ms / 60_000).toPrecision(3))} min`;
}

/** A count per hour, rounded for reading: "720", "378.6" → "379", "0.4" → "0.4". */
export function formatCount(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en');
  return String(Number(n.toPrecision(2)));
}

/** Each value as a share of the largest, for bar lengths (0–1). All zeros stay zero. */
export function shares(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? v / max : 0));
}
