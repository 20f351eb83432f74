/**
 * Each check runs the learner's ChatConsumer on two nodes, a and b, as Channels' runner
 * would: node a serves /a/chat/{room} and node b /b/chat/{room}, each with its own channel
 * layer, both layers on one broker (as two Daphne processes share one Redis). A client's
 * session cookie makes scope.user; a client without one is AnonymousUser (null).
 */
import { LabBroker, defineChecks, expect, type ClientOptions, type ExerciseLab, type TestClient } from '#authoring';
import { BrokerLayer, asApp, groupChannel, type Consumer } from '../lab-kit/channels.ts';

type Learner = { ChatConsumer: Consumer };

/** The browser of `user` holds a Django session cookie for them. */
const as = (user: string): ClientOptions => ({ headers: { Cookie: `sessionid=${user}` } });

/** Node a and node b of the learner's consumer, their layers joined by one broker. */
function twoNodes(module: Learner, lab: ExerciseLab) {
  const broker = new LabBroker({ clock: lab.clock, tap: lab.run.network.tap, latency: 1 });
  const layers = { a: new BrokerLayer(broker.connect('a')), b: new BrokerLayer(broker.connect('b')) };
  lab.mount('/a/chat/{room}', asApp(module.ChatConsumer, { layer: layers.a }));
  lab.mount('/b/chat/{room}', asApp(module.ChatConsumer, { layer: layers.b }));
  return { broker, layers };
}

/** The first line the server answered `client`'s handshake with, as it crossed the wire. */
function handshakeAnswer(lab: ExerciseLab, client: TestClient): string {
  const id = client.connection?.id;
  for (const entry of lab.wireLog().entries) {
    if ((entry.kind === 'handshake' || entry.kind === 'http') && entry.connection === id && entry.direction === 'server→client') return entry.text.split('\r\n')[0];
  }
  return 'nothing';
}

/** What was sent to consumers that had already ended, as "channel: event". */
const stranded = (layer: BrokerLayer) => layer.stranded.map(({ channel, event }) => `${channel}: ${JSON.stringify(event)}`);

export default defineChecks<Learner>([
  {
    name: 'alice on node a and bob on node b hear each other through the group',
    async run({ module, lab }) {
      twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general', as('alice'));
      const bob = await lab.client('bob', '/b/chat/general', as('bob'));
      alice.send('hi from node a');
      expect(await bob.receive()).toBe('alice: hi from node a');
      expect(await alice.receive()).toBe('alice: hi from node a');
      bob.send('hi from node b');
      expect(await alice.receive()).toBe('bob: hi from node b');
      expect(await bob.receive()).toBe('bob: hi from node b');
    },
  },
  {
    name: 'an anonymous visitor is refused at the handshake with 403, and never joins the group',
    async run({ module, lab }) {
      const { layers } = twoNodes(module, lab);
      const visitor = lab.connect('visitor', '/a/chat/general');
      for (let waited = 0; waited < 5000 && !visitor.events.some((e) => e.type === 'open' || e.type === 'close'); waited += 10) await lab.sleep(10);
      const answer = handshakeAnswer(lab, visitor);
      expect(answer.startsWith('HTTP/1.1 403 '), `the visitor's handshake should be answered with 403, but the server answered "${answer}"`).toBe(true);
      await visitor.closedWith();
      expect(visitor.events.map((e) => e.type), 'what the visitor saw').toEqual(['error', 'close']);
      await lab.sleep(100);
      expect(layers.a.members('chat_general'), 'node a\'s members of chat_general').toEqual([]);
    },
  },
  {
    name: 'a member that closes leaves the group: nothing is sent to its ended consumer',
    async run({ module, lab }) {
      const { layers } = twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general', as('alice'));
      const carol = await lab.client('carol', '/a/chat/general', as('carol'));
      const bob = await lab.client('bob', '/b/chat/general', as('bob'));
      carol.close(1000);
      await carol.closedWith();
      await lab.sleep(100);
      bob.send('still there, alice?');
      expect(await alice.receive()).toBe('bob: still there, alice?');
      await lab.sleep(100);
      expect(stranded(layers.a), 'events node a\'s layer sent to a consumer that had ended').toEqual([]);
      expect(layers.a.members('chat_general').length, 'node a\'s members of chat_general after carol left').toBe(1);
    },
  },
  {
    name: 'a member whose connection is cut leaves the group, and its node stops listening',
    hidden: true,
    async run({ module, lab }) {
      const { broker, layers } = twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general', as('alice'));
      const bob = await lab.client('bob', '/b/chat/general', as('bob'));
      bob.cut();
      await lab.sleep(200);
      expect(layers.b.members('chat_general'), 'node b\'s members of chat_general after bob\'s connection was cut').toEqual([]);
      expect(broker.subscribers(groupChannel('chat_general')), 'the nodes subscribed to the group').toEqual(['a']);
      alice.send('bob?');
      expect(await alice.receive()).toBe('alice: bob?');
      await lab.sleep(100);
      expect(stranded(layers.b), 'events node b\'s layer sent to a consumer that had ended').toEqual([]);
    },
  },
  {
    name: 'each member hears each message once, and only its own room',
    hidden: true,
    async run({ module, lab }) {
      twoNodes(module, lab);
      const alice = await lab.client('alice', '/a/chat/general', as('alice'));
      await lab.client('carol', '/a/chat/general', as('carol'));
      const bob = await lab.client('bob', '/b/chat/general', as('bob'));
      await lab.client('erin', '/b/chat/random', as('erin'));
      alice.send('one');
      await lab.sleep(100);
      bob.send('two');
      await lab.sleep(500);
      const both = ['alice: one', 'bob: two'];
      expect(lab.inboxes()).toEqual({ alice: both, carol: both, bob: both, erin: [] });
    },
  },
]);
