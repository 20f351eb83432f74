import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { once } from 'node:events';
import { Opcode, Receiver, applyMask, createFrame, encodeFrame, type ReceiverEvent } from '../../../../lib/index.ts';
import { nativeMask, socketTransport } from '../../../../lib/node/index.ts';
import { expectMovedDown } from '../protocol/helpers.ts';

describe('nativeMask (bufferutil, an optional dependency the project installs)', () => {
  it('is there: npm ci installs the addon on this platform', () => {
    expect(nativeMask).toBeTypeOf('function');
  });

  it('does exactly what applyMask does, at any offset, length and alignment', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 2000, size: 'max' }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }),
      (bytes, key, offset, shift) => {
        const backing = new Uint8Array(bytes.length + 8);
        backing.set(bytes, shift);
        const expected = applyMask(bytes.slice(), key, offset);
        nativeMask!(backing.subarray(shift, shift + bytes.length), key, offset);
        expect([...backing.subarray(0, shift), ...backing.subarray(shift + bytes.length)].every((b) => b === 0)).toBe(true);
        expect(Buffer.compare(backing.subarray(shift, shift + bytes.length), expected)).toBe(0);
      },
    ));
  });

  it('writes into a target exactly what applyMask does, leaving the source and the rest of the target as they were', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 2000, size: 'max' }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }),
      (bytes, key, offset, sourceShift, shift, spare) => {
        const sourceBacking = new Uint8Array(bytes.length + 8);
        sourceBacking.set(bytes, sourceShift);
        const source = sourceBacking.subarray(sourceShift, sourceShift + bytes.length);
        const backing = new Uint8Array(shift + bytes.length + spare + 4).fill(0xee);
        const written = nativeMask!(source, key, offset, backing.subarray(shift, shift + bytes.length + spare));
        expect(written.length).toBe(bytes.length);
        expect(written.byteOffset).toBe(shift);
        expect(Buffer.compare(written, applyMask(bytes.slice(), key, offset))).toBe(0);
        expect(Buffer.compare(source, bytes)).toBe(0);
        expect([...backing.subarray(0, shift), ...backing.subarray(shift + bytes.length)].every((b) => b === 0xee)).toBe(true);
      },
    ));
  });

  it('moves bytes down within their own buffer, into a target that overlaps them, as applyMask does', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 3000, size: 'max' }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.oneof(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 73, max: 2000 })), fc.integer({ min: 0, max: 15 }),
      (bytes, key, offset, distance, lead) => expectMovedDown(nativeMask!, bytes, key, offset, distance, lead, applyMask(bytes.slice(), key, offset)),
    ));
  });

  it('refuses a key that is not 4 bytes, or a target too short, as applyMask does', () => {
    expect(() => nativeMask!(new Uint8Array(100), new Uint8Array(3))).toThrow(RangeError);
    expect(() => nativeMask!(new Uint8Array(100), new Uint8Array(4), 0, new Uint8Array(99))).toThrow(RangeError);
  });

  it('gives a receiver that is handed its chunks the same messages as applyMask, however large messages are cut', () => {
    const key = new Uint8Array([0x5a, 0x01, 0xc3, 0x77]);
    fc.assert(fc.property(
      fc.array(fc.record({ size: fc.integer({ min: 0, max: 150_000 }), seed: fc.nat(255), text: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }),
      (messages, reads) => {
        const payloads = messages.map(({ size, seed, text }) => (text ? new TextEncoder().encode('é'.repeat(size >> 1)) : new Uint8Array(size).map((_, i) => (i * 31 + seed) & 0xff)));
        const stream = Buffer.concat(payloads.map((payload, i) => encodeFrame(createFrame(messages[i].text ? Opcode.Text : Opcode.Binary, payload, { maskingKey: key }))));
        const expected = new Receiver({ role: 'server', maxMessageSize: 1 << 20 }).push(stream);
        const receiver = new Receiver({ role: 'server', maxMessageSize: 1 << 20, unmaskInPlace: true, mask: nativeMask });
        const events: ReceiverEvent[] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const end = Math.min(stream.length, at + reads[i % reads.length]);
          events.push(...receiver.push(stream.slice(at, end)));
          at = end;
        }
        // Compared as strings: a deep equality of megabytes of typed arrays is slow.
        const flat = (list: ReceiverEvent[]) => list.map((event) => `${event.type}:${'data' in event ? (typeof event.data === 'string' ? event.data : Buffer.from(event.data.buffer, event.data.byteOffset, event.data.length).toString('latin1')) : ''}`);
        expect(flat(events)).toEqual(flat(expected));
        expect(expected).toHaveLength(messages.length);
      },
    ), { numRuns: 40 });
  });
});

describe('socketTransport', () => {
  it('unmasks with the addon and allocates message buffers unzeroed, as plain Uint8Arrays of their own', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const [socket] = await once(server, 'connection') as [net.Socket];
    try {
      const transport = socketTransport(socket);
      expect(transport.mask).toBe(nativeMask);
      const buffer = transport.allocate!(70_000);
      expect(buffer.constructor).toBe(Uint8Array);
      expect(buffer.length).toBe(70_000);
      expect(buffer.buffer.byteLength).toBe(70_000);
    } finally {
      client.destroy();
      socket.destroy();
      server.close();
    }
  });
});
