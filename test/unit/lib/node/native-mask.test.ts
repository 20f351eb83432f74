import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { once } from 'node:events';
import { applyMask } from '../../../../lib/index.ts';
import { nativeMask, socketTransport } from '../../../../lib/node/index.ts';

describe('nativeMask (bufferutil, an optional dependency the project installs)', () => {
  it('is there: npm ci installs the addon on this platform', () => {
    expect(nativeMask).toBeTypeOf('function');
  });

  it('does exactly what applyMask does, at any offset, length and alignment', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 2000 }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
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

  it('refuses a key that is not 4 bytes, as applyMask does', () => {
    expect(() => nativeMask!(new Uint8Array(100), new Uint8Array(3))).toThrow(RangeError);
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
