/** Shared by the server tests: a tiny site, a server on an ephemeral port, raw requests, guards. */
import { onTestFinished } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLabHttpServer, type LabHttpOptions } from '../../../server/app.ts';
import { temporaryFolder } from '../../fixtures/temporary-folder.ts';

/**
 * A small built site in a temporary folder: a home page, a lesson folder, a script, the
 * 404 page. The caller removes it (removeFolder in test/fixtures/temporary-folder.ts).
 */
export function fixtureSite(): string {
  const root = temporaryFolder('wslab-site-');
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title><p>the home page');
  writeFileSync(join(root, '404.html'), '<!doctype html><title>not found</title>');
  mkdirSync(join(root, 'lessons', 'x'), { recursive: true });
  writeFileSync(join(root, 'lessons', 'x', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  return root;
}

/**
 * Starts a lab server on 127.0.0.1 and an ephemeral port, inside a test; it is shut down once
 * that test finishes. A concurrent test passes its own context's `onTestFinished`: the global
 * one cannot tell which of the tests running at once called it.
 */
export async function start(options: Partial<LabHttpOptions> & { root: string }, onFinished: typeof onTestFinished = onTestFinished) {
  const server = createLabHttpServer(options);
  onFinished(() => server.shutdown(200));
  const url = await server.listen(0, '127.0.0.1');
  return { server, url, port: Number(new URL(url).port), ws: url.replace('http', 'ws') };
}

/** `promise`, or a failure naming `what` after `ms`: a guard against hanging, never a timing check. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/**
 * Sends `text` over a fresh TCP connection; resolves with everything answered until the
 * server closes (or `ms` passes). A 101 leaves the connection open, so its answer is
 * complete once its head is.
 */
export async function raw(port: number, text: string, ms = 5000): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  let switched: () => void = () => {};
  const upgraded = new Promise<void>((resolve) => { switched = resolve; });
  socket.on('data', (chunk) => {
    answer += chunk.toString('latin1');
    if (answer.startsWith('HTTP/1.1 101 ') && answer.includes('\r\n\r\n')) switched();
  });
  socket.on('error', () => {});
  socket.write(text);
  await Promise.race([once(socket, 'close'), upgraded, new Promise((resolve) => setTimeout(resolve, ms))]);
  socket.destroy();
  return answer;
}

/** A request head from its lines. */
export const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

/** A valid WebSocket handshake for /ws/echo, Host 127.0.0.1. */
export const HANDSHAKE = ['GET /ws/echo HTTP/1.1', 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];

/** Polls `predicate` until it holds; fails after `ms` (a guard, not a timing check). */
export async function waitFor(predicate: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw client after a completed handshake: the socket, and every byte the server sent after its 101. */
export interface RawClient {
  socket: net.Socket;
  /** Bytes received after the 101 response's head. */
  received(): Buffer;
  closed: Promise<unknown>;
}

/**
 * Opens a WebSocket by hand on a raw TCP socket (optionally from another local address)
 * and resolves once the server has answered 101. The client then does nothing unless
 * told to: it never answers a ping by itself.
 */
export async function rawClient(port: number, options: { localAddress?: string; path?: string } = {}): Promise<RawClient> {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
  socket.on('error', () => {});
  // 'close' follows an error too (a reset, say): closed resolves either way.
  const closed = new Promise<unknown>((resolve) => socket.once('close', resolve));
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => { buffer = Buffer.concat([buffer, chunk]); });
  socket.write(head([`GET ${options.path ?? '/ws/echo'} HTTP/1.1`, ...HANDSHAKE.slice(1)]));
  await within(new Promise<void>((resolve, reject) => {
    const check = () => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', check);
      const status = buffer.subarray(0, end).toString('latin1').split('\r\n')[0];
      if (/^HTTP\/1\.1 101 /.test(status)) resolve();
      else reject(new Error(`handshake refused: ${status}`));
    };
    socket.on('data', check);
    void closed.then(() => reject(new Error('closed during the handshake')));
  }), 10_000, '101');
  const start = buffer.indexOf('\r\n\r\n') + 4;
  return { socket, received: () => buffer.subarray(start), closed };
}

/** The unmasked frames in `bytes` (server to client), as [opcode, payload] pairs; stops at an incomplete one. */
export function serverFrames(bytes: Buffer): Array<[number, Buffer]> {
  const frames: Array<[number, Buffer]> = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    let length = bytes[at + 1] & 0x7f;
    let offset = at + 2;
    if (length === 126) { length = bytes.readUInt16BE(offset); offset += 2; }
    else if (length === 127) { length = Number(bytes.readBigUInt64BE(offset)); offset += 8; }
    if (offset + length > bytes.length) break;
    frames.push([bytes[at] & 0x0f, bytes.subarray(offset, offset + length)]);
    at = offset + length;
  }
  return frames;
}

/** A masked client frame (opcode and payload), as a client must send it. */
export function clientFrame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}
