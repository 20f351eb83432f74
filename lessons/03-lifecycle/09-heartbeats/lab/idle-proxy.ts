/**
 * A quiet connection behind a proxy that cuts connections idle for 60 s. The page
 * subscribes to a feed whose first update comes 90 s later. With the server's heartbeat
 * off, the proxy cuts the connection at 60 s and the update never arrives; with a ping
 * every 20 s ("beat 1", "beat 2" …, each echoed by its pong), the proxy sees traffic and
 * the update gets through.
 */
import { LabServer, defineScenario, type Scenario, type ServerContext } from '#authoring';

/** The feed endpoint: one update 90 s after subscribing, and a heartbeat every `pingEvery` seconds (0: none). */
function feedServer({ sleep, log, params }: ServerContext): LabServer {
  return new LabServer().websocket('/ws/feed', async (ws) => {
    await ws.accept();
    const every = params.pingEvery * 1000;
    if (every > 0) {
      // The heartbeat of the exercise: ping, and terminate after two unanswered pings.
      let unanswered = 0;
      let beats = 0;
      ws.onPong(() => { unanswered = 0; });
      void (async () => {
        for (;;) {
          await sleep(every);
          if (ws.state !== 'open') return;
          if (unanswered >= 2) {
            log('two pings unanswered: terminating the connection');
            ws.terminate();
            return;
          }
          unanswered += 1;
          // Up to 125 bytes of anything; the pong brings the same bytes back.
          await ws.ping(new TextEncoder().encode(`beat ${++beats}`));
        }
      })();
    }
    void (async () => {
      await sleep(90_000);
      if (ws.state !== 'open') return log('90 s: an update is ready, but the connection is gone');
      await ws.sendText('update: the price moved');
      log('90 s: sent the update');
    })();
    for await (const message of ws) await ws.sendText(`subscribed to ${String(message)}`);
    const { code } = await ws.closed;
    log(`the connection ended with ${code}`);
  });
}

/** The scenario, with the heartbeat's default interval in seconds (0: off). */
export function behindIdleProxy(pingEvery: number, title: string, description: string): Scenario {
  return defineScenario({
    title,
    description,
    params: {
      pingEvery: { label: 'Server pings every (s, 0 = never)', default: pingEvery, min: 0, max: 120 },
    },
    faults: { idleTimeout: 60_000 },
    // 151 bytes reach the page when nothing is dropped.
    faultDefaults: { drop: { direction: 'server→client', bytes: 100 } },
    limitMs: 120_000,
    server: feedServer,
    client: ({ WebSocket, log }) => {
      const socket = new WebSocket('ws://lab.local/ws/feed');
      socket.onopen = () => socket.send('prices');
      socket.onmessage = (event) => {
        if (String(event.data).startsWith('update')) socket.close(1000, 'got the update');
      };
      socket.onclose = (event) => {
        if (event.code === 1006) log('the connection dropped without a Close frame: the update at 90 s will never arrive');
      };
    },
  });
}

export default behindIdleProxy(
  0,
  'A quiet connection behind an idle proxy',
  'The page subscribes to a feed whose first update comes after 90 s. A proxy between them cuts any connection that carries nothing for 60 s, and the server sends no pings.',
);
