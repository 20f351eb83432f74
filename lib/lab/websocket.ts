/**
 * LabWebSocket: the browser's WebSocket interface (WHATWG WebSockets Standard) over the
 * lab network, so code written for the browser runs unchanged against a LabServer.
 * @see https://websockets.spec.whatwg.org/#the-websocket-interface
 */
import { isToken } from '../protocol/http.ts';
import { CloseCode } from '../protocol/close.ts';
import { MAX_CLOSE_REASON_BYTES } from '../protocol/constants.ts';
import { Endpoint } from '../endpoint/endpoint.ts';
import type { LabNetwork } from './network.ts';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

function domException(message: string, name: string): Error {
  return new DOMException(message, name);
}

/** The CloseEvent of the HTML standard (Node has no global one). */
export class LabCloseEvent extends Event {
  readonly wasClean: boolean;
  readonly code: number;
  readonly reason: string;
  constructor(type: string, init: { wasClean?: boolean; code?: number; reason?: string } = {}) {
    super(type);
    this.wasClean = init.wasClean ?? false;
    this.code = init.code ?? 0;
    this.reason = init.reason ?? '';
  }
}

type Handler<E extends Event> = ((this: LabWebSocketBase, event: E) => unknown) | null;

/** A WebSocket class bound to a network: `new (createLabWebSocketClass(network))(url)`. */
export type LabWebSocketClass = {
  new (url: string | URL, protocols?: string | string[]): LabWebSocketBase;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
};

