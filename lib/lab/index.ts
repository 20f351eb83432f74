/** The in-browser network: memory pipes with faults and a tap, LabServer, LabWebSocket, the wire log. */
export * from './pipe.ts';
export * from './broker.ts';
export * from './network.ts';
export * from './server-socket.ts';
export * from './flow.ts';
export * from './proxy.ts';
export * from './server.ts';
export * from './websocket.ts';
export * from './wire-log.ts';
export * from './run.ts';
