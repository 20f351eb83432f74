/**
 * The inspector's view model: a wire log and the notes both sides made, merged into one
 * timeline of compact rows (a run may have 100,000 frames), with fragmented messages
 * linked to their parts, filters, and the JSON export.
 */
import type { WireEntry } from '../../../lib/lab/index.ts';
import { linkReplies, type AppMessage, type LinkableMessage } from './app-protocol.ts';
import { parseHexBytes } from '../../util/hex.ts';
import type { Direction } from './scenario.ts';

/** A line either side wrote while the run went on: the page's WebSocket events, the server's log. */
export interface Note {
  side: 'page' | 'server';
  at: number;
  text: string;
  /** The connection it concerns, 0 when none in particular. */
  connection: number;
  /** The client that wrote it (page side). */
  client?: string;
  /** The node that wrote it, when a run has several (server side). */
  node?: string;
  error?: boolean;
}

/** The page's view of one connection. */
export interface ConnectionSummary {
  connection: number;
  url: string;
  /** The client that opened it ('page' unless the scenario names its clients). */
  client: string;
  /** The node that served it, when the run has several. */
  node?: string;
  /** readyState as it changed, with times. */
  states: { state: 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED' | 'still open'; at: number }[];
  protocol?: string;
  /** The page's close event. */
  close?: { code: number; reason: string; wasClean: boolean };
}

/** Where a frame belongs in a message sent in fragments. */
export interface FragmentInfo {
  /** Counts messages per connection and direction, from 1. */
  message: number;
  part: number;
  /** Number of parts; absent while the message never finished. */
  parts?: number;
  /** On the last part: the whole message (text, or its size). */
  whole?: string;
}

/** What a whole message is at the application level, on the row of the frame that completed it. */
export interface AppInfo {
  protocol: AppMessage['protocol'];
  /** "JSON-RPC request #7 sum", "Socket.IO EVENT chat in /"; empty for plain text and bytes. */
  label: string;
  /** The decoded value (show it with formatTree). */
  tree?: unknown;
  problems?: string[];
  notes?: string[];
  /** Rows holding the requests this row answers (JSON-RPC responses, Socket.IO ACKs). */
  answers?: number[];
  /** Rows that answer the requests this row holds. */
  answeredBy?: number[];
}

/** One line of the timeline. */
export type InspectorRow =
  | {
    kind: 'frame'; at: number; connection: number; direction: Direction;
    opcode: number; opcodeName: string; fin: boolean; masked: boolean; control: boolean;
    /** Bytes on the wire. */
    length: number;
    payloadLength: number;
    summary: string;
    /** The frame's bytes as hex (large frames: the first 64 KiB). */
    hex: string;
    violations: string[];
    /** How many chunks the frame arrived in, when the pipe split it. */
    chunks?: number;
    fragment?: FragmentInfo;
    app?: AppInfo;
  }
  | { kind: 'handshake'; at: number; connection: number; direction: Direction; summary: string; text: string; problems: string[] }
  | { kind: 'http'; at: number; connection: number; direction: Direction; summary: string; text: string }
  | { kind: 'unparsed'; at: number; connection: number; direction: Direction; summary: string; hex: string }
  | { kind: 'event'; at: number; connection: number; direction?: Direction; event: string; summary: string }
  | { kind: 'note'; at: number; connection: number; side: 'page' | 'server'; summary: string; error: boolean; client?: string; node?: string }
  | { kind: 'broker'; at: number; connection: 0; event: string; node: string; channel?: string; summary: string };

export type RowFilter = 'all' | 'data' | 'control' | 'events';

export const ROW_FILTERS: readonly { id: RowFilter; label: string }[] = [
  { id: 'all', label: 'Everything' },
  { id: 'data', label: 'Data frames' },
  { id: 'control', label: 'Control frames' },
  { id: 'events', label: 'Handshakes and events' },
];

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type FrameEntry = Extract<WireEntry, { kind: 'frame' }>;

/** " 1000 “bye”", " (no code)" — what a Close frame says, as the wire log read it. */
export function closeDetail(close: FrameEntry['close']): string {
  if (!close) return '';
  if ('invalid' in close) return ` (invalid: ${close.invalid})`;
  if (close.code === undefined) return ' (no code)';
  return close.reason ? ` ${close.code} “${close.reason}”` : ` ${close.code}`;
}

/** "Text “hello”", "Ping 4 B", "Close 1000 “bye”", "Continuation “lo”". */
export function frameSummary(entry: FrameEntry): string {
  const name = capitalize(entry.opcodeName);
  if (entry.opcodeName === 'close') return `${name}${closeDetail(entry.close)}`;
  if (entry.explanation.text !== undefined) return `${name} “${entry.preview}”`;
  if ((entry.opcodeName === 'ping' || entry.opcodeName === 'pong') && entry.payloadLength > 0) {
    // Control payloads are often short text ("still there?"): show it when it is printable UTF-8.
    const parsed = parseHexBytes(entry.preview);
    if (parsed.ok && parsed.bytes.length === entry.payloadLength) {
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(parsed.bytes));
        if (!/[\u0000-\u001f\u007f]/.test(text)) return `${name} “${text}” (${entry.payloadLength} B)`;
      } catch {
        /* not text: fall through to the size */
      }
    }
  }
  return `${name} ${entry.payloadLength} B`;
}