/** The WebSocket interface; instances come from a class made by {@link createLabWebSocketClass}. */
export abstract class LabWebSocketBase extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  readonly url: string;
  private state: 0 | 1 | 2 | 3 = CONNECTING;
  private type: BinaryType = 'blob';
  private sentAfterClose = 0;
  private endpoint: Endpoint;
  private selected = '';
  private closeStarted = false;
  private errorFired = false;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onerror: Handler<Event> = null;
  onclose: Handler<LabCloseEvent> = null;

  protected constructor(private readonly network: LabNetwork, url: string | URL, protocols: string | string[] = []) {
    super();
    // "Let urlRecord be the result of getting a URL record given url" — parse, map http(s) to ws(s), reject others and fragments.
    let parsed: URL;
    try {
      parsed = new URL(String(url));
    } catch {
      throw domException(`The URL '${String(url)}' is invalid.`, 'SyntaxError');
    }
    if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
    else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw domException(`The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol.slice(0, -1)}' is not allowed.`, 'SyntaxError');
    }
    if (parsed.hash || String(url).includes('#')) {
      throw domException(`The URL contains a fragment identifier ('${parsed.hash}'). Fragment identifiers are not allowed in WebSocket URLs.`, 'SyntaxError');
    }
    const list = typeof protocols === 'string' ? [protocols] : [...protocols];
    const seen = new Set<string>();
    for (const protocol of list) {
      if (!isToken(protocol)) throw domException(`The subprotocol '${protocol}' is invalid.`, 'SyntaxError');
      if (seen.has(protocol)) throw domException(`The subprotocol '${protocol}' is duplicated.`, 'SyntaxError');
      seen.add(protocol);
    }
    this.url = parsed.href;
    const transport = network.connect();
    this.endpoint = Endpoint.client({
      transport, clock: network.clock, random: network.random,
      request: { host: parsed.host, path: `${parsed.pathname}${parsed.search}`, protocols: list, origin: 'http://lab.local' },
    });
    this.endpoint.on('open', ({ protocol }) => this.queue(() => {
      if (this.state !== CONNECTING) return;
      this.state = OPEN;
      this.selected = protocol;
      this.fire(new Event('open'));
    }));
    this.endpoint.on('message', (message) => this.queue(() => {
      if (this.state !== OPEN) return;
      let data: unknown = message.data;
      if (message.type === 'binary') data = this.type === 'arraybuffer' ? message.data.slice().buffer : new Blob([message.data.slice()]);
      this.fire(new MessageEvent('message', { data, origin: parsed.origin }));
    }));
    this.endpoint.on('error', () => this.queue(() => {
      if (this.state === CLOSED || this.errorFired) return;
      this.errorFired = true;
      this.fire(new Event('error'));
    }));
    this.endpoint.on('close', (info) => this.queue(() => {
      const clean = info.wasClean;
      // "If at any point the underlying transport layer connection is unexpectedly lost, the client MUST
      // _Fail the WebSocket Connection_" (RFC 6455 §7.2.1), and a failed connection fires error before
      // close (WHATWG WebSockets, "the WebSocket connection is closed").
      if (!clean && !this.errorFired) {
        this.errorFired = true;
        this.fire(new Event('error'));
      }
      this.state = CLOSED;
      // A connection that failed (handshake refused, protocol error, drop) is reported as 1006 with no reason.
      this.fire(new LabCloseEvent('close', { wasClean: clean, code: clean ? info.code : CloseCode.AbnormalClosure, reason: clean ? info.reason : '' }));
    }));
  }

  get readyState(): number {
    return this.state;
  }

  get protocol(): string {
    return this.selected;
  }

  get extensions(): string {
    return '';
  }

  get binaryType(): BinaryType {
    return this.type;
  }

  set binaryType(value: BinaryType) {
    if (value === 'blob' || value === 'arraybuffer') this.type = value;
  }

  /** Bytes of application data queued but not yet sent, plus everything sent after closing started. */
  get bufferedAmount(): number {
    return this.endpoint.bufferedAmount + this.sentAfterClose;
  }

  /** Sends a message. "If this's ready state is CONNECTING, then throw an InvalidStateError DOMException." */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.state === CONNECTING) throw domException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    if (typeof data === 'string') {
      const bytes = new TextEncoder().encode(data);
      if (this.state !== OPEN || this.closeStarted) { this.sentAfterClose += bytes.length; return; }
      this.endpoint.sendText(data);
      return;
    }
    if (data instanceof Blob) {
      const size = data.size;
      if (this.state !== OPEN || this.closeStarted) { this.sentAfterClose += size; return; }
      void data.arrayBuffer().then((buffer) => {
        if (this.endpoint.readyState === 'open') this.endpoint.sendBinary(new Uint8Array(buffer));
      });
      return;
    }
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    if (this.state !== OPEN || this.closeStarted) { this.sentAfterClose += bytes.length; return; }
    this.endpoint.sendBinary(bytes.slice());
  }

  /** Starts the closing handshake, with the standard's checks on code and reason. */
  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== CloseCode.NormalClosure && !(code >= 3000 && code <= 4999)) {
      throw domException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, 'InvalidAccessError');
    }
    const reasonBytes = new TextEncoder().encode(reason ?? '').length;
    if (reasonBytes > MAX_CLOSE_REASON_BYTES) {
      throw domException(`Failed to execute 'close' on 'WebSocket': The close reason must not be greater than ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`, 'SyntaxError');
    }
    if (this.state === CLOSING || this.state === CLOSED) return;
    if (this.state === CONNECTING) {
      // "Fail the WebSocket connection and set this's ready state to CLOSING."
      this.state = CLOSING;
      this.closeStarted = true;
      this.errorFired = true;
      this.queue(() => this.fire(new Event('error')));
      this.endpoint.close();
      return;
    }
    this.state = CLOSING;
    this.closeStarted = true;
    this.endpoint.close(code ?? (reason ? CloseCode.NormalClosure : undefined), reason ?? '');
  }

  private queue(task: () => void): void {
    this.network.clock.setTimeout(task, 0);
  }

  private fire(event: Event): void {
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    this.dispatchEvent(event);
    if (typeof handler === 'function') handler.call(this, event);
  }
}

/** Makes a WebSocket class whose connections go to `network` (a drop-in global in a worker). */
export function createLabWebSocketClass(network: LabNetwork): LabWebSocketClass {
  class WebSocket extends LabWebSocketBase {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(network, url, protocols);
    }
  }
  return WebSocket as unknown as LabWebSocketClass;
}
