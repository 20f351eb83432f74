/**
 * A WebSocket client for the real-server rows of `npm run bench` that costs less per echo
 * than the servers it drives, so that the server, not the client, sets the pace. It speaks
 * RFC 6455 over a plain socket: the opening handshake (its Sec-WebSocket-Accept checked),
 * binary frames masked with a fresh random key each (§5.3), and a Close 1000 answered by
 * the server's Close. What makes it cheap:
 *
 * - It keeps up to IN_FLIGHT bytes of frames in flight and reuses their buffers: a frame's
 *   buffer is written again only after its echo has come back, so the server has read it.
 *   No allocation per frame, and the refills go out together, half a window at a time.
 * - It reads echoes by their headers and compares each payload, piece by piece as the reads
 *   cut it, with the bytes it sent: nothing is copied or gathered.
 *
 * Both servers get the same client, so the comparison stays fair; what changes is how much
 * of the machine is left to them.
 */
import { connect } from 'node:net';
import { once } from 'node:events';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';

/** Bytes in flight: at 64 KiB, 64 frames, enough that the server never waits for the next one. */
const IN_FLIGHT = 4 * 1024 * 1024;
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;

type Mask = (source: Buffer, mask: Buffer, output: Buffer, offset: number, length: number) => void;

/** `output[offset + i] = source[i] ^ mask[i % 4]`, in JavaScript. */
const maskLoop: Mask = (source, key, output, offset, length) => {
  for (let i = 0; i < length; i++) output[offset + i] = source[i] ^ key[i & 3];
};
/** Below this, calling bufferutil costs more than the loop. */
const NATIVE_FROM = 64;
/** The same, by bufferutil (as the ws client does it) from NATIVE_FROM bytes on, when it is installed. */
const mask: Mask = (() => {
  try {
    const native = (createRequire(import.meta.url)('bufferutil') as { mask: Mask }).mask;
    return (source, key, output, offset, length) => (length < NATIVE_FROM ? maskLoop : native)(source, key, output, offset, length);
  } catch {
    return maskLoop;
  }
})();

/** Masking keys, made in bulk: one call to the random source per 1,024 frames, not one per frame. */
class MaskingKeys {
  private readonly pool = Buffer.allocUnsafe(4 * 1024);
  private at = this.pool.length;

  /** Writes a fresh random key into `frame` at `offset`. */
  writeTo(frame: Buffer, offset: number): void {
    if (this.at === this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    this.pool.copy(frame, offset, this.at, this.at + 4);
    this.at += 4;
  }
}

/** A masked frame's header for `size` bytes of binary payload; its last four bytes are the masking key's place. */
function frameHeader(size: number): Buffer {
  const extended = size < 126 ? 0 : size < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + 4);
  header[0] = 0x80 | OPCODE_BINARY;
  if (extended === 0) header[1] = 0x80 | size;
  else if (extended === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(size, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(size), 2);
  }
  return header;
}

/** The server's answers, frame by frame: each must be a whole unmasked binary frame echoing `payload`, until its Close. */
class EchoReader {
  received = 0;
  private readonly header = Buffer.alloc(10);
  private have = 0;
  private need = 2;
  /** Payload bytes of the current frame still to come; -1 while reading a header. */
  private remaining = -1;
  private at = 0;
  private opcode = 0;

  constructor(private readonly payload: Buffer, private readonly onEcho: () => void, private readonly onClose: () => void) {}

  /** Reads a chunk; throws when the server sends anything but the echo it owes. */
  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining < 0) {
        while (this.have < this.need && i < chunk.length) this.header[this.have++] = chunk[i++];
        if (this.have < this.need) return;
        const length7 = this.header[1] & 0x7f;
        if (this.need === 2 && length7 >= 126) {
          this.need = length7 === 126 ? 4 : 10;
          continue;
        }
        if (this.header[1] & 0x80) throw new Error('the server masked a frame (RFC 6455 §5.1)');
        this.opcode = this.header[0] & 0x0f;
        this.remaining = length7 === 126 ? this.header.readUInt16BE(2) : length7 === 127 ? Number(this.header.readBigUInt64BE(2)) : length7;
        this.at = 0;
        this.have = 0;
        this.need = 2;
        if (this.opcode === OPCODE_CLOSE) return this.onClose();
        if (this.header[0] !== (0x80 | OPCODE_BINARY) || this.remaining !== this.payload.length) {
          throw new Error(`expected a ${this.payload.length}-byte binary echo, got opcode ${this.opcode} with ${this.remaining} bytes`);
        }
      }
      const n = Math.min(this.remaining, chunk.length - i);
      if (chunk.compare(this.payload, this.at, this.at + n, i, i + n) !== 0) throw new Error(`echo ${this.received + 1} differs from what was sent`);
      i += n;
      this.at += n;
      this.remaining -= n;
      if (this.remaining === 0) {
        this.remaining = -1;
        this.received++;
        this.onEcho();
      }
    }
  }
}

/**
 * Connects to `url`, echoes `count` binary messages of `payload` with IN_FLIGHT bytes in flight,
 * closes: the milliseconds that took and the microseconds of CPU this process used.
 */
export async function framesEcho(url: string, payload: Buffer, count: number): Promise<{ ms: number; cpu: number }> {
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);

  const header = frameHeader(payload.length);
  const keyAt = header.length - 4;
  const window = Math.min(count, Math.max(1, Math.floor(IN_FLIGHT / (header.length + payload.length))));
  const frames = Array.from({ length: window }, () => {
    const frame = Buffer.allocUnsafe(header.length + payload.length);
    header.copy(frame);
    return frame;
  });
  const keys = new MaskingKeys();
  let sent = 0;
  let reader!: EchoReader;
  const send = () => {
    const frame = frames[sent % frames.length];
    sent++;
    keys.writeTo(frame, keyAt);
    mask(payload, frame.subarray(keyAt, header.length), frame, header.length, payload.length);
    socket.write(frame);
  };
  /** Fills the window up again, in one write. */
  const refill = () => {
    socket.cork();
    while (sent < count && sent - reader.received < frames.length) send();
    socket.uncork();
  };

  const closed = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the connection closed after ${reader.received} of ${count} echoes`)));
    reader = new EchoReader(payload, () => {
      if (reader.received === count) {
        const close = Buffer.from([0x80 | OPCODE_CLOSE, 0x82, 0, 0, 0, 0, 0x03, 0xe8]);
        randomFillSync(close, 2, 4);
        close[6] ^= close[2];
        close[7] ^= close[3];
        socket.write(close);
      } else if (sent < count && sent - reader.received <= frames.length / 2) refill();
    }, () => {
      if (reader.received !== count) return reject(new Error(`the server closed after ${reader.received} of ${count} echoes`));
      socket.removeAllListeners('close');
      socket.end();
      socket.once('close', () => resolve());
    });
    let head: Buffer | undefined = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      try {
        if (!head) return reader.push(chunk);
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const response = head.subarray(0, end).toString('latin1');
        const rest = head.subarray(end + 4);
        head = undefined;
        const answered = response.split('\r\n').find((line) => /^sec-websocket-accept:/i.test(line))?.slice('sec-websocket-accept:'.length).trim();
        if (!/^HTTP\/1\.1 101 /.test(response) || answered !== accept) {
          throw new Error(`the server did not accept the handshake: ${response.split('\r\n')[0]}`);
        }
        refill();
        if (rest.length > 0) reader.push(rest);
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    });
  });
  await closed;
  const cpu = process.cpuUsage(cpuAtStart);
  return { ms: performance.now() - start, cpu: cpu.user + cpu.system };
}