/**
 * Merges wire entries and notes by time (at the same time, the wire first), annotating
 * fragments, and — given what each whole message is (by the index of its last frame's
 * entry) — the application protocol, with responses linked to their requests.
 */
export function buildRows(entries: readonly WireEntry[], notes: readonly Note[], messages?: ReadonlyMap<number, AppMessage>): InspectorRow[] {
  const rows: InspectorRow[] = [];
  /** Per connection, the decoded messages to link, by row. */
  const linkable = new Map<number, LinkableMessage[]>();
  /** The parts seen so far of each message still open, so its last part can tell them how many there were. */
  const partsOf = new Map<string, FragmentInfo[]>();
  let n = 0;
  const sorted = [...notes].sort((a, b) => a.at - b.at);
  const flushNotes = (until: number) => {
    while (n < sorted.length && sorted[n].at < until) {
      const note = sorted[n++];
      rows.push({
        kind: 'note', at: note.at, connection: note.connection, side: note.side, summary: note.text, error: note.error ?? false,
        ...(note.client ? { client: note.client } : {}), ...(note.node ? { node: note.node } : {}),
      });
    }
  };
  entries.forEach((entry, index) => {
    flushNotes(entry.at);
    switch (entry.kind) {
      case 'frame': {
        const row: Extract<InspectorRow, { kind: 'frame' }> = {
          kind: 'frame', at: entry.at, connection: entry.connection, direction: entry.direction,
          opcode: entry.opcode, opcodeName: entry.opcodeName, fin: entry.fin, masked: entry.masked, control: entry.opcode >= 8,
          length: entry.length, payloadLength: entry.payloadLength, summary: frameSummary(entry), hex: entry.hex,
          violations: entry.explanation.violations.map((v) => `${v.message} (§${v.section})`),
          ...(entry.chunks ? { chunks: entry.chunks } : {}),
        };
        linkFragment(row, entry, partsOf);
        const decoded = messages?.get(index);
        if (decoded && decoded.label) {
          row.app = {
            protocol: decoded.protocol, label: decoded.label,
            ...(decoded.tree !== undefined ? { tree: decoded.tree } : {}),
            ...(decoded.problems?.length ? { problems: decoded.problems } : {}),
            ...(decoded.notes?.length ? { notes: decoded.notes } : {}),
          };
          const list = linkable.get(row.connection) ?? [];
          list.push({ index: rows.length, direction: row.direction, decoded });
          linkable.set(row.connection, list);
        }
        rows.push(row);
        break;
      }
      case 'handshake': {
        const first = entry.text.split('\r\n')[0] ?? '';
        rows.push({ kind: 'handshake', at: entry.at, connection: entry.connection, direction: entry.direction, summary: first, text: entry.text, problems: entry.explanation.violations.map((v) => `${v.header ? `${v.header}: ` : ""}${v.problem} (§${v.section})`) });
        break;
      }
      case 'http':
        rows.push({ kind: 'http', at: entry.at, connection: entry.connection, direction: entry.direction, summary: entry.text.split('\r\n')[0] ?? '', text: entry.text });
        break;
      case 'unparsed':
        rows.push({ kind: 'unparsed', at: entry.at, connection: entry.connection, direction: entry.direction, summary: `Unreadable bytes: ${entry.reason}`, hex: entry.hex });
        break;
      case 'event':
        rows.push({ kind: 'event', at: entry.at, connection: entry.connection, event: entry.event, summary: eventSummary(entry), ...(entry.direction ? { direction: entry.direction } : {}) });
        break;
      case 'broker':
        rows.push({ kind: 'broker', at: entry.at, connection: 0, event: entry.event, node: entry.node, ...(entry.channel ? { channel: entry.channel } : {}), summary: entry.detail });
        break;
    }
  });
  flushNotes(Infinity);
  for (const list of linkable.values()) {
    const links = linkReplies(list);
    for (const [at, to] of Object.entries(links.answers)) (rows[Number(at)] as FrameRow).app!.answers = to;
    for (const [at, by] of Object.entries(links.answeredBy)) (rows[Number(at)] as FrameRow).app!.answeredBy = by;
  }
  return rows;
}

const searchTexts = new WeakMap<InspectorRow, string>();

/** What a search looks through: the row's summary, its application label, and its decoded JSON. */
function searchText(row: InspectorRow): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    text = row.summary;
    if (row.kind === 'frame' && row.app) text += `\n${row.app.label}\n${row.app.tree === undefined ? '' : JSON.stringify(row.app.tree)}`;
    text = text.toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}

/** Rows whose summary, application label or decoded value contain `query` (any case). */
export function searchScope(query: string): (row: InspectorRow) => boolean {
  const needle = query.trim().toLowerCase();
  return needle ? (row) => searchText(row).includes(needle) : () => true;
}

