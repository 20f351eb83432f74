/**
 * An echo server in a process of its own, for the real-server rows of `npm run bench`:
 * `lab` (the lab's HTTP server and its /ws/echo) or `ws` (a ws WebSocketServer echoing).
 * It sends its URL to the parent, then answers 'mark' (start counting CPU time) and 'cpu'
 * (the CPU time used since the mark, in microseconds).
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createLabHttpServer } from '../../server/app.ts';
import { removeFolder, temporaryFolder } from '../fixtures/temporary-folder.ts';

/** The lab server's stub site, removed when the bench is done with this process. */
let site: string | undefined;

async function listen(kind: string): Promise<string> {
  if (kind === 'lab') {
    site = temporaryFolder('wslab-bench-');
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>bench</title>');
    const lab = createLabHttpServer({ root: site, maxMessageSize: 1024 * 1024 });
    return (await lab.listen(0, '127.0.0.1')).replace('http', 'ws') + 'ws/echo';
  }
  const ws = createRequire(import.meta.url)('ws') as typeof import('ws');
  const wss = new ws.WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
  });
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
}

const url = await listen(process.argv[2]);
let mark = process.cpuUsage();
process.on('message', (message) => {
  if (message === 'mark') {
    mark = process.cpuUsage();
    process.send!({ marked: true });
  } else if (message === 'cpu') {
    const used = process.cpuUsage(mark);
    process.send!({ cpu: used.user + used.system });
  }
});
process.on('disconnect', () => {
  if (site) removeFolder(site);
  process.exit(0);
});
process.send!({ url });
