/**
 * Subprotocol negotiation with versioned names. One chat endpoint speaks chat.v2 (JSON)
 * and chat.v1 (plain text) and requires one of them. Four pages connect: one that knows
 * only v1, one that prefers v2, one that offers only mqtt, and one that offers nothing.
 * The `mistake` parameter swaps the refusal for the common mistake: accept, then close
 * with 1002.
 */
import { LabServer, defineScenario, type ClientContext } from '#authoring';

/** The versions the endpoint speaks, newest first. */
const SPOKEN = ['chat.v2', 'chat.v1'];

/** A page that offers `protocols`, says hello once open, and closes after the answer. */
const page = (protocols: string[]) => ({ WebSocket, log }: ClientContext) => {
  const socket = new WebSocket('ws://lab.local/ws/chat', protocols);
  socket.onopen = () => {
    log(`speaking "${socket.protocol}"`);
    socket.send('hello');
  };
  socket.onmessage = () => socket.close(1000, 'bye');
  socket.onclose = (event) => {
    if (event.code !== 1000) log(`the page only learns: close ${event.code}`);
  };
};

export default defineScenario({
  title: 'Versioned subprotocols: pick one, or refuse',
  description: 'The endpoint speaks chat.v2 and chat.v1 and needs one of them. old offers chat.v1; new offers chat.v2, then chat.v1; stranger offers mqtt; bare offers nothing. The server walks each list in the client’s order and refuses the handshake when nothing matches.',
  params: {
    mistake: { label: 'Refuse by accepting and closing with 1002 (1 = yes, 0 = no)', default: 0, min: 0, max: 1 },
  },
  faults: { latency: 5 },
  // So each fault fires in a 35 ms run: the sockets are open from 10 ms, 198 bytes reach the
  // page, and the first echo's first letter is byte 164 (after a 162-byte handshake).
  faultDefaults: {
    idleTimeout: 4,
    drop: { direction: 'server→client', bytes: 180 },
    restart: { at: 15, downMs: 1000 },
    flip: { direction: 'server→client', offset: 164, bit: 0 },
  },
  server: ({ log, params }) =>
    new LabServer().websocket('/ws/chat', async (ws) => {
      const offered = ws.protocols.length > 0 ? ws.protocols.join(', ') : 'nothing';
      const protocol = ws.pickProtocol(SPOKEN);
      if (!protocol) {
        if (params.mistake === 1) {
          log(`offered ${offered}: none spoken here; accepted anyway, then closed with 1002`);
          await ws.accept();
          await ws.close(1002, 'Unsupported subprotocol');
          return;
        }
        log(`offered ${offered}: none spoken here, refused with 400`);
        return ws.reject(400, { body: 'This endpoint speaks chat.v2 or chat.v1.\n' });
      }
      await ws.accept({ protocol });
      log(`offered ${offered}: picked ${protocol}`);
      for await (const message of ws) {
        // Each version has its own message format: that is what the name promises.
        if (protocol === 'chat.v2') await ws.sendJson({ type: 'echo', text: String(message) });
        else await ws.sendText(`echo: ${String(message)}`);
      }
    }),
  clients: {
    old: page(['chat.v1']),
    new: page(['chat.v2', 'chat.v1']),
    stranger: page(['mqtt']),
    bare: page([]),
  },
});