function eventSummary(entry: Extract<WireEntry, { kind: 'event' }>): string {
  switch (entry.event) {
    case 'end': return `TCP: ${entry.detail}`;
    case 'cut': return `Connection cut: ${entry.detail}. The page sees close 1006.`;
    default: return entry.detail;
  }
}

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;

/** Marks a frame sent as one part of several; the wire log has placed it in its message. */
function linkFragment(row: FrameRow, entry: FrameEntry, partsOf: Map<string, FragmentInfo[]>): void {
  const message = entry.message;
  // A whole message in one frame needs no link.
  if (!message || (message.part === 1 && message.last)) return;
  const info: FragmentInfo = { message: message.number, part: message.part };
  row.fragment = info;
  const key = `${entry.connection}:${entry.direction}`;
  if (message.part === 1) partsOf.set(key, []);
  partsOf.get(key)?.push(info);
  if (message.text !== undefined) {
    const part = message.text;
    row.summary = `${capitalize(row.opcodeName)} “${part.length > 200 ? `${part.slice(0, 200)}…` : part}”`;
  }
  if (!message.last) return;
  for (const part of partsOf.get(key) ?? [info]) part.parts = message.parts;
  partsOf.delete(key);
  if (message.whole !== undefined) {
    const text = message.whole.length > 400 ? `${message.whole.slice(0, 400)}…` : message.whole;
    info.whole = `Text “${text}” (${message.size} B in ${message.parts} frames)`;
  } else info.whole = `Binary, ${message.size} B in ${message.parts} frames`;
}

/** Whether a row passes a filter. */
export function matchesFilter(row: InspectorRow, filter: RowFilter): boolean {
  switch (filter) {
    case 'all': return true;
    case 'data': return row.kind === 'frame' && !row.control;
    case 'control': return row.kind === 'frame' && row.control;
    case 'events': return row.kind !== 'frame';
  }
}

/** The indexes of the rows that pass a filter (the list keeps indexes, not copies). */
export function filterRows(rows: readonly InspectorRow[], filter: RowFilter, scope?: (row: InspectorRow) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (matchesFilter(rows[i], filter) && (!scope || scope(rows[i]))) out.push(i);
  return out;
}

/**
 * Rows of one client only: its connections' bytes and events, and the notes it wrote —
 * the per-connection view of a run with several clients.
 */
export function clientScope(connections: readonly ConnectionSummary[], client: string): (row: InspectorRow) => boolean {
  const ids = new Set(connections.filter((c) => c.client === client).map((c) => c.connection));
  return (row) => ids.has(row.connection) || (row.kind === 'note' && row.client === client);
}

/** The clients of a run, in the order they first connected, each with its connections. */
export function clientsOf(connections: readonly ConnectionSummary[]): Array<{ client: string; connections: number[] }> {
  const byClient = new Map<string, number[]>();
  for (const c of connections) byClient.set(c.client, [...(byClient.get(c.client) ?? []), c.connection]);
  return [...byClient].map(([client, ids]) => ({ client, connections: ids }));
}

/** Counts for the filter buttons. */
export function countRows(rows: readonly InspectorRow[]): Record<RowFilter, number> {
  const counts: Record<RowFilter, number> = { all: rows.length, data: 0, control: 0, events: 0 };
  for (const row of rows) {
    if (row.kind !== 'frame') counts.events++;
    else if (row.control) counts.control++;
    else counts.data++;
  }
  return counts;
}

/** Whether a row is part of a connection's ending: a Close frame, a TCP end, or the network cutting it. */
export function endsConnection(row: InspectorRow): boolean {
  if (row.kind === 'frame') return row.opcodeName === 'close';
  return row.kind === 'event' && ['end', 'cut', 'drop', 'idle-timeout', 'restart'].includes(row.event);
}

/** "→" for the page's frames, "←" for the server's. */
export const arrow = (direction: Direction | undefined): string => (direction === undefined ? '' : direction === 'client→server' ? '→' : '←');

/** "12.5 ms", "1.250 s". */
export function formatTime(ms: number): string {
  return ms < 1000 ? `${Number(ms.toFixed(1))} ms` : `${(ms / 1000).toFixed(3)} s`;
}

/**
 * The slice of a fixed-height list to render: the rows in view plus `overscan` on each
 * side. `start` is inclusive, `end` exclusive.
 */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.min(total, first + Math.ceil(viewport / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/** A 32-bit FNV-1a hash of what a timeline shows (times, summaries, bytes): equal runs give equal prints. */
export function fingerprint(rows: readonly InspectorRow[]): number {
  let hash = 0x811c9dc5;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  for (const row of rows) {
    mix(`${row.kind}|${row.at}|${row.connection}|${row.summary}|`);
    if (row.kind === 'frame' || row.kind === 'unparsed') mix(row.hex);
    if (row.kind === 'frame' && row.chunks) mix(`|${row.chunks}`);
  }
  return hash >>> 0;
}
