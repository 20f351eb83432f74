/** Real sockets → lab endpoints (Node only). */
export * from './socket-transport.ts';
export * from './native-mask.ts';
export * from './upgrade.ts';
