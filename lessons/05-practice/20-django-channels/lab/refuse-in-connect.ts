/**
 * connect() decides before accept(): alice's page holds a session cookie and is accepted
 * (101); a visitor's page holds none — AnonymousUser — and the consumer's close() before
 * accept() refuses the handshake, as Daphne does, with 403. The visitor's page sees only an
 * error event and close 1006; no WebSocket was ever open, so no Close frame crossed.
 */
import { LabServer, defineScenario } from '#authoring';
import { InMemoryLayer, asApp } from '../lab-kit/channels.ts';
import { ChatConsumer, signedIn } from '../lab-kit/chat-consumer.ts';

export default defineScenario({
  title: 'Refusing in connect()',
  description: 'alice\'s browser sends a session cookie, the visitor\'s does not. The consumer checks scope["user"] in connect() and closes before accepting the visitor.',
  // Switched on: latency delays both handshakes, and the visitor is still refused before any WebSocket
  // opens; a drop after 140 bytes cuts alice's connection inside her echo (disconnect runs with 1006).
  faultDefaults: { latency: 100, drop: { direction: 'server→client', bytes: 140 } },
  pages: { alice: signedIn('alice') },
  server: () => new LabServer().websocket('/ws/chat/{room}', asApp(ChatConsumer, { layer: new InMemoryLayer('daphne') })),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(300);
      ws.send('hi, anyone?');
      await sleep(500);
      ws.close(1000);
    },
    visitor: async ({ WebSocket, sleep }) => {
      await sleep(100);
      new WebSocket('ws://lab/ws/chat/general');
    },
  },
});
