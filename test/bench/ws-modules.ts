/**
 * Two instances of ws's internals in one process: one with its pure-JS paths
 * (WS_NO_BUFFER_UTIL=1, read by ws when the module loads) and one with the native
 * bufferutil addon, when it is installed. The require cache is cleared between loads.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// ws's internals are not in its exports map, so they are loaded by path.
const WS_LIB = join(dirname(require.resolve('ws')), 'lib');

/** The parts of ws the benchmark drives. */
export interface WsModules {
  Receiver: new (options: Record<string, unknown>) => {
    on(event: string, listener: (...args: unknown[]) => void): void;
    write(chunk: Buffer): boolean;
  };
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
  bufferUtil: { unmask(buffer: Buffer, mask: Buffer): void };
  native: boolean;
}

function clearWs(): void {
  for (const id of Object.keys(require.cache)) {
    if (/[\\/]node_modules[\\/]ws[\\/]/.test(id)) delete require.cache[id];
  }
}

function load(noBufferUtil: boolean): WsModules {
  const previous = process.env.WS_NO_BUFFER_UTIL;
  if (noBufferUtil) process.env.WS_NO_BUFFER_UTIL = '1';
  else delete process.env.WS_NO_BUFFER_UTIL;
  clearWs();
  try {
    const modules = {
      Receiver: require(join(WS_LIB, 'receiver.js')),
      Sender: require(join(WS_LIB, 'sender.js')),
      bufferUtil: require(join(WS_LIB, 'buffer-util.js')),
    };
    let native = false;
    if (!noBufferUtil) {
      try {
        require.resolve('bufferutil');
        native = true;
      } catch {
        native = false;
      }
    }
    return { ...modules, native };
  } finally {
    if (previous === undefined) delete process.env.WS_NO_BUFFER_UTIL;
    else process.env.WS_NO_BUFFER_UTIL = previous;
    clearWs();
  }
}

/** ws with its pure-JS masking. */
export const wsJs = load(true);
/** ws with bufferutil, or undefined when the addon is not installed. */
const withNative = load(false);
export const wsNative: WsModules | undefined = withNative.native ? withNative : undefined;
