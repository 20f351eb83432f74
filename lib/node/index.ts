/** Real sockets → lab endpoints (Node only). */
export * from './socket-transport.ts';
export * from './upgrade.ts';
