/**
 * LabWebSocket: the browser's WebSocket interface (WHATWG WebSockets Standard) over the
 * lab network, so code written for the browser runs unchanged against a LabServer.
 * @see https://websockets.spec.whatwg.org/#the-websocket-interface
 */
import { isToken } from '../protocol/http.ts';
import { CloseCode } from '../protocol/close.ts';
import { MAX_CLOSE_REASON_BYTES } from '../protocol/constants.ts';
import { Endpoint } from '../endpoint/endpoint.ts';
import { DEFAULT_CLIENT, type LabNetwork } from './network.ts';

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

/** The event handler IDL attributes of the WebSocket interface. */
type HandlerType = 'open' | 'message' | 'error' | 'close';

/** An event handler: its value, and the listener that calls it, added when it was first set. */
interface EventHandlerSlot {
  value: object;
  listener: (event: Event) => void;
}

/**
 * Web IDL's `[Clamp] unsigned short`: ToNumber, NaN to 0, clamped to 0–65535, rounded to
 * the nearest integer with ties to even. `close("1000")` and `close(1000.4)` are close(1000).
 * @see https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
 */
function clampUnsignedShort(value: unknown): number {
  let x = +(value as number); // ToNumber: throws a TypeError for a Symbol or a BigInt, as Web IDL does
  if (Number.isNaN(x)) return 0;
  x = Math.min(Math.max(x, 0), 65535);
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Web IDL's conversion to a string (DOMString, USVString): a template literal throws for a Symbol, as ToString does. */
const toIdlString = (value: unknown): string => `${value as string}`;

const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const isBlob = (value: unknown): value is Blob => typeof Blob === 'function' && value instanceof Blob;

/**
 * Where a client's page lives, as its browser sees it: the Origin its handshakes carry
 * (default: the network's origin) and headers the browser adds on its own, such as the
 * Cookie it holds for the target. Page code cannot set either through the WebSocket
 * constructor, which takes only a URL and protocols; a scenario or a check sets them to
 * play a page served from another site.
 */
export interface LabPage {
  origin?: string;
  headers?: Record<string, string>;
}

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
  private readonly handlers = new Map<HandlerType, EventHandlerSlot>();
  /** The listener each added listener is wrapped in, by type, so removeEventListener finds it. */
  private readonly wrappers = new WeakMap<object, Map<string, (event: Event) => void>>();

  protected constructor(private readonly network: LabNetwork, client: string, url: string | URL, protocols?: unknown, page: LabPage = {}) {
    super();
    // "Let baseURL be this's relevant settings object's API base URL. Let urlRecord be the result of
    // applying the URL parser to url with baseURL." The lab's pages live at the network's origin.
    const text = toIdlString(url);
    let parsed: URL;
    try {
      parsed = new URL(text, `${network.origin}/`);
    } catch {
      throw domException(`The URL '${text}' is invalid.`, 'SyntaxError');
    }
    // "If urlRecord's scheme is "http", then set urlRecord's scheme to "ws". Otherwise, if urlRecord's
    // scheme is "https", set urlRecord's scheme to "wss"."
    if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
    else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw domException(`The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol.slice(0, -1)}' is not allowed.`, 'SyntaxError');
    }
    // "If urlRecord's fragment is non-null, then throw a "SyntaxError" DOMException." (An empty fragment, "#", is non-null too.)
    if (parsed.hash || parsed.href.includes('#')) {
      throw domException(`The URL contains a fragment identifier ('${parsed.hash}'). Fragment identifiers are not allowed in WebSocket URLs.`, 'SyntaxError');
    }
    // `(DOMString or sequence<DOMString>) protocols = []`: an iterable is a sequence, anything else one string.
    const list = protocols === undefined ? []
      : typeof protocols === 'object' && protocols !== null && Symbol.iterator in protocols ? Array.from(protocols as Iterable<unknown>, toIdlString)
        : [toIdlString(protocols)];
    const seen = new Set<string>();
    for (const protocol of list) {
      if (!isToken(protocol)) throw domException(`The subprotocol '${protocol}' is invalid.`, 'SyntaxError');
      if (seen.has(protocol)) throw domException(`The subprotocol '${protocol}' is duplicated.`, 'SyntaxError');
      seen.add(protocol);
    }
    this.url = parsed.href;
    const transport = network.connect({ client, url: this.url, owner: this });
    this.endpoint = Endpoint.client({
      transport, clock: network.clock, random: network.random,
      request: { host: parsed.host, path: `${parsed.pathname}${parsed.search}`, protocols: list, origin: page.origin ?? network.origin, headers: page.headers },
      // A browser fails a connection whose 101 selects no subprotocol when the page asked for some.
      requireProtocol: true,
    });
    this.endpoint.on('open', ({ protocol }) => this.queue(() => {
      if (this.state !== CONNECTING) return;
      this.state = OPEN;
      this.selected = protocol;
      this.dispatchEvent(new Event('open'));
    }));
    this.endpoint.on('message', (message) => this.queue(() => {
      if (this.state !== OPEN) return;
      let data: unknown = message.data;
      if (message.type === 'binary') data = this.type === 'arraybuffer' ? message.data.slice().buffer : new Blob([message.data.slice()]);
      this.dispatchEvent(new MessageEvent('message', { data, origin: parsed.origin }));
    }));
    this.endpoint.on('error', () => this.queue(() => {
      if (this.state === CLOSED || this.errorFired) return;
      this.errorFired = true;
      this.dispatchEvent(new Event('error'));
    }));
    this.endpoint.on('close', (info) => this.queue(() => {
      const clean = info.wasClean;
      // "If at any point the underlying transport layer connection is unexpectedly lost, the client MUST
      // _Fail the WebSocket Connection_" (RFC 6455 §7.2.1), and a failed connection fires error before
      // close (WHATWG WebSockets, "the WebSocket connection is closed").
      if (!clean && !this.errorFired) {
        this.errorFired = true;
        this.dispatchEvent(new Event('error'));
      }
      this.state = CLOSED;
      // A connection that failed (handshake refused, protocol error, drop) is reported as 1006 with no reason.
      this.dispatchEvent(new LabCloseEvent('close', { wasClean: clean, code: clean ? info.code : CloseCode.AbnormalClosure, reason: clean ? info.reason : '' }));
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

  get onopen(): Handler<Event> { return this.handler('open') as Handler<Event>; }
  set onopen(value: Handler<Event>) { this.setHandler('open', value); }
  get onmessage(): Handler<MessageEvent> { return this.handler('message') as Handler<MessageEvent>; }
  set onmessage(value: Handler<MessageEvent>) { this.setHandler('message', value); }
  get onerror(): Handler<Event> { return this.handler('error') as Handler<Event>; }
  set onerror(value: Handler<Event>) { this.setHandler('error', value); }
  get onclose(): Handler<LabCloseEvent> { return this.handler('close') as Handler<LabCloseEvent>; }
  set onclose(value: Handler<LabCloseEvent>) { this.setHandler('close', value); }

  /** Bytes of application data queued but not yet sent, plus everything sent after closing started. */
  get bufferedAmount(): number {
    return this.endpoint.bufferedAmount + this.sentAfterClose;
  }

  /**
   * Sends a message. "If this's ready state is CONNECTING, then throw an InvalidStateError
   * DOMException." The argument is `(BufferSource or Blob or USVString)`: by Web IDL's union
   * conversion, anything that is not a buffer or a Blob becomes a string — send(null) sends
   * the text "null", send(123) the text "123".
   */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.state === CONNECTING) throw domException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    // "If the WebSocket connection is established and the WebSocket closing handshake has not yet
    // started": once a Close has been sent *or received* (RFC 6455 §7.1.3), data is only counted. The
    // server's Close may arrive before the page's open handler has run.
    const closing = this.state !== OPEN || this.closeStarted || this.endpoint.readyState !== 'open';
    if (isBlob(data)) {
      if (closing) { this.sentAfterClose += data.size; return; }
      void data.arrayBuffer().then((buffer) => {
        if (this.endpoint.readyState === 'open') this.endpoint.sendBinary(new Uint8Array(buffer));
      });
      return;
    }
    if (isArrayBuffer(data) || ArrayBuffer.isView(data)) {
      const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
      if (closing) { this.sentAfterClose += bytes.length; return; }
      this.endpoint.sendBinary(bytes.slice());
      return;
    }
    const text = toIdlString(data);
    if (closing) { this.sentAfterClose += new TextEncoder().encode(text).length; return; }
    this.endpoint.sendText(text);
  }

  /**
   * Starts the closing handshake, with the standard's checks on code and reason. The code is
   * `[Clamp] unsigned short`: "1000" and 1000.4 are 1000.
   */
  close(code?: number, reason?: string): void {
    const clamped = code === undefined ? undefined : clampUnsignedShort(code);
    const text = reason === undefined ? undefined : toIdlString(reason);
    if (clamped !== undefined && clamped !== CloseCode.NormalClosure && !(clamped >= 3000 && clamped <= 4999)) {
      throw domException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${clamped} is neither.`, 'InvalidAccessError');
    }
    const reasonBytes = new TextEncoder().encode(text ?? '').length;
    if (reasonBytes > MAX_CLOSE_REASON_BYTES) {
      throw domException(`Failed to execute 'close' on 'WebSocket': The close reason must not be greater than ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`, 'SyntaxError');
    }
    if (this.state === CLOSING || this.state === CLOSED) return;
    if (this.state === CONNECTING) {
      // "Fail the WebSocket connection and set this's ready state to CLOSING."
      this.state = CLOSING;
      this.closeStarted = true;
      this.errorFired = true;
      this.queue(() => this.dispatchEvent(new Event('error')));
      this.endpoint.close();
      return;
    }
    this.state = CLOSING;
    this.closeStarted = true;
    this.endpoint.close(clamped ?? (text ? CloseCode.NormalClosure : undefined), text ?? '');
  }

  private queue(task: () => void): void {
    this.network.clock.setTimeout(task, 0);
  }

  private handler(type: HandlerType): unknown {
    return this.handlers.get(type)?.value ?? null;
  }

  /**
   * The setter of an EventHandler attribute (HTML, "event handler IDL attributes"): a
   * non-object becomes null (`[LegacyTreatNonObjectAsNull]`); the first non-null value adds
   * one listener, so the handler runs in the order it was first set relative to
   * addEventListener listeners; replacing it keeps that place; null removes it.
   * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes
   */
  private setHandler(type: HandlerType, value: unknown): void {
    const slot = this.handlers.get(type);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
      if (slot) super.removeEventListener(type, slot.listener);
      this.handlers.delete(type);
      return;
    }
    if (slot) {
      slot.value = value;
      return;
    }
    const created: EventHandlerSlot = {
      value,
      listener: (event) => {
        // A non-callable object is kept as the attribute's value but never called.
        if (typeof created.value !== 'function') return;
        try {
          // "If return value is false, then cancel the event."
          if ((created.value as (event: Event) => unknown).call(this, event) === false) event.preventDefault();
        } catch (error) {
          this.network.reportError(error);
        }
      },
    };
    this.handlers.set(type, created);
    super.addEventListener(type, created.listener);
  }

  /** Adds a listener; an exception it throws is reported (as a browser reports it to the console), not lost. */
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    if (listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
      super.addEventListener(type, listener, options);
      return;
    }
    let byType = this.wrappers.get(listener);
    if (!byType) this.wrappers.set(listener, (byType = new Map()));
    let wrapper = byType.get(type);
    if (!wrapper) {
      wrapper = (event: Event) => {
        try {
          if (typeof listener === 'function') listener.call(this, event);
          else listener.handleEvent(event);
        } catch (error) {
          this.network.reportError(error);
        }
      };
      byType.set(type, wrapper);
    }
    super.addEventListener(type, wrapper, options);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    const wrapper = listener === null ? undefined : this.wrappers.get(listener)?.get(type);
    super.removeEventListener(type, wrapper ?? listener, options);
  }
}

/**
 * Makes a WebSocket class whose connections go to `network` (a drop-in global in a worker),
 * opened as the named client (default 'page').
 */
export function createLabWebSocketClass(network: LabNetwork, options: { client?: string; page?: LabPage } = {}): LabWebSocketClass {
  const client = options.client ?? DEFAULT_CLIENT;
  const page = options.page;
  class WebSocket extends LabWebSocketBase {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(network, client, url, protocols, page);
    }
  }
  return WebSocket as unknown as LabWebSocketClass;
}
