/**
 * One WebSocket connection, either role, over a byte transport.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4 (Opening Handshake)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.5.2 (Ping) and §5.5.3 (Pong)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7 (Closing the Connection)
 *
 * CONNECTING → OPEN → CLOSING → CLOSED. The endpoint frames what it sends, answers pings,
 * fails the connection on a protocol error, and runs the closing handshake with a timeout.
 */
import { CloseCode, encodeClosePayload } from '../protocol/close.ts';
import { Opcode } from '../protocol/constants.ts';
import type { ProtocolError } from '../protocol/errors.ts';
import { createFrame, encodeFrame, encodeHeader } from '../protocol/frame.ts';
import {
  buildClientHandshake, buildServerHandshake, generateKey, parseServerHandshake, type ClientHandshake, type HandshakeFailure,
} from '../protocol/handshake.ts';
import { findHeaderEnd } from '../protocol/http.ts';
import { Receiver, type ReceiverEvent } from '../protocol/receiver.ts';
import { encodeUtf8 } from '../protocol/utf8.ts';
import { Emitter } from './emitter.ts';
import { SentFrames } from './sent-frames.ts';
import type { ByteTransport, Clock, RandomSource, TimerHandle } from './transport.ts';

/**
 * Unmasked payloads from this size on are written beside their header rather than copied
 * into one buffer with it: with its 2-byte header such a frame is over 64 bytes and needs an
 * ArrayBuffer of its own (V8 keeps only smaller typed arrays in its heap), which costs more
 * than a second entry in the write (1 KiB and 8 KiB echoes ran about 25% faster written
 * beside than copied).
 */
const GATHER_FROM = 63;

/** Where a connection is in its life. */
export type ReadyState = 'connecting' | 'open' | 'closing' | 'closed';

/** How a connection ended. */
export interface CloseInfo {
  /** The close code received (1005 when the close frame had none, 1006 when none came), or the one sent when this side failed the connection. */
  code: number;
  reason: string;
  /** Whether both close frames were exchanged and the transport then closed. */
  wasClean: boolean;
}

/** Events of an {@link Endpoint}. */
export interface EndpointEvents {
  [name: string]: unknown;
  open: { protocol: string; extensions: string };
  message: { type: 'text'; data: string } | { type: 'binary'; data: Uint8Array };
  ping: Uint8Array;
  pong: Uint8Array;
  /** A protocol error (this side fails the connection) or a failed opening handshake. */
  error: { kind: 'protocol'; error: ProtocolError } | { kind: 'handshake'; error: HandshakeFailure };
  close: CloseInfo;
}

/** Options common to both roles. */
export interface EndpointOptions {
  transport: ByteTransport;
  clock: Clock;
  /** Masking keys and the handshake key come from here (clients need it). */
  random?: RandomSource;
  maxMessageSize?: number;
  /** How long to wait for the other side during the closing handshake (ms). Default 5000. */
  closeTimeout?: number;
  /**
   * Called, instead of failing at once, when a protocol error follows messages already
   * delivered: the connection fails when `fail` is called (at the latest on close() or
   * when the transport ends). A server handler uses it to answer the messages that came
   * before the bad frame first, as a strict peer expects; until then it may still send.
   */
  deferFailure?: (fail: () => void) => void;
}

/** What a client asks for in its opening handshake. */
export interface ClientRequest {
  host: string;
  path: string;
  protocols?: string[];
  origin?: string;
  headers?: Record<string, string>;
}

/** Options for sending a data message. */
export interface SendOptions {
  /** Split the message into frames of at most this many payload bytes. */
  fragmentSize?: number;
}

const DEFAULT_CLOSE_TIMEOUT = 5000;
const textEncoder = new TextEncoder();

