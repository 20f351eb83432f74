/**
 * The same consumer and the same three clients, but each node has its own InMemoryChannelLayer:
 * a group lives in one process's memory. carol, on alice's node, hears alice; bob, on node b,
 * hears only himself, and nobody hears bob. Nothing fails and nothing is logged.
 */
import { LabServer, defineScenario } from '#authoring';
import { InMemoryLayer, asApp } from '../lab-kit/channels.ts';
import { ChatConsumer, signedIn } from '../lab-kit/chat-consumer.ts';

export default defineScenario({
  title: 'InMemoryChannelLayer on two processes',
  description: 'alice and carol are on node a, bob on node b. Each process has its own in-memory layer, so chat_general is two groups that never meet.',
  placement: 'round-robin',
  // Switched on: latency makes the run slower and still nobody on node a hears bob; a drop after
  // 140 bytes cuts a connection inside the first message it is sent.
  faultDefaults: { latency: 150, drop: { direction: 'server→client', bytes: 140 } },
  pages: { alice: signedIn('alice'), bob: signedIn('bob'), carol: signedIn('carol') },
  nodes: ({ log }) => ({
    a: new LabServer().websocket('/ws/chat/{room}', asApp(ChatConsumer, { layer: new InMemoryLayer('a', (text) => log(text, 'a')) })),
    b: new LabServer().websocket('/ws/chat/{room}', asApp(ChatConsumer, { layer: new InMemoryLayer('b', (text) => log(text, 'b')) })),
  }),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(400);
      ws.send('hello from node a');
      await sleep(800);
      ws.close(1000);
    },
    bob: async ({ WebSocket, sleep }) => {
      await sleep(50);
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(650);
      ws.send('bob here, on node b');
      await sleep(600);
      ws.close(1000);
    },
    carol: async ({ WebSocket, sleep }) => {
      await sleep(100);
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(1200);
      ws.close(1000);
    },
  },
});
