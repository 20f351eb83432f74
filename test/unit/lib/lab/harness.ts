/** Test helpers: a lab run with a scripted browser-style client, recording events. */
import { LabServer, createLabRun, type LabRunOptions } from '../../../../lib/lab/index.ts';

export interface ClientLog {
  events: string[];
  messages: unknown[];
  close?: { code: number; reason: string; wasClean: boolean };
}

/** Records a LabWebSocket's events as strings, in order. */
export function record(ws: { addEventListener: EventTarget['addEventListener'] }): ClientLog {
  const log: ClientLog = { events: [], messages: [] };
  ws.addEventListener('open', () => log.events.push('open'));
  ws.addEventListener('error', () => log.events.push('error'));
  ws.addEventListener('message', (event) => {
    log.events.push('message');
    log.messages.push((event as MessageEvent).data);
  });
  ws.addEventListener('close', (event) => {
    const e = event as Event & { code: number; reason: string; wasClean: boolean };
    log.events.push('close');
    log.close = { code: e.code, reason: e.reason, wasClean: e.wasClean };
  });
  return log;
}

/** An echo server with a few behaviours chosen by path. */
export function echoServer(): LabServer {
  const app = new LabServer();
  app.websocket('/echo', async (ws) => {
    await ws.accept({ protocol: ws.pickProtocol(['chat', 'json']) });
    for await (const message of ws) {
      if (typeof message === 'string') await ws.sendText(message);
      else await ws.sendBytes(message);
    }
  });
  app.websocket('/bye/{code}', async (ws) => {
    await ws.accept();
    await ws.close(Number(ws.params.code), 'server says bye');
  });
  app.websocket('/throws', async (ws) => {
    await ws.accept();
    await ws.receiveText();
    throw new Error('handler bug');
  });
  app.websocket('/private', (ws) => ws.reject(403));
  app.websocket('/silent', async (ws) => {
    await ws.accept();
    await ws.closed;
  });
  return app;
}

/** A lab run over `server` with a virtual clock. */
export function labRun(server = echoServer(), options: Omit<LabRunOptions, 'server'> = {}) {
  return createLabRun({ server, seed: 42, ...options });
}
