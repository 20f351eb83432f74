/**
 * The public API of the WebSocket Lab protocol library (RFC 6455).
 * Pure TypeScript over Uint8Array: runs unchanged in the browser, a worker and Node.
 */
export * from './protocol/constants.ts';
export * from './protocol/errors.ts';
export * from './protocol/close.ts';
export * from './protocol/mask.ts';
export * from './protocol/frame.ts';
export * from './protocol/utf8.ts';
export * from './protocol/receiver.ts';
export * from './protocol/base64.ts';
export * from './protocol/http.ts';
export * from './protocol/handshake.ts';
export * from './protocol/explain.ts';
export * from './protocol/explain-handshake.ts';
