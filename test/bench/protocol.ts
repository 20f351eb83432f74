/**
 * Protocol library rows: Receiver parse throughput, masked encode throughput, applyMask
 * and accept keys, against ws's JS paths and ws with bufferutil.
 */
import { createHash } from 'node:crypto';
import {
  Opcode, Receiver, WS_GUID, applyMask, computeAcceptKey, createFrame, encodeFrame,
} from '../../lib/index.ts';
import { defineSection, gbps, mbps, perSecond, rate, type BenchRow } from './harness.ts';
import { wsJs, wsNative, type WsModules } from './ws-modules.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const KEY = new Uint8Array([0x12, 0x34, 0x56, 0x78]);
/** Bytes arrive as a socket delivers them: 64 KiB reads. */
const READ_SIZE = 64 * KiB;

function payloadOf(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
}

function textOf(size: number): Uint8Array {
  const unit = 'WebSocket frames carry UTF-8 text: ünïcödé, 日本語, emoji 😀. ';
  const bytes = new TextEncoder().encode(unit.repeat(Math.ceil(size / unit.length)));
  // Cut on a character boundary.
  let end = size;
  while ((bytes[end] & 0xc0) === 0x80) end--;
  return bytes.slice(0, end);
}

/** A stream of masked frames of `payload`, about `total` bytes long, cut into socket reads. */
function maskedStream(opcode: number, payload: Uint8Array, total: number): { chunks: Buffer[]; frames: number; bytes: number } {
  const frame = encodeFrame(createFrame(opcode, payload, { maskingKey: KEY }));
  const frames = Math.max(1, Math.floor(total / frame.length));
  const stream = Buffer.alloc(frames * frame.length);
  for (let i = 0; i < frames; i++) stream.set(frame, i * frame.length);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += READ_SIZE) chunks.push(stream.subarray(at, at + READ_SIZE));
  return { chunks, frames, bytes: stream.length };
}

function libParse(chunks: Buffer[], frames: number): () => void {
  return () => {
    const receiver = new Receiver({ role: 'server', maxMessageSize: 64 * MiB });
    let count = 0;
    for (const chunk of chunks) count += receiver.push(chunk).length;
    if (count !== frames) throw new Error(`lib delivered ${count} of ${frames} messages`);
  };
}

function wsParse(ws: WsModules, chunks: Buffer[], frames: number): () => void {
  return () => {
    const receiver = new ws.Receiver({ isServer: true, maxPayload: 64 * MiB, binaryType: 'nodebuffer' });
    let count = 0;
    receiver.on('message', () => { count++; });
    for (const chunk of chunks) receiver.write(chunk);
    if (count !== frames) throw new Error(`ws delivered ${count} of ${frames} messages`);
  };
}

function parseRow(name: string, opcode: number, payload: Uint8Array, target?: BenchRow['target']): BenchRow {
  const { chunks, frames, bytes } = maskedStream(opcode, payload, payload.length >= MiB ? 8 * MiB : 4 * MiB);
  return {
    name,
    lib: mbps(rate(libParse(chunks, frames), bytes)),
    others: {
      'ws-js': mbps(rate(wsParse(wsJs, chunks, frames), bytes)),
      'ws-native': wsNative ? mbps(rate(wsParse(wsNative, chunks, frames), bytes)) : undefined,
    },
    target,
  };
}

function encodeRow(size: number): BenchRow {
  const payload = payloadOf(size);
  const buffer = Buffer.from(payload);
  const repeat = Math.max(1, Math.floor(MiB / size));
  const bytes = repeat * size;
  const maskBuffer = Buffer.from(KEY);
  const wsEncode = (ws: WsModules) => () => {
    for (let i = 0; i < repeat; i++) {
      ws.Sender.frame(buffer, { fin: true, rsv1: false, opcode: Opcode.Binary, mask: true, maskBuffer, generateMask: () => {}, readOnly: true });
    }
  };
  return {
    name: `encode masked binary ${label(size)}`,
    lib: mbps(rate(() => {
      for (let i = 0; i < repeat; i++) encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: KEY });
    }, bytes)),
    others: { 'ws-js': mbps(rate(wsEncode(wsJs), bytes)), 'ws-native': wsNative ? mbps(rate(wsEncode(wsNative), bytes)) : undefined },
  };
}

function maskRow(size: number): BenchRow {
  const data = Buffer.from(payloadOf(size));
  const maskBuffer = Buffer.from(KEY);
  return {
    name: `applyMask ${label(size)}`,
    lib: gbps(rate(() => { applyMask(data, KEY); }, size)),
    others: {
      'ws-js': gbps(rate(() => { wsJs.bufferUtil.unmask(data, maskBuffer); }, size)),
      'ws-native': wsNative ? gbps(rate(() => { wsNative!.bufferUtil.unmask(data, maskBuffer); }, size)) : undefined,
    },
    target: size === MiB ? { against: '', absolute: 3 } : undefined,
  };
}

function label(size: number): string {
  return size >= MiB ? `${size / MiB} MiB` : size >= KiB ? `${size / KiB} KiB` : `${size} B`;
}

const SIZES = [16, KiB, 64 * KiB, MiB];
const KEYS = Array.from({ length: 256 }, (_, i) => Buffer.from(new Uint8Array(16).fill(i)).toString('base64'));

defineSection({
  name: 'Receiver: parse masked frames as a server receives them (64 KiB reads)',
  columns: ['ws-js', 'ws-native'],
  run: () => [
    ...SIZES.map((size) => parseRow(`parse binary ${label(size)}`, Opcode.Binary, payloadOf(size), { against: 'ws-js', ratio: size >= 64 * KiB ? 2 : 1 })),
    // Text needs UTF-8 validation: lib uses the platform's streaming TextDecoder, while ws
    // (even with WS_NO_BUFFER_UTIL) uses Node's native buffer.isUtf8, so the bar is parity.
    parseRow('parse text 1 MiB', Opcode.Text, textOf(MiB), { against: 'ws-js', ratio: 1 }),
  ],
});

defineSection({
  name: 'encodeFrame: masked binary frames (a copy is masked; the payload is untouched)',
  columns: ['ws-js', 'ws-native'],
  run: () => SIZES.map(encodeRow),
});

defineSection({
  name: 'applyMask: XOR in place',
  columns: ['ws-js', 'ws-native'],
  run: () => [KiB, 64 * KiB, MiB].map(maskRow),
});

defineSection({
  name: 'Sec-WebSocket-Accept',
  columns: ['node:crypto'],
  run: () => [{
    name: 'computeAcceptKey',
    lib: perSecond(rate(() => { for (const key of KEYS) computeAcceptKey(key); }, KEYS.length), 'keys'),
    others: {
      'node:crypto': perSecond(rate(() => { for (const key of KEYS) createHash('sha1').update(key + WS_GUID).digest('base64'); }, KEYS.length), 'keys'),
    },
  }],
});
