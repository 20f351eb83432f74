/**
 * The model behind the WebSocket API lab of lesson 11: a page-side `WebSocket` (lib's
 * LabWebSocket, the standard's interface over the lab network) talking to an echo server
 * on the same in-page network. The learner's buttons call the real API — constructor,
 * send, close, binaryType — and the model logs each call, each exception it throws and
 * each event it fires, with readyState and bufferedAmount as they were at that moment.
 * @see https://websockets.spec.whatwg.org/#the-websocket-interface
 */
import { LabServer, createLabRun, type LabRun, type LabWebSocketBase } from '../../../lib/lab/index.ts';
import { buildRows, type InspectorRow } from '../lab-run/rows.ts';

/** The subprotocols the lab's server speaks, in its order of preference. */
export const SERVER_PROTOCOLS: readonly string[] = ['chat.v1'];

/** Where the lab's page connects. */
export const LAB_URL = 'ws://lab.local/ws/echo';

/** readyState values and their constant names, in order. */
export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

/** One line of the log. */
export interface ApiLogEntry {
  id: number;
  /** Milliseconds since the lab started. */
  at: number;
  /** 'call': the page called the API; 'event': the socket fired an event; 'exception': a call threw. */
  kind: 'call' | 'event' | 'exception' | 'note';
  /** Code or event name, e.g. "socket.send('hello')" or "message". */
  title: string;
  /** What came back or what the event carried. */
  detail: string;
  /** readyState just after the call, or while the event was dispatched. */
  readyState?: number;
}

/** What the island renders. */
export interface ApiLabSnapshot {
  /** Whether a socket exists (the page has connected at least once). */
  hasSocket: boolean;
  readyState?: number;
  bufferedAmount: number;
  protocol: string;
  extensions: string;
  binaryType: BinaryType;
  log: ApiLogEntry[];
  /** The frames and TCP events of the run so far. */
  wire: InspectorRow[];
}

/** Options for {@link BrowserApiLab}. */
export interface BrowserApiLabOptions {
  /** 'real' for the page (events arrive over real time), 'virtual' for tests. */
  clock?: 'real' | 'virtual';
  /** One-way delay of the lab network, ms. */
  latency?: number;
  /** Called whenever the snapshot changes. */
  onChange?: (snapshot: ApiLabSnapshot) => void;
}

/** The one-way delay the page uses: long enough to see CONNECTING and a full buffer. */
export const DEFAULT_LATENCY_MS = 250;

/** The size of the "large message": enough to see bufferedAmount before it drains. */
export const LARGE_MESSAGE_BYTES = 1024 * 1024;

/** Longest log kept; older lines drop off the top. */
export const MAX_LOG_ENTRIES = 60;

/** Splits "chat.v2, chat.v1" into a protocol list; an empty field is no list at all. */
export function parseProtocols(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Reads the close-code field: empty is "no code", otherwise a whole number. */
export function parseCode(text: string): { ok: true; code?: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true };
  if (!/^\d{1,5}$/.test(trimmed)) return { ok: false, error: 'A close code is a whole number, e.g. 1000 or 4000.' };
  return { ok: true, code: Number(trimmed) };
}

