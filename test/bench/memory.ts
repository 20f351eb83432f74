/**
 * Memory rows: how much heap a receiver holds while a fragmented message is being
 * reassembled, per MiB of payload, at 1-byte, 16-byte and 1 KiB fragments, beside ws.
 * A peer that splits a message into tiny fragments must not make the server hold many
 * times the message's size. Needs `global.gc` (`node --expose-gc`, as `npm run bench` runs).
 */
import { Opcode, Receiver, encodeFrame } from '../../lib/index.ts';
import { defineSection, type BenchRow, type Measurement } from './harness.ts';
import { wsJs } from './ws-modules.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Bytes arrive as a socket delivers them: 64 KiB reads, each a fresh buffer. */
const READ_SIZE = 64 * KiB;
const PAYLOAD = MiB;
const KEY = new Uint8Array([0x12, 0x34, 0x56, 0x78]);

const gc = (globalThis as { gc?: () => void }).gc;

/** One message of PAYLOAD bytes in fragments of `size`, all but the last frame: the message stays open. */
function fragmentedStream(size: number): Uint8Array {
  const count = PAYLOAD / size;
  const payload = new Uint8Array(size).map((_, i) => (i * 7 + 1) & 0xff);
  const first = encodeFrame({ fin: false, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: KEY });
  const next = encodeFrame({ fin: false, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Continuation, payload, maskingKey: KEY });
  const stream = new Uint8Array(first.length + (count - 1) * next.length);
  stream.set(first, 0);
  for (let i = 1, at = first.length; i < count; i++, at += next.length) stream.set(next, at);
  return stream;
}

function heap(): number {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Heap held after feeding `stream` to a receiver made by `make`, in MiB per MiB of payload.
 * Each read is a fresh copy, as from a socket, so a receiver that keeps views of reads
 * is charged for the reads it keeps alive. The median of three runs.
 */
function retained(stream: Uint8Array, make: () => { push(chunk: Buffer): void }): number {
  const figures: number[] = [];
  for (let run = 0; run < 3; run++) {
    let receiver: { push(chunk: Buffer): void } | undefined = make();
    const before = heap();
    for (let at = 0; at < stream.length; at += READ_SIZE) {
      const read = Buffer.allocUnsafeSlow(Math.min(READ_SIZE, stream.length - at));
      read.set(stream.subarray(at, at + read.length));
      receiver.push(read);
    }
    const after = heap();
    figures.push((after - before) / PAYLOAD);
    receiver = undefined;
  }
  figures.sort((a, b) => a - b);
  return figures[1];
}

const perMiB = (value: number): Measurement => ({ value, unit: 'MiB/MiB' });

function row(size: number): BenchRow {
  const stream = fragmentedStream(size);
  const lib = retained(stream, () => {
    // As the real server runs it: reads are handed over and unmasked in place.
    const receiver = new Receiver({ role: 'server', maxMessageSize: 64 * MiB, unmaskInPlace: true });
    return {
      push(chunk) {
        if (receiver.push(chunk).length) throw new Error('lib reported an event for an unfinished message');
      },
    };
  });
  const ws = retained(stream, () => {
    const receiver = new wsJs.Receiver({ isServer: true, maxPayload: 64 * MiB, binaryType: 'nodebuffer' });
    receiver.on('error', (error) => { throw error; });
    return { push(chunk) { receiver.write(chunk); } };
  });
  return {
    name: `${size >= KiB ? `${size / KiB} KiB` : `${size} B`} fragments`,
    lib: perMiB(lib),
    others: { 'ws-js': perMiB(ws) },
    // "A small multiple of its payload": the message itself, and room to grow.
    target: { against: '', atMost: 3 },
  };
}

defineSection({
  name: 'Receiver memory: heap held per MiB of an unfinished fragmented message (64 KiB reads; lower is better)',
  columns: ['ws-js'],
  run: () => (gc ? [1, 16, KiB].map(row) : []),
});