/** One connection's state machine. Create with {@link Endpoint.client} or {@link Endpoint.server}. */
export class Endpoint extends Emitter<EndpointEvents> {
  readonly role: 'client' | 'server';
  private readonly transport: ByteTransport;
  private readonly clock: Clock;
  private readonly random?: RandomSource;
  private readonly closeTimeout: number;
  private readonly receiver: Receiver;
  private readonly deferFailure?: (fail: () => void) => void;
  /** A protocol error found while delivered messages are still being answered. */
  private deferredFailure?: ProtocolError;
  private state: ReadyState = 'connecting';
  private head: Uint8Array = new Uint8Array(0);
  private key = '';
  private requestedProtocols: string[] = [];
  private requireProtocol = false;
  private closeSent = false;
  private closeReceived?: { code?: number; reason: string };
  private failedWith?: { code: number; reason: string };
  private closeTimer?: TimerHandle;
  private transportEnded = false;
  /** Whether events are held back: see {@link pauseReading}. */
  private readingPaused = false;
  /** Whether the transport is paused (it stays so while resumeReading hands out what was held). */
  private transportPaused = false;
  /** Whether a message has been delivered from the current read. */
  private deliveredFromRead = false;
  /** Frames written and not yet taken by the peer, for bufferedAmount. */
  private readonly sent = new SentFrames();
  /** The opcode of a message being sent one fragment at a time with sendFragment(). */
  private fragmenting?: number;
  /** The negotiated subprotocol ('' when none). */
  protocol = '';
  /** The negotiated extensions (always '' here: none are implemented). */
  extensions = '';

  private constructor(role: 'client' | 'server', options: EndpointOptions) {
    super();
    this.role = role;
    this.transport = options.transport;
    this.clock = options.clock;
    this.random = options.random;
    this.closeTimeout = options.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT;
    this.deferFailure = options.deferFailure;
    // A transport that hands its chunks over (a socket's reads) lets the receiver unmask them in place instead of copying.
    this.receiver = new Receiver({ role, maxMessageSize: options.maxMessageSize, unmaskInPlace: this.transport.handsOverChunks === true, mask: this.transport.mask, allocate: this.transport.allocate });
    this.transport.onData((bytes) => this.onData(bytes));
    this.transport.onEnd(() => this.onTransportEnd());
  }

  /** Starts a client: sends the opening handshake and waits for the server's answer. */
  static client(options: EndpointOptions & {
    request: ClientRequest;
    /** Fail a 101 that selects no subprotocol when some were requested, as a browser must (WHATWG WebSockets). */
    requireProtocol?: boolean;
  }): Endpoint {
    if (!options.random) throw new TypeError('A client endpoint needs a random source for its key and masks');
    const endpoint = new Endpoint('client', options);
    endpoint.key = generateKey(options.random.bytes(16));
    endpoint.requestedProtocols = options.request.protocols ?? [];
    endpoint.requireProtocol = options.requireProtocol ?? false;
    endpoint.transport.write(textEncoder.encode(buildClientHandshake({ ...options.request, key: endpoint.key })));
    return endpoint;
  }

  /**
   * Opens a server connection for a request already read and accepted: writes the 101
   * response, then reads frames, starting with `pending` (bytes that followed the head).
   */
  static server(options: EndpointOptions & { request: ClientHandshake; protocol?: string; headers?: Record<string, string>; pending?: Uint8Array }): Endpoint {
    const endpoint = new Endpoint('server', options);
    endpoint.transport.write(textEncoder.encode(buildServerHandshake({ key: options.request.key, protocol: options.protocol, headers: options.headers })));
    endpoint.protocol = options.protocol ?? '';
    endpoint.open();
    if (options.pending?.length) endpoint.onData(options.pending);
    return endpoint;
  }

  /** The current state. */
  get readyState(): ReadyState {
    return this.state;
  }

  /** Payload bytes of frames sent but not yet taken by the transport's peer. O(1). */
  get bufferedAmount(): number {
    this.sent.settle(this.transport.pendingBytes ?? 0);
    return this.sent.payloadBytes;
  }

