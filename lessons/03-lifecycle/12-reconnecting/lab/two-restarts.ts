/**
 * A feed of numbered events and a page that keeps it open through two restarts: a graceful
 * one the server does itself (Close 1012, then 503 to new handshakes for a while), and a
 * crash from the run's restart fault (connections cut, new ones refused). The page retries
 * with full jitter, logs every wait, and resumes from the last event id it saw.
 */
import { LabServer, defineScenario, type ServerWebSocket } from '#authoring';

/** Close codes after which the page tries again. */
const RETRY_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
/** When the server restarts on its own, and for how long it refuses handshakes, ms. */
const GRACEFUL_AT = 8000;
const GRACEFUL_DOWN = 3000;
const MAX_ATTEMPTS = 8;
const STABLE_MS = 5000;

export default defineScenario({
  title: 'A feed through two restarts',
  description: 'The server sends an event a second. At 8 s it restarts gracefully: Close 1012 to the page, then 503 to every handshake for 3 s. At 18 s it crashes (the restart fault): the connection is cut and handshakes are refused for 4 s. The page retries after a random wait, logs each one, and asks for the events it missed.',
  params: {
    events: { label: 'Events to send', default: 30, min: 5, max: 120 },
    baseMs: { label: 'First retry window (ms)', default: 500, min: 50, max: 5000 },
    capMs: { label: 'Largest window (ms)', default: 8000, min: 500, max: 60000 },
  },
  faults: { restart: { at: 18_000, downMs: 4000 } },
  server: ({ sleep, log, params }) => {
    // The events outlive the server process, as they would in a database or Redis.
    const events: string[] = [];
    const open = new Set<ServerWebSocket>();
    let restarting = false;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      void (async () => {
        for (let id = 1; id <= params.events; id++) {
          await sleep(1000);
          events.push(`event ${id}`);
          // One connection that is closing must not stop the others.
          await Promise.allSettled([...open].map((ws) => ws.sendJson({ id, text: events[id - 1] })));
        }
      })();
      void (async () => {
        await sleep(GRACEFUL_AT);
        restarting = true;
        log(`restarting: Close 1012 to ${open.size} connection(s), 503 to handshakes for ${GRACEFUL_DOWN / 1000} s`);
        await Promise.allSettled([...open].map((ws) => ws.close(1012, 'server restarting')));
        await sleep(GRACEFUL_DOWN);
        restarting = false;
        log('back up');
      })();
    };
    return new LabServer().websocket('/ws/feed', async (ws) => {
      start();
      if (restarting) return ws.reject(503, { body: 'Restarting: try again shortly.\n' });
      const last = Number(ws.query.get('last') ?? 0);
      await ws.accept();
      if (last > 0) log(`resuming after event ${last}: ${events.length - last} missed event(s) to send first`);
      // Catch up, then join the live feed; events.length is read again after every await.
      for (let id = last + 1; id <= events.length; id++) await ws.sendJson({ id, text: events[id - 1] });
      open.add(ws);
      try {
        for await (const message of ws) void message;
      } finally {
        open.delete(ws);
      }
    });
  },
  client: async ({ WebSocket, sleep, log, random, params }) => {
    let lastId = 0;
    let failures = 0;
    for (;;) {
      const code = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://lab.local/ws/feed?last=${lastId}`);
        socket.onopen = () => {
          void sleep(STABLE_MS).then(() => {
            if (socket.readyState !== WebSocket.OPEN || failures === 0) return;
            failures = 0;
            log(`open for ${STABLE_MS / 1000} s: the failure count starts again from 0`);
          });
        };
        socket.onmessage = (event) => {
          const { id } = JSON.parse(String(event.data)) as { id: number };
          if (id !== lastId + 1) log(`expected event ${lastId + 1}, got ${id}`);
          lastId = id;
          if (id === params.events) socket.close(1000, 'got every event');
        };
        socket.onclose = (event) => resolve(event.code);
      });
      if (!RETRY_CODES.has(code)) {
        log(code === 1000 ? `closed with 1000 after event ${lastId}: done, no reconnect` : `closed with ${code}: not a code to retry`);
        return;
      }
      if (failures === MAX_ATTEMPTS) {
        log(`${MAX_ATTEMPTS} retries failed in a row: can't connect, giving up`);
        return;
      }
      const window = Math.min(params.capMs, params.baseMs * 2 ** failures);
      const delay = Math.floor(random() * window);
      failures += 1;
      log(`close ${code}: retry ${failures} in ${delay} ms (a random wait from 0 to ${window} ms)`);
      await sleep(delay);
    }
  },
});