/** Describes a MessageEvent's data the way the console would show its type and size. */
export function describeData(data: unknown): string {
  if (typeof data === 'string') return `data: "${data.length > 40 ? `${data.slice(0, 40)}…` : data}" (a string)`;
  if (data instanceof ArrayBuffer) return `data: ArrayBuffer, byteLength ${data.byteLength}`;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return `data: Blob, size ${data.size}`;
  return `data: ${String(data)}`;
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function errorText(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Makes the lab's server: an echo endpoint that agrees to `chat.v1` when the page offers it. */
export function createApiLabServer(): LabServer {
  return new LabServer().websocket('/ws/echo', async (ws) => {
    await ws.accept({ protocol: ws.pickProtocol(SERVER_PROTOCOLS) });
    for await (const message of ws) {
      if (typeof message === 'string') await ws.sendText(message);
      else await ws.sendBytes(message);
    }
  });
}

/**
 * One lab session: a network with an echo server, and the page's current socket. Every
 * method calls the real LabWebSocket API and records what happened; none throws.
 */
export class BrowserApiLab {
  readonly run: LabRun;
  private socket?: LabWebSocketBase;
  private readonly entries: ApiLogEntry[] = [];
  private nextId = 1;
  private type: BinaryType = 'blob';
  private watching = false;
  private wireCache: { records: number; rows: InspectorRow[] } = { records: -1, rows: [] };
  private readonly onChange?: (snapshot: ApiLabSnapshot) => void;

  constructor(options: BrowserApiLabOptions = {}) {
    this.run = createLabRun({
      server: createApiLabServer(),
      seed: 11,
      clock: options.clock ?? 'real',
      faults: { latency: options.latency ?? DEFAULT_LATENCY_MS },
    });
    this.onChange = options.onChange;
  }

  /** The state to render. */
  snapshot(): ApiLabSnapshot {
    const socket = this.socket;
    return {
      hasSocket: socket !== undefined,
      readyState: socket?.readyState,
      bufferedAmount: socket?.bufferedAmount ?? 0,
      protocol: socket?.protocol ?? '',
      extensions: socket?.extensions ?? '',
      binaryType: socket?.binaryType ?? this.type,
      log: [...this.entries],
      wire: this.wire(),
    };
  }

  /** The wire log as rows, rebuilt only when the tap has recorded something new. */
  private wire(): InspectorRow[] {
    const records = this.run.network.tap.records.length;
    if (records !== this.wireCache.records) {
      const rows = buildRows(this.run.wireLog().entries, []);
      this.wireCache = { records, rows };
    }
    return this.wireCache.rows;
  }

  /** `new WebSocket(url, protocols)`, with listeners for all four events. */
  connect(protocols: string[] = []): void {
    const shown = protocols.length === 0 ? '' : `, ${protocols.length === 1 ? quote(protocols[0]) : `[${protocols.map(quote).join(', ')}]`}`;
    const title = `new WebSocket(${quote(LAB_URL)}${shown})`;
    if (this.socket && this.socket.readyState !== this.socket.CLOSED) {
      this.log('note', 'Already connected', 'Close this socket first: a page can open several, but this lab follows one.', this.socket.readyState);
      return this.changed();
    }
    let socket: LabWebSocketBase;
    try {
      socket = new this.run.WebSocket(LAB_URL, protocols);
    } catch (error) {
      const { name, message } = errorText(error);
      this.log('exception', title, `threw ${name}: ${message}`);
      return this.changed();
    }
    this.attach(socket, protocols);
    this.log('call', title, 'returned at once; the opening handshake runs in the background', socket.readyState);
    this.changed();
  }

  /** The classic mistake: construct and send in the same task, before `open`. */
  connectAndSendAtOnce(text = 'hello', protocols: string[] = []): void {
    this.connect(protocols);
    if (!this.socket || this.socket.readyState !== this.socket.CONNECTING) return;
    this.send(text);
  }

  /** `socket.send(text)`. */
  send(text: string): void {
    this.sendData(text, `socket.send(${quote(text)})`);
  }

  /** `socket.send(new Uint8Array(size))`: a binary message, by default large enough to watch bufferedAmount drain. */
  sendBytes(size = LARGE_MESSAGE_BYTES): void {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = i & 0xff;
    this.sendData(bytes, `socket.send(new Uint8Array(${size}))`);
  }

  /** Sets `binaryType` for the current and later sockets. */
  setBinaryType(type: BinaryType): void {
    this.type = type;
    if (this.socket) this.socket.binaryType = type;
    this.log('call', `socket.binaryType = ${quote(type)}`, type === 'blob' ? 'binary messages arrive as Blob' : 'binary messages arrive as ArrayBuffer', this.socket?.readyState);
    this.changed();
  }

  /** `socket.close(code, reason)`; an undefined code calls `close()` with no arguments. */
  close(code?: number, reason = ''): void {
    const socket = this.socket;
    const args = code === undefined ? (reason ? `undefined, ${quote(reason)}` : '') : reason ? `${code}, ${quote(reason)}` : String(code);
    const title = `socket.close(${args})`;
    if (!socket) {
      this.log('note', title, 'There is no socket yet: connect first.');
      return this.changed();
    }
    const before = socket.readyState;
    try {
      if (code === undefined && reason === '') socket.close();
      else socket.close(code, reason);
    } catch (error) {
      const { name, message } = errorText(error);
      this.log('exception', title, `threw ${name}: ${message}`, socket.readyState);
      return this.changed();
    }
    const detail = before === socket.CLOSING || before === socket.CLOSED
      ? 'did nothing: the socket was already closing or closed'
      : before === socket.CONNECTING
        ? 'the handshake is abandoned: the connection fails'
        : 'a Close frame is on its way; close fires when the server has answered';
    this.log('call', title, detail, socket.readyState);
    this.changed();
  }

  /** Cuts the network under the socket: no Close frame, no TCP goodbye. */
  drop(): void {
    this.run.network.cutAll('the network dropped: no Close frame was sent');
    this.log('note', 'The network drops', 'Every connection is cut, as a pulled cable or a lost Wi-Fi would; nothing is sent.', this.socket?.readyState);
    this.changed();
  }

  /** Empties the log (the socket stays as it is). */
  clearLog(): void {
    this.entries.length = 0;
    this.changed();
  }

  private sendData(data: string | Uint8Array, title: string): void {
    const socket = this.socket;
    if (!socket) {
      this.log('note', title, 'There is no socket yet: connect first.');
      return this.changed();
    }
    try {
      socket.send(data);
    } catch (error) {
      const { name, message } = errorText(error);
      this.log('exception', title, `threw ${name}: ${message}`, socket.readyState);
      return this.changed();
    }
    const open = socket.readyState === socket.OPEN;
    this.log(
      'call',
      title,
      open
        ? `returned; bufferedAmount is now ${socket.bufferedAmount}`
        : `returned without an error, but nothing was sent: the socket is ${READY_STATES[socket.readyState]}. bufferedAmount is now ${socket.bufferedAmount}`,
      socket.readyState,
    );
    this.changed();
    this.watchBuffer();
  }

  /** While bytes are queued, re-renders as bufferedAmount drains. */
  private watchBuffer(): void {
    if (this.watching) return;
    this.watching = true;
    const tick = () => {
      const socket = this.socket;
      this.changed();
      if (socket && socket.readyState === socket.OPEN && socket.bufferedAmount > 0) this.run.clock.setTimeout(tick, 50);
      else this.watching = false;
    };
    this.run.clock.setTimeout(tick, 50);
  }

  private attach(socket: LabWebSocketBase, offered: readonly string[]): void {
    this.socket = socket;
    socket.binaryType = this.type;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.log('event', 'open', `protocol: ${quote(socket.protocol)}, extensions: ${quote(socket.extensions)}`, socket.readyState);
      this.changed();
    };
    socket.onmessage = (event) => {
      this.log('event', 'message', describeData(event.data), socket.readyState);
      this.changed();
    };
    socket.onerror = () => {
      this.log('event', 'error', 'an Event with no detail: no code, no message', socket.readyState);
      this.changed();
    };
    socket.onclose = (event) => {
      const { code, reason, wasClean } = event;
      this.log('event', 'close', `code ${code}, reason ${quote(reason)}, wasClean ${wasClean}`, socket.readyState);
      const answer = this.wire().filter((row) => row.kind === 'handshake' && row.direction === 'server→client').at(-1);
      if (!opened && offered.length > 0 && answer?.summary.startsWith('HTTP/1.1 101')) {
        // The script is told nothing; say what the browser's console would.
        this.log('note', 'Why it failed', `The page offered ${offered.map(quote).join(', ')} and the server's 101 chose none of them, so the browser failed the connection (WHATWG WebSockets: a 101 without Sec-WebSocket-Protocol fails a socket that offered subprotocols). Only the browser's console says so.`);
      }
      this.changed();
    };
  }

  private log(kind: ApiLogEntry['kind'], title: string, detail: string, readyState?: number): void {
    this.entries.push({ id: this.nextId++, at: Math.round(this.run.clock.now()), kind, title, detail, ...(readyState === undefined ? {} : { readyState }) });
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES);
  }

  private changed(): void {
    this.onChange?.(this.snapshot());
  }
}
