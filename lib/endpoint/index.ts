/** One connection's state machine over a byte transport, and what it needs injected. */
export * from './transport.ts';
export * from './time.ts';
export * from './emitter.ts';
export * from './endpoint.ts';
