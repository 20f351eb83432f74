/**
 * The same two chat nodes with no broker: each knows only its own sockets. alice and
 * carol land on node a, bob on node b, all in #general. carol hears alice; bob hears
 * no one, and no one hears bob.
 */
import { LabServer, createChatHandler, defineScenario } from '#authoring';

export default defineScenario({
  title: 'Two nodes, no broker',
  description: 'alice and carol are on node a, bob on node b, all in #general. Each node keeps its rooms in its own memory, so a room is really two rooms.',
  placement: 'round-robin',
  nodes: () => ({
    a: new LabServer().websocket('/ws/chat/{room}', createChatHandler()),
    b: new LabServer().websocket('/ws/chat/{room}', createChatHandler()),
  }),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general?name=alice');
      await sleep(300);
      ws.send('hello, everyone in #general');
      await sleep(700);
      ws.close(1000);
    },
    bob: async ({ WebSocket, sleep }) => {
      await sleep(50);
      const ws = new WebSocket('ws://lab/ws/chat/general?name=bob');
      await sleep(450);
      ws.send('hello? is anyone here?');
      await sleep(600);
      ws.close(1000);
    },
    carol: async ({ WebSocket, sleep }) => {
      await sleep(100);
      const ws = new WebSocket('ws://lab/ws/chat/general?name=carol');
      await sleep(1000);
      ws.close(1000);
    },
  },
});