  /** How many frames were sent and not yet taken by the transport's peer. O(1). */
  get bufferedFrames(): number {
    this.sent.settle(this.transport.pendingBytes ?? 0);
    return this.sent.frames;
  }

  /** Sends a text message. */
  sendText(text: string, options: SendOptions = {}): void {
    this.sendData(Opcode.Text, encodeUtf8(text), options);
  }

  /** Sends a binary message. */
  sendBinary(data: Uint8Array, options: SendOptions = {}): void {
    this.sendData(Opcode.Binary, data, options);
  }

  /**
   * Sends one frame of a message sent in parts: the first call names Text or Binary, later
   * ones continue it, and the one with `fin` ends it. Pings and pongs may go between the
   * parts; another data message may not (§5.4). `type` names a first part given as bytes
   * (default: text for a string, binary for bytes); text bytes are sent as they are.
   */
  sendFragment(data: string | Uint8Array, fin: boolean, type: 'text' | 'binary' = typeof data === 'string' ? 'text' : 'binary'): void {
    this.assertOpen('sendFragment');
    const payload = typeof data === 'string' ? encodeUtf8(data) : data;
    const opcode = this.fragmenting === undefined ? (type === 'text' ? Opcode.Text : Opcode.Binary) : Opcode.Continuation;
    if (this.fragmenting === undefined) this.fragmenting = opcode;
    this.writeFrame(opcode, payload, fin);
    if (fin) this.fragmenting = undefined;
  }

  /** Sends a ping; "A Ping frame MAY include "Application data"" of at most 125 bytes (§5.5.2). */
  ping(data: Uint8Array = new Uint8Array(0)): void {
    this.assertOpen('ping');
    this.writeFrame(Opcode.Ping, data, true);
  }

  /** Sends an unsolicited pong, a unidirectional heartbeat (§5.5.3). */
  pong(data: Uint8Array = new Uint8Array(0)): void {
    this.assertOpen('pong');
    this.writeFrame(Opcode.Pong, data, true);
  }

