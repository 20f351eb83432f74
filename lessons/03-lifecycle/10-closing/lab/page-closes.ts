/**
 * The page closes: after the first echo it calls socket.close(1000, "done"). The server's
 * handler echoes the code without the text, then closes TCP first; each end reports the
 * Close frame it received. The other endings in this folder share its chat endpoint.
 */
import { LabServer, defineScenario, type ClientContext, type FaultSettings, type Scenario } from '#authoring';

/** One-way delay of the lab network, so the order of events shows in the times. */
export const CLOSING_LATENCY_MS = 20;

/**
 * Numbers each fault starts from in these runs, so it fires: the exchange is a few 20 ms
 * hops (quiet for 20 ms at a time), 129 bytes of handshake reach the page before the echo
 * (its first letter at byte 131), and the connection is open from 40 ms to about 100 ms.
 */
const FAULT_DEFAULTS: FaultSettings = {
  idleTimeout: 10,
  drop: { direction: 'server→client', bytes: 130 },
  flip: { direction: 'server→client', offset: 131, bit: 0 },
  restart: { at: 50, downMs: 1000 },
};

/**
 * The chat endpoint of the closing lab: it echoes text, closes with 1000 "bye" when the
 * page sends "/quit", and logs what `ws.closed` reported when the connection ended.
 */
function chatServer({ log }: { log(text: string): void }): LabServer {
  return new LabServer().websocket('/ws/chat', async (ws) => {
    await ws.accept();
    void ws.closed.then(({ code, reason, wasClean }) => log(`ws.closed: code ${code}, reason “${reason}”, wasClean ${wasClean}`));
    for await (const message of ws) {
      if (message === '/quit') {
        await ws.close(1000, 'bye');
        return;
      }
      await ws.sendText(`echo: ${String(message)}`);
    }
  });
}

/**
 * A closing-lab scenario: the page connects to the chat endpoint, sends “hello”, and on
 * the echo does `onEcho` with its socket.
 */
export function closingScenario(title: string, description: string, onEcho: (socket: WebSocket) => void, faults: FaultSettings = {}): Scenario {
  const client = ({ WebSocket }: ClientContext) => {
    const socket = new WebSocket('ws://lab.local/ws/chat') as unknown as WebSocket;
    socket.onopen = () => socket.send('hello');
    socket.onmessage = () => {
      // Only the first echo: what happens next is the ending.
      socket.onmessage = null;
      onEcho(socket);
    };
  };
  return defineScenario({
    title,
    description,
    faults: { latency: CLOSING_LATENCY_MS, ...faults },
    faultDefaults: FAULT_DEFAULTS,
    server: chatServer,
    client,
  });
}

export default closingScenario(
  'The page closes',
  'The page sends “hello”, gets the echo, and calls socket.close(1000, "done").',
  (socket) => socket.close(1000, 'done'),
);
