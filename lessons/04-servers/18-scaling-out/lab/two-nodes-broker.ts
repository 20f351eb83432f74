/**
 * Two server nodes of one chat app joined by a broker: alice lands on node a, bob on node
 * b, both in #general. Each node publishes its members' messages on the room's channel
 * and sends what arrives there to its own members. By default node b loses its link to
 * the broker for two seconds: what is published meanwhile never reaches bob, and bob's
 * own message cannot be published at all; after the link is back, both hear each other again.
 */
import { LabServer, createChatHandler, defineScenario } from '#authoring';

export default defineScenario({
  title: 'Two nodes joined by a broker',
  description: 'alice is on node a and bob on node b, in one room. Each node subscribes once to chat:general and fans out what it receives. From 1 s to 3 s node b is cut off from the broker.',
  faults: { cutOff: { node: 'b', at: 1000, forMs: 2000 } },
  broker: { latency: 2 },
  // A plain load balancer that hands each new connection to the next node: a WebSocket needs no more.
  placement: 'round-robin',
  nodes: ({ broker }) => ({
    a: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker!.connect('a') })),
    b: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker!.connect('b') })),
  }),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general?name=alice');
      await sleep(300);
      ws.send('hi bob, this is alice on node a');
      await sleep(1200); // 1.5 s: node b is cut off
      ws.send('bob, are you still there?');
      await sleep(2000); // 3.5 s: the link is back
      ws.send('there you are');
      await sleep(1100);
      ws.close(1000);
    },
    bob: async ({ WebSocket, sleep }) => {
      await sleep(100);
      const ws = new WebSocket('ws://lab/ws/chat/general?name=bob');
      await sleep(400);
      ws.send('hi alice, bob here on node b');
      await sleep(1500); // 2 s: node b is cut off
      ws.send('did anyone hear me?');
      await sleep(2000); // 4 s
      ws.send('yes, back now');
      await sleep(800);
      ws.close(1000);
    },
  },
});