  /** Starts the closing handshake (or, while connecting, abandons the connection). */
  close(code?: number, reason = ''): void {
    // A connection with a protocol error pending is failed, whatever the handler meant to close with.
    if (this.deferredFailure) return this.failDeferred();
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.state === 'connecting') {
      this.failedWith = { code: CloseCode.AbnormalClosure, reason: '' };
      this.transport.end();
      return;
    }
    const payload = encodeClosePayload(code, reason);
    this.state = 'closing';
    this.closeSent = true;
    this.writeFrame(Opcode.Close, payload, true);
    this.startCloseTimer();
  }

  /**
   * Closes at once for a reason of the application (e.g. a peer too slow to keep up): a
   * Close frame with `code` if none was sent, then the transport ends without waiting for
   * the peer's answer. Reported as `code`, not clean.
   */
  abort(code: number, reason = ''): void {
    if (this.state === 'closed' || this.state === 'connecting') return this.terminate();
    this.failedWith ??= { code, reason };
    if (!this.closeSent) {
      this.closeSent = true;
      this.writeFrame(Opcode.Close, encodeClosePayload(code, reason), true);
    }
    this.state = 'closing';
    this.transport.end();
  }

  /**
   * Stops handing out what has been read, even in the middle of a read, and pauses the
   * transport: the rest stays as unparsed bytes until {@link resumeReading}. A server's flow
   * control uses it, so one read full of tiny messages (a 64 KiB read holds 10,922 empty
   * frames) does not become thousands of queued messages at once.
   */
  pauseReading(): void {
    if (this.readingPaused) return;
    this.readingPaused = true;
    if (this.transportPaused) return;
    this.transportPaused = true;
    this.transport.pause?.();
  }

  /** Hands out what was read before {@link pauseReading}, then resumes the transport unless that paused reading again. */
  resumeReading(): void {
    if (!this.readingPaused) return;
    this.readingPaused = false;
    this.deliver();
    if (this.readingPaused || !this.transportPaused) return;
    this.transportPaused = false;
    this.transport.resume?.();
  }

  /**
   * Cuts the transport without a closing handshake (what a crash or a pulled cable does).
   * It does not wait for the peer: a peer that has stopped reading would never let a
   * graceful end finish, and ending such a connection is what terminate is for.
   */
  terminate(): void {
    if (this.transport.destroy) this.transport.destroy();
    else this.transport.end();
  }

  private sendData(opcode: number, data: Uint8Array, options: SendOptions): void {
    this.assertOpen('send');
    // "The fragments of one message MUST NOT be interleaved between the fragments of another message" (§5.4).
    if (this.fragmenting !== undefined) throw new Error('Cannot send a message while another is being sent in fragments');
    const size = options.fragmentSize && options.fragmentSize > 0 ? options.fragmentSize : data.length || 1;
    if (data.length <= size) {
      this.writeFrame(opcode, data, true);
      return;
    }
    for (let at = 0; at < data.length; at += size) {
      this.writeFrame(at === 0 ? opcode : Opcode.Continuation, data.subarray(at, at + size), at + size >= data.length);
    }
  }

  private assertOpen(what: string): void {
    if (this.state !== 'open') throw new Error(`Cannot ${what} while the connection is ${this.state}`);
  }

  private writeFrame(opcode: number, payload: Uint8Array, fin: boolean): void {
    // "A client MUST mask all frames that it sends to the server" and "A server MUST NOT mask any frames that it sends to the client" (§5.1).
    const maskingKey = this.role === 'client' ? this.random!.bytes(4) : undefined;
    if (!maskingKey && payload.length >= GATHER_FROM && this.transport.writev) {
      // An unmasked payload goes out as it is, after its header: no copy of the message.
      const header = encodeHeader({ fin, opcode, payloadLength: payload.length });
      this.sent.add(header.length + payload.length, payload.length);
      this.transport.writev([header, payload]);
    } else {
      const bytes = encodeFrame(createFrame(opcode, payload, { fin, maskingKey }));
      this.sent.add(bytes.length, payload.length);
      this.transport.write(bytes);
    }
    // Trimmed on every write too, so the bookkeeping holds only frames still in the transport.
    this.sent.settle(this.transport.pendingBytes ?? 0);
  }

  private open(): void {
    this.state = 'open';
    this.emit('open', { protocol: this.protocol, extensions: this.extensions });
  }

  private onData(bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting' && this.role === 'client') {
      const head = new Uint8Array(this.head.length + bytes.length);
      head.set(this.head);
      head.set(bytes, this.head.length);
      const end = findHeaderEnd(head);
      if (end < 0) {
        this.head = head;
        return;
      }
      const result = parseServerHandshake(new TextDecoder().decode(head.subarray(0, end)), { key: this.key, protocols: this.requestedProtocols, requireProtocol: this.requireProtocol });
      if (!result.ok) {
        // "the client MUST _Fail the WebSocket Connection_" — no close frame: there is no WebSocket connection yet.
        this.emit('error', { kind: 'handshake', error: result.error });
        this.failedWith = { code: CloseCode.AbnormalClosure, reason: '' };
        this.transport.end();
        return;
      }
      this.protocol = result.response.protocol ?? '';
      this.open();
      bytes = head.subarray(end);
      if (bytes.length === 0) return;
    }
    // A read that comes while events are held back counts as part of the read they came from.
    if (!this.readingPaused) this.deliveredFromRead = false;
    this.receiver.feed(bytes);
    this.deliver();
  }

  /** Hands out the events of what has been read, one at a time, until none is complete or reading pauses. */
  private deliver(): void {
    while (!this.readingPaused && !this.failedWith && this.state !== 'closed') {
      const event = this.receiver.next();
      if (!event) return;
      if (event.type === 'error' && this.deliveredFromRead && this.deferFailure && this.state === 'open') {
        // Messages delivered from this read come first: their answers go out before the Close (a strict peer checks).
        this.deferredFailure = event.error;
        this.deferFailure(() => this.failDeferred());
        return;
      }
      this.handle(event);
      if (event.type === 'text' || event.type === 'binary') this.deliveredFromRead = true;
    }
  }

  /** Fails the connection with the protocol error held back by deferFailure, once. */
  private failDeferred(): void {
    const error = this.deferredFailure;
    if (!error) return;
    this.deferredFailure = undefined;
    if (this.state !== 'closed') this.fail(error);
  }

  private handle(event: ReceiverEvent): void {
    switch (event.type) {
      case 'text':
      case 'binary':
        // Once this side has sent a Close it "MUST NOT send any more data frames", and data received after the peer's Close is not delivered.
        if (this.state === 'open' || (this.state === 'closing' && !this.closeReceived)) this.emit('message', event);
        return;
      case 'ping':
        // "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response ... with identical Application data" (§5.5.2, §5.5.3).
        if (this.state === 'open') this.writeFrame(Opcode.Pong, event.data, true);
        // After the pong, so a listener sees what answering it queued (a server's flow control does).
        this.emit('ping', event.data);
        return;
      case 'pong':
        this.emit('pong', event.data);
        return;
      case 'close':
        this.closeReceived = { code: event.code, reason: event.reason };
        if (!this.closeSent) {
          // "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST send a Close frame in response" (§5.5.1), usually echoing the status code.
          this.state = 'closing';
          this.closeSent = true;
          this.writeFrame(Opcode.Close, event.code === undefined ? new Uint8Array(0) : encodeClosePayload(event.code), true);
        }
        this.afterCloseExchange();
        return;
      case 'error':
        this.fail(event.error);
        return;
    }
  }

  /** _Fail the WebSocket Connection_ (§7.1.7): send a Close with the error's code, deliver nothing more. */
  private fail(error: ProtocolError): void {
    this.failedWith = { code: error.closeCode, reason: error.message };
    this.emit('error', { kind: 'protocol', error });
    if (this.state === 'open') {
      this.closeSent = true;
      this.writeFrame(Opcode.Close, encodeClosePayload(error.closeCode), true);
    }
    this.state = 'closing';
    if (this.role === 'server') this.transport.end();
    else this.startCloseTimer();
  }

  private afterCloseExchange(): void {
    // "the server MUST close the underlying TCP connection immediately" once both Close frames are exchanged; the client waits for it (§5.5.1, §7.1.1).
    if (this.role === 'server') this.transport.end();
    else this.startCloseTimer();
  }

  private startCloseTimer(): void {
    if (this.closeTimer !== undefined) return;
    this.closeTimer = this.clock.setTimeout(() => this.transport.end(), this.closeTimeout);
  }

  private onTransportEnd(): void {
    if (this.transportEnded) return;
    this.transportEnded = true;
    // The peer left while its messages were being answered: the connection still failed with that error.
    this.failDeferred();
    if (this.closeTimer !== undefined) this.clock.clearTimeout(this.closeTimer);
    const wasConnecting = this.state === 'connecting';
    this.state = 'closed';
    let info: CloseInfo;
    if (this.failedWith) {
      info = { code: this.failedWith.code, reason: this.failedWith.reason, wasClean: false };
    } else if (this.closeReceived && this.closeSent) {
      info = { code: this.closeReceived.code ?? CloseCode.NoStatusReceived, reason: this.closeReceived.reason, wasClean: true };
    } else {
      // "If the TCP connection was closed ... without a Close frame, the WebSocket Connection Close Code is considered to be 1006" (§7.1.5).
      info = { code: CloseCode.AbnormalClosure, reason: '', wasClean: false };
    }
    if (wasConnecting && !this.failedWith) this.emit('error', { kind: 'handshake', error: { header: null, problem: 'The connection closed before the handshake completed', status: 0, section: '4.1' } });
    this.transport.end();
    this.emit('close', info);
  }
}
