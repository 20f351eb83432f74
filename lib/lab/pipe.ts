/**
 * The in-memory network: a duplex byte pipe between a client and a server end, with
 * latency, chunk splitting and faults injected on the bytes, and a tap that records
 * every chunk delivered in either direction.
 */
import type { ByteTransport, Clock, RandomSource } from '../endpoint/transport.ts';
import { seededRandom } from '../endpoint/time.ts';

/** Which way bytes travel. */
export type Direction = 'client→server' | 'server→client';

/** How writes are cut into the chunks the other end receives. */
export type Chunking =
  | { mode: 'whole' }
  | { mode: 'fixed'; size: number }
  | { mode: 'random'; min: number; max: number; seed: number };

/** Faults and conditions applied to one connection. */
export interface PipeOptions {
  /** One-way delay of every chunk, ms. */
  latency?: number;
  chunking?: Chunking;
  /** Deliver only this many bytes in a direction, then cut the connection. */
  dropAfter?: { direction: Direction; bytes: number };
  /** A proxy between the ends that cuts the connection after this many ms without traffic. */
  idleTimeout?: number;
  /** Flip one bit in transit: byte `offset` of the direction's stream, bit 0 (LSB)–7. */
  flipBit?: { direction: Direction; offset: number; bit: number };
  /**
   * A proxy between the ends that rewrites the client's opening request before the server
   * sees it (see `reverseProxy` in proxy.ts). It gets the request head as text, up to and
   * including the blank line, and returns the head to forward and a note of what it changed
   * for the timeline. Bytes after the head pass unchanged; the proxy holds the head until it is whole.
   */
  rewriteRequest?: (head: string) => { head: string; note?: string };
}

/** What a broker between server nodes did (see lib/lab/broker.ts). */
export type BrokerEvent = 'subscribe' | 'unsubscribe' | 'publish' | 'deliver' | 'drop' | 'down' | 'up' | 'cut-off' | 'rejoin';

/** Something the tap saw: a chunk delivered, a fault, or the broker at work. */
export type TapRecord =
  | { kind: 'chunk'; connection: number; direction: Direction; sentAt: number; at: number; offset: number; bytes: Uint8Array }
  | { kind: 'event'; connection: number; at: number; event: 'cut' | 'drop' | 'flip' | 'idle-timeout' | 'end' | 'refused' | 'restart' | 'rewrite'; direction?: Direction; detail: string }
  | {
    kind: 'broker'; at: number; event: BrokerEvent;
    /** The server node that published, received or lost the message ('' for the broker itself). */
    node: string;
    channel?: string;
    /** The message, for publish, deliver and drop. */
    data?: string;
    detail: string;
  };

/** Collects tap records of one or more connections, and tells listeners of each. */
export class Tap {
  readonly records: TapRecord[] = [];
  private readonly listeners: Array<(record: TapRecord) => void> = [];
  record(record: TapRecord): void {
    this.records.push(record);
    for (const listener of this.listeners) listener(record);
  }
  /** Calls `listener` with every record from now on. */
  listen(listener: (record: TapRecord) => void): void {
    this.listeners.push(listener);
  }
}

interface Side {
  direction: Direction; // the direction of bytes this side writes
  dataListener?: (bytes: Uint8Array) => void;
  endListener?: () => void;
  ended: boolean;
  endNotified: boolean;
  pending: number;
  sentOffset: number;
  inFlight: number;
  /** Whether this side has stopped reading: chunks for it wait in `held`, still pending for the writer. */
  paused: boolean;
  held: Array<{ bytes: Uint8Array; sentAt: number; offset: number }>;
  /** Called once everything this side has written has been taken. */
  drainWaiters: Array<(flushed: boolean) => void>;
}

/** Both ends of one connection, and controls to break it. */
export interface Pipe {
  readonly id: number;
  readonly client: ByteTransport;
  readonly server: ByteTransport;
  /** Cuts the connection now: both ends see the stream end, no close frame, data in flight lost. */
  cut(reason?: string): void;
  /** Stops one end reading, as a client whose page hangs does: the bytes for it pile up unread on the sender's side. */
  pause(side: 'client' | 'server'): void;
  /** Lets a paused end read again: what piled up arrives, in order. */
  resume(side: 'client' | 'server'): void;
  /** Whether the connection has been cut or closed at both ends. */
  readonly closed: boolean;
}

let nextPipeId = 1;

