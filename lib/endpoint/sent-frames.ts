/**
 * The frames an endpoint has written that its transport has not yet handed to the peer:
 * what `bufferedAmount` counts. A transport reports only how many of its bytes are still
 * pending; telling how much application data that is needs each frame's size on the
 * wire and its payload size, oldest first.
 * @see https://websockets.spec.whatwg.org/#dom-websocket-bufferedamount
 *
 * Reading the amount is O(1) (a running sum) and the queue is trimmed on every write as
 * well as on every read, so it holds only the frames still pending in the transport.
 */

/** Frames queued at the front of the arrays before they are compacted away. */
const COMPACT_AFTER = 1024;

/** Sizes of the frames written and not yet taken by the peer, oldest first. */
export class SentFrames {
  private wire: number[] = [];
  private payload: number[] = [];
  /** Index of the oldest frame still pending; those before it are taken and wait to be compacted away. */
  private head = 0;
  /** Wire bytes of every frame written so far. */
  private written = 0;
  /** Wire bytes of the frames already known to be taken. */
  private taken = 0;
  private pendingPayload = 0;

  /** Records a frame that took `wireBytes` on the wire and carried `payloadBytes` of application data. */
  add(wireBytes: number, payloadBytes: number): void {
    this.wire.push(wireBytes);
    this.payload.push(payloadBytes);
    this.written += wireBytes;
    this.pendingPayload += payloadBytes;
  }

  /**
   * Drops the frames the peer has taken, given the bytes the transport still holds
   * (frames leave the transport in the order they were written).
   */
  settle(transportPending: number): void {
    const length = this.wire.length;
    if (transportPending <= 0) {
      // Everything has left: no need to walk the queue.
      if (length !== 0) this.clear();
      return;
    }
    const taken = this.written - transportPending;
    let head = this.head;
    while (head < length && this.taken + this.wire[head] <= taken) {
      this.taken += this.wire[head];
      this.pendingPayload -= this.payload[head];
      head++;
    }
    this.head = head;
    if (head === length) this.clear();
    else if (head >= COMPACT_AFTER && head * 2 >= length) {
      // Drop the taken entries once they are at least half the arrays: amortized O(1) per frame.
      this.wire = this.wire.slice(head);
      this.payload = this.payload.slice(head);
      this.head = 0;
    }
  }

  /** Payload bytes of the frames still pending. */
  get payloadBytes(): number {
    return this.pendingPayload;
  }

  /** How many frames are still pending. */
  get frames(): number {
    return this.wire.length - this.head;
  }

  /** How many entries the queue holds, taken ones not yet compacted away included. */
  get entries(): number {
    return this.wire.length;
  }

  private clear(): void {
    // Emptied in place: on a transport that flushes at once this runs on every write.
    this.wire.length = 0;
    this.payload.length = 0;
    this.head = 0;
    this.taken = this.written;
    this.pendingPayload = 0;
  }
}
