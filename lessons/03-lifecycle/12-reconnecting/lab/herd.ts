/**
 * Five pages lose the same server at the same moment and retry with the same backoff. With
 * no jitter they retry in lockstep — every refusal, and the first handshake after the
 * server is back, lands on the same millisecond; with jitter they spread out.
 */
import { LabServer, defineScenario } from '#authoring';

const NAMES = ['ana', 'ben', 'cai', 'dee', 'eve'] as const;
const BASE_MS = 500;
const CAP_MS = 8000;

/** The wait before retry n with the chosen jitter: 0 none, 1 equal (half fixed, half random), 2 full. */
function waitFor(n: number, jitter: number, random: () => number): number {
  const window = Math.min(CAP_MS, BASE_MS * 2 ** n);
  if (jitter === 0) return window;
  if (jitter === 1) return Math.floor(window / 2 + random() * (window / 2));
  return Math.floor(random() * window);
}

export default defineScenario({
  title: 'Five pages and a restarting server',
  description: 'Five pages, opened at different moments, hold a connection to the same server. It restarts at 1 s and refuses handshakes for 6 s. Each page retries with exponential backoff (500 ms doubling, 8 s cap), with the jitter you choose: 0 none, 1 equal, 2 full. Once back in, each page stays a second and leaves.',
  params: {
    jitter: { label: 'Jitter: 0 none, 1 equal, 2 full', default: 0, min: 0, max: 2 },
  },
  faults: { restart: { at: 1000, downMs: 6000 } },
  // So each fault fires here: the pages sit quiet for a second, and the server's only frame
  // after its 129-byte handshake is the Close at the end (its code's first byte is 131).
  faultDefaults: { idleTimeout: 500, drop: { direction: 'server→client', bytes: 131 }, flip: { direction: 'server→client', offset: 131, bit: 0 } },
  server: ({ sleep, log }) => {
    let burst = 0;
    return new LabServer().websocket('/ws/live', async (ws) => {
      await ws.accept();
      // Count the handshakes that arrive at the same moment as this one.
      burst += 1;
      if (burst === 1) {
        void sleep(0).then(() => {
          log(burst === 1 ? '1 handshake on its own' : `${burst} handshakes in the same millisecond`);
          burst = 0;
        });
      }
      for await (const message of ws) void message;
    });
  },
  clients: Object.fromEntries(NAMES.map((name, index) => [name, async ({ WebSocket, sleep, log, random, params }) => {
    // The pages were opened at different moments; the restart is what lines them up.
    await sleep(index * 150);
    let failures = 0;
    let opens = 0;
    for (;;) {
      const code = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://lab.local/ws/live?name=${name}`);
        socket.onopen = () => {
          opens += 1;
          // Back in after the restart: stay a moment, then leave.
          if (opens > 1) void sleep(1000).then(() => socket.close(1000, 'bye'));
        };
        socket.onclose = (event) => resolve(event.code);
      });
      if (code === 1000) return;
      const delay = waitFor(failures, params.jitter, random);
      failures += 1;
      log(`retry ${failures} in ${delay} ms`);
      await sleep(delay);
    }
  }])),
});
