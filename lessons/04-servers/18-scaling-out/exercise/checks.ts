/**
 * Each check makes two nodes from the learner's createNode — two calls, each with its own
 * broker connection and its own rooms, as two server processes would have — joined by a
 * LabBroker on the check's clock. The lab serves node a at /a/chat/{room} and node b at
 * /b/chat/{room}, so a check says which node each client reaches.
 */
import { LabBroker, defineChecks, expect, type BrokerClient, type ExerciseLab, type ServerWebSocket } from '#authoring';

type Learner = {
  createNode(broker: BrokerClient): (ws: ServerWebSocket) => Promise<void>;
  NOT_SENT: string;
};

/** Node a and node b of the learner's code on one broker; returns the broker, to look at or to break. */
function twoNodes(module: Learner, lab: ExerciseLab): LabBroker {
  const broker = new LabBroker({ clock: lab.clock, tap: lab.run.network.tap, latency: 1 });
  lab.mount('/a/chat/{room}', module.createNode(broker.connect('a')));
  lab.mount('/b/chat/{room}', module.createNode(broker.connect('b')));
  return broker;
}

/** How many times a node subscribed to a channel, from the broker's records. */
function subscriptions(lab: ExerciseLab, node: string, channel: string): number {
  return lab.wireLog().entries.filter((e) => e.kind === 'broker' && e.event === 'subscribe' && e.node === node && e.channel === channel).length;
}

export default defineChecks<Learner>([
  {
    name: 'alice on node a and bob on node b hear each other',
    async run({ module, lab }) {
      twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      alice.send('hi from node a');
      expect(await bob.receive()).toBe('alice: hi from node a');
      expect(await alice.receive()).toBe('alice: hi from node a');
      bob.send('hi from node b');
      expect(await alice.receive()).toBe('bob: hi from node b');
      expect(await bob.receive()).toBe('bob: hi from node b');
    },
  },
  {
    name: 'one subscription per room on each node, however many members',
    async run({ module, lab }) {
      const broker = twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      const carol = await lab.client('carol', '/a/chat/general?name=carol');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      bob.send('hi all');
      await lab.sleep(100);
      expect(lab.inboxes()).toEqual({ alice: ['bob: hi all'], carol: ['bob: hi all'], bob: ['bob: hi all'] });
      expect(broker.subscribers('chat:general')).toEqual(['a', 'b']);
      expect(subscriptions(lab, 'a', 'chat:general')).toBe(1);
      void alice; void carol;
    },
  },
  {
    name: 'the room keeps hearing after one member leaves',
    async run({ module, lab }) {
      twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      const carol = await lab.client('carol', '/a/chat/general?name=carol');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      carol.close(1000);
      await carol.closedWith();
      await lab.sleep(100);
      bob.send('still there, alice?');
      expect(await alice.receive()).toBe('bob: still there, alice?');
    },
  },
  {
    name: 'a node unsubscribes when its last member of a room leaves, and subscribes again when one comes back',
    hidden: true,
    async run({ module, lab }) {
      const broker = twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      alice.close(1000);
      await alice.closedWith();
      await lab.sleep(100);
      expect(broker.subscribers('chat:general')).toEqual(['b']);
      const dave = await lab.client('dave', '/a/chat/general?name=dave');
      await lab.sleep(100);
      bob.send('welcome back, node a');
      expect(await dave.receive()).toBe('bob: welcome back, node a');
      expect(broker.subscribers('chat:general')).toEqual(['b', 'a']);
    },
  },
  {
    name: 'each member hears each message once, and only its own room',
    hidden: true,
    async run({ module, lab }) {
      twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      await lab.client('carol', '/a/chat/general?name=carol');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      await lab.client('erin', '/b/chat/random?name=erin');
      alice.send('one');
      await lab.sleep(100);
      bob.send('two');
      await lab.sleep(500);
      const both = ['alice: one', 'bob: two'];
      expect(lab.inboxes()).toEqual({ alice: both, carol: both, bob: both, erin: [] });
    },
  },
  {
    name: 'a message the broker cannot take is reported to its sender, who stays connected',
    hidden: true,
    async run({ module, lab }) {
      const broker = twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general?name=alice');
      const bob = await lab.client('bob', '/b/chat/general?name=bob');
      broker.cutOff('a');
      alice.send('is this lost?');
      expect(await alice.receive()).toBe(module.NOT_SENT);
      await bob.receivesNothing(500);
      broker.rejoin('a');
      await lab.sleep(100);
      alice.send('back again');
      expect(await bob.receive()).toBe('alice: back again');
      expect(alice.closed).toBeUndefined();
    },
  },
]);