/** Creates a connection joined by an in-memory pipe, recording into `tap`. */
export function createPipe(clock: Clock, tap: Tap, options: PipeOptions = {}, id = nextPipeId++): Pipe {
  const latency = Math.max(0, options.latency ?? 0);
  const chunking = options.chunking ?? { mode: 'whole' };
  const random: RandomSource | undefined = chunking.mode === 'random' ? seededRandom(chunking.seed) : undefined;
  const sides: Record<'client' | 'server', Side> = {
    client: { direction: 'client→server', ended: false, endNotified: false, pending: 0, sentOffset: 0, inFlight: 0, paused: false, held: [], drainWaiters: [] },
    server: { direction: 'server→client', ended: false, endNotified: false, pending: 0, sentOffset: 0, inFlight: 0, paused: false, held: [], drainWaiters: [] },
  };
  let cut = false;
  let idleTimer: unknown;
  /** The client's request head while the proxy still waits for its blank line; undefined once forwarded (or with no rewriting proxy). */
  let requestHead: Uint8Array | undefined = options.rewriteRequest ? new Uint8Array(0) : undefined;
  const other = (side: Side) => (side === sides.client ? sides.server : sides.client);

  const event = (name: Extract<TapRecord, { kind: 'event' }>['event'], detail: string, direction?: Direction) =>
    tap.record({ kind: 'event', connection: id, at: clock.now(), event: name, detail, ...(direction ? { direction } : {}) });

  const armIdle = () => {
    if (options.idleTimeout === undefined || cut) return;
    if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
    idleTimer = clock.setTimeout(() => {
      if (cut || (sides.client.endNotified && sides.server.endNotified)) return;
      event('idle-timeout', `The proxy saw no traffic for ${options.idleTimeout} ms and closed the connection`);
      doCut('idle-timeout', false);
    }, options.idleTimeout);
  };

  const notifyEnd = (side: Side) => {
    if (side.endNotified) return;
    side.endNotified = true;
    side.endListener?.();
  };

  const doCut = (reason: string, record = true) => {
    if (cut) return;
    cut = true;
    if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
    if (record) event('cut', reason);
    for (const side of [sides.client, sides.server]) {
      side.pending = 0;
      side.held = [];
      drained(side, false);
    }
    notifyEnd(sides.server);
    notifyEnd(sides.client);
  };

  const drained = (side: Side, flushed = true) => {
    for (const waiter of side.drainWaiters.splice(0)) waiter(flushed);
  };

  const sizes = (length: number): number[] => {
    if (chunking.mode === 'whole') return [length];
    const out: number[] = [];
    let left = length;
    while (left > 0) {
      let size: number;
      if (chunking.mode === 'fixed') size = Math.max(1, chunking.size);
      else {
        const span = Math.max(0, chunking.max - chunking.min);
        const r = random!.bytes(4);
        size = Math.max(1, chunking.min + (((r[0] | (r[1] << 8) | (r[2] << 16)) >>> 0) % (span + 1)));
      }
      out.push(Math.min(size, left));
      left -= size;
    }
    return out;
  };

  const deliver = (from: Side, bytes: Uint8Array, sentAt: number, offset: number) => {
    const to = other(from);
    clock.setTimeout(() => {
      if (cut) {
        from.inFlight--;
        return;
      }
      // A reader that has paused (or still has chunks held) gets them in order once it resumes, as TCP's window holds the writer back.
      if (to.paused || to.held.length > 0) to.held.push({ bytes, sentAt, offset });
      else hand(from, bytes, sentAt, offset);
    }, latency);
  };

  /** Gives a chunk to the reader: from now on it is no longer pending for the writer. */
  const hand = (from: Side, bytes: Uint8Array, sentAt: number, offset: number) => {
    const to = other(from);
    from.inFlight--;
    from.pending -= bytes.length;
    tap.record({ kind: 'chunk', connection: id, direction: from.direction, sentAt, at: clock.now(), offset, bytes });
    armIdle();
    if (!to.endNotified) to.dataListener?.(bytes);
    if (from.pending === 0) drained(from);
    if (from.ended && from.inFlight === 0) finishEnd(from);
  };

  const pause = (side: Side) => {
    side.paused = true;
  };

  const resume = (side: Side) => {
    if (!side.paused) return;
    side.paused = false;
    if (side.held.length === 0) return;
    clock.setTimeout(() => {
      while (!cut && !side.paused && side.held.length > 0) {
        const { bytes, sentAt, offset } = side.held.shift()!;
        hand(other(side), bytes, sentAt, offset);
      }
    }, 0);
  };

  const finishEnd = (from: Side) => {
    // The peer sees the stream end once everything written before it has arrived.
    event('end', `The ${from === sides.client ? 'client' : 'server'} closed the connection`, from.direction);
    if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
    notifyEnd(other(from));
    notifyEnd(from);
  };

  /** The bytes to forward once the request head is whole (rewritten), or nothing while it is not. */
  const rewrite = (data: Uint8Array): Uint8Array | undefined => {
    const joined = new Uint8Array(requestHead!.length + data.length);
    joined.set(requestHead!);
    joined.set(data, requestHead!.length);
    let end = -1;
    for (let i = 3; i < joined.length; i++) {
      if (joined[i] === 10 && joined[i - 1] === 13 && joined[i - 2] === 10 && joined[i - 3] === 13) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) {
      requestHead = joined;
      return undefined;
    }
    requestHead = undefined;
    const { head, note } = options.rewriteRequest!(new TextDecoder().decode(joined.subarray(0, end)));
    if (note) event('rewrite', note, 'client→server');
    const forwarded = new TextEncoder().encode(head);
    const out = new Uint8Array(forwarded.length + joined.length - end);
    out.set(forwarded);
    out.set(joined.subarray(end), forwarded.length);
    return out;
  };

  const write = (from: Side, input: Uint8Array) => {
    if (from.ended || cut || input.length === 0) return;
    let data = input;
    if (requestHead !== undefined && from === sides.client) {
      const whole = rewrite(input);
      if (!whole) return;
      data = whole;
    }
    let bytes = new Uint8Array(data); // the writer may reuse its buffer
    const start = from.sentOffset;
    from.sentOffset += bytes.length;
    if (options.flipBit && options.flipBit.direction === from.direction) {
      const at = options.flipBit.offset - start;
      if (at >= 0 && at < bytes.length) {
        bytes[at] ^= 1 << (options.flipBit.bit & 7);
        event('flip', `Bit ${options.flipBit.bit & 7} of byte ${options.flipBit.offset} flipped in transit`, from.direction);
      }
    }
    let cutAfter = false;
    if (options.dropAfter && options.dropAfter.direction === from.direction) {
      const allowed = options.dropAfter.bytes - start;
      if (allowed < bytes.length) {
        bytes = bytes.subarray(0, Math.max(0, allowed));
        cutAfter = true;
      }
    }
    let offset = start;
    for (const size of sizes(bytes.length)) {
      const chunk = bytes.subarray(offset - start, offset - start + size);
      from.pending += chunk.length;
      from.inFlight++;
      deliver(from, chunk, clock.now(), offset);
      offset += size;
    }
    if (cutAfter) {
      clock.setTimeout(() => {
        if (cut) return;
        event('drop', `Bytes after ${options.dropAfter!.bytes} were lost and the connection dropped`, from.direction);
        doCut('drop', false);
      }, latency);
    }
    armIdle();
  };

  const end = (from: Side) => {
    if (from.ended || cut) {
      notifyEnd(from);
      return;
    }
    from.ended = true;
    if (from.inFlight === 0) {
      clock.setTimeout(() => {
        if (!cut) finishEnd(from);
      }, latency);
    }
  };

  const destroy = (from: Side) => {
    if (cut || from.endNotified) return;
    event('cut', `The ${from === sides.client ? 'client' : 'server'} terminated the connection: no Close frame, data in flight lost`, from.direction);
    doCut('terminated', false);
  };

  const transport = (side: Side): ByteTransport => ({
    write: (bytes) => write(side, bytes),
    end: () => end(side),
    destroy: () => destroy(side),
    onData: (listener) => { side.dataListener = listener; },
    onEnd: (listener) => { side.endListener = listener; },
    get pendingBytes() { return side.pending; },
    drain: (callback) => {
      if (cut) callback(false);
      else if (side.pending === 0) callback(true);
      else side.drainWaiters.push(callback);
    },
    pause: () => pause(side),
    resume: () => resume(side),
  });

  armIdle();
  return {
    id,
    client: transport(sides.client),
    server: transport(sides.server),
    cut: (reason = 'The connection was cut: no close frame was sent') => doCut(reason),
    get closed() { return cut || (sides.client.endNotified && sides.server.endNotified); },
    pause: (side) => pause(sides[side]),
    resume: (side) => resume(sides[side]),
  };
}
