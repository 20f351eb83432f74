/**
 * The chat consumer on two nodes whose channel layer is built on the broker, as channels_redis'
 * pub/sub layer is on Redis: alice and carol land on node a, bob on node b. Each node
 * subscribes once to the group's broker channel; every group_send is one publish that
 * both nodes receive, and each hands it to its own members' chat_message.
 */
import { LabServer, defineScenario } from '#authoring';
import { BrokerLayer, asApp } from '../lab-kit/channels.ts';
import { ChatConsumer, signedIn } from '../lab-kit/chat-consumer.ts';

export default defineScenario({
  title: 'group_send through a broker',
  description: 'alice and carol are on node a, bob on node b, all in chat_general. Each node\'s channel layer subscribes once to asgi__group__chat_general; a group_send is one publish, delivered to both nodes.',
  broker: { latency: 2 },
  placement: 'round-robin',
  // Switched on, the broker goes down while alice's second message is on its way: group_send raises, and the consumer's exception closes her socket with 1011.
  faultDefaults: { brokerDown: { at: 900, forMs: 1000 } },
  pages: { alice: signedIn('alice'), bob: signedIn('bob'), carol: signedIn('carol') },
  nodes: ({ broker }) => ({
    a: new LabServer().websocket('/ws/chat/{room}', asApp(ChatConsumer, { layer: new BrokerLayer(broker!.connect('a')) })),
    b: new LabServer().websocket('/ws/chat/{room}', asApp(ChatConsumer, { layer: new BrokerLayer(broker!.connect('b')) })),
  }),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(400);
      ws.send('hello from node a');
      await sleep(600); // 1 s
      ws.send('does node b hear this?');
      await sleep(1400);
      ws.close(1000);
    },
    bob: async ({ WebSocket, sleep }) => {
      await sleep(50);
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(650);
      ws.send('bob here, on node b');
      await sleep(1600);
      ws.close(1000);
    },
    carol: async ({ WebSocket, sleep }) => {
      await sleep(100);
      const ws = new WebSocket('ws://lab/ws/chat/general');
      await sleep(2300);
      ws.close(1000);
    },
  },
});
