/**
 * /ws/chat/{room} across two server nodes: alone each node knows only its own sockets;
 * joined by a broker, a room spans both, with one subscription per node and room.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, virtualClock } from '../../../../../lib/endpoint/time.ts';
import { LabBroker } from '../../../../../lib/lab/broker.ts';
import { NOT_DELIVERED, chatChannel, createLessonServer } from '../../../../../lib/lab/handlers/index.ts';
import { LabNetwork } from '../../../../../lib/lab/network.ts';
import { Tap, type TapRecord } from '../../../../../lib/lab/pipe.ts';
import { createLabWebSocketClass } from '../../../../../lib/lab/websocket.ts';

/** Which node each client lands on. */
const PLACES: Record<string, string> = { alice: 'a', alice2: 'a', bob: 'b', carol: 'b' };

/** Two chat nodes, a and b, on one lab network; joined by a LabBroker unless `broker` is false. */
function twoNodes({ broker: withBroker = true } = {}) {
  const clock = virtualClock();
  const tap = new Tap();
  const broker = new LabBroker({ clock, tap, latency: 2 });
  const nodes = {
    a: createLessonServer(withBroker ? { broker: broker.connect('a') } : {}),
    b: createLessonServer(withBroker ? { broker: broker.connect('b') } : {}),
  };
  const network = new LabNetwork({ nodes, placement: (connection) => PLACES[connection.client], clock, random: seededRandom(5), tap });
  /** Opens `name`'s socket to a room and lets the handshake and the join finish. */
  const join = async (name: string, room = 'lobby') => {
    const WebSocket = createLabWebSocketClass(network, { client: name });
    const ws = new WebSocket(`ws://lab/ws/chat/${room}?name=${name}`);
    const heard: string[] = [];
    ws.onmessage = (event) => heard.push(String(event.data));
    await clock.advance(20);
    return { ws, heard, say: async (text: string) => { ws.send(text); await clock.advance(20); } };
  };
  const brokerRecords = () => tap.records.filter((r): r is Extract<TapRecord, { kind: 'broker' }> => r.kind === 'broker');
  return { clock, tap, broker, network, join, brokerRecords };
}

describe('chat on two nodes', () => {
  it('without a broker, members on different nodes do not hear each other', async () => {
    const { join, network } = twoNodes({ broker: false });
    const alice = await join('alice');
    const bob = await join('bob');
    expect(network.connections.map((c) => `${c.client}@${c.node}`)).toEqual(['alice@a', 'bob@b']);
    await alice.say('hello');
    expect(alice.heard).toEqual(['* alice joined #lobby', 'alice: hello']);
    expect(bob.heard).toEqual(['* bob joined #lobby']);
  });

  it('with a broker, alice on a and bob on b hear each other, and each sender hears its own message once', async () => {
    const { join, clock } = twoNodes();
    const alice = await join('alice');
    const bob = await join('bob');
    await alice.say('hello');
    await bob.say('hi alice');
    bob.ws.close(1000);
    await clock.run();
    expect(alice.heard).toEqual(['* alice joined #lobby', '* bob joined #lobby', 'alice: hello', 'bob: hi alice', '* bob left #lobby']);
    expect(bob.heard).toEqual(['* bob joined #lobby', 'alice: hello', 'bob: hi alice']);
  });

  it('a node holds one subscription per room, taken when its first member joins and dropped when its last leaves', async () => {
    const { join, clock, broker, brokerRecords } = twoNodes();
    const alice = await join('alice');
    const alice2 = await join('alice2');
    const bob = await join('bob');
    const commands = (node: string) => brokerRecords()
      .filter((r) => r.node === node && (r.event === 'subscribe' || r.event === 'unsubscribe'))
      .map((r) => `${r.event} ${r.channel}`);
    expect(commands('a')).toEqual(['subscribe chat:lobby']);
    expect(broker.subscribers(chatChannel('lobby'))).toEqual(['a', 'b']);
    alice.ws.close(1000);
    await clock.advance(50);
    expect(commands('a')).toEqual(['subscribe chat:lobby']);
    alice2.ws.close(1000);
    await clock.run();
    expect(commands('a')).toEqual(['subscribe chat:lobby', 'unsubscribe chat:lobby']);
    expect(broker.subscribers(chatChannel('lobby'))).toEqual(['b']);
    expect(bob.heard.slice(-2)).toEqual(['* alice left #lobby', '* alice2 left #lobby']);
    // Node a left its room before saying goodbye: nothing was sent to it and lost.
    expect(brokerRecords().filter((r) => r.event === 'drop')).toEqual([]);
  });

  it('a node that empties a room and fills it again subscribes again', async () => {
    const { join, clock, broker } = twoNodes();
    await join('bob');
    const alice = await join('alice');
    alice.ws.close(1000);
    await clock.run();
    expect(broker.subscribers(chatChannel('lobby'))).toEqual(['b']);
    const again = await join('alice');
    expect(broker.subscribers(chatChannel('lobby'))).toEqual(['b', 'a']);
    await again.say('back');
    expect(again.heard).toEqual(['* alice joined #lobby', 'alice: back']);
  });

  it('rooms stay apart: a member of another room on the same node hears nothing of the lobby', async () => {
    const { join, broker } = twoNodes();
    const alice = await join('alice');
    await join('bob');
    const carol = await join('carol', 'other');
    await alice.say('lobby only');
    expect(carol.heard).toEqual(['* carol joined #other']);
    expect(broker.subscribers(chatChannel('other'))).toEqual(['b']);
  });

  it('with the broker down they do not hear each other, the sender is told, and the tap shows the drop; back up, the room works again', async () => {
    const { join, broker, brokerRecords } = twoNodes();
    const alice = await join('alice');
    const bob = await join('bob');
    broker.setDown(true);
    await alice.say('anyone?');
    expect(alice.heard.at(-1)).toBe(NOT_DELIVERED);
    expect(bob.heard).toEqual(['* bob joined #lobby']);
    const drop = brokerRecords().at(-1)!;
    expect([drop.event, drop.node, drop.channel, drop.data]).toEqual(['drop', 'a', 'chat:lobby', 'alice: anyone?']);
    broker.setDown(false);
    await alice.say('back');
    expect(bob.heard.at(-1)).toBe('alice: back');
    expect(alice.heard.at(-1)).toBe('alice: back');
  });

  it('with node b cut off, alice hears herself but bob hears nothing, bob is told his message was lost, and the tap shows both drops', async () => {
    const { join, broker, brokerRecords } = twoNodes();
    const alice = await join('alice');
    const bob = await join('bob');
    broker.cutOff('b');
    await alice.say('hello?');
    await bob.say('can you hear me?');
    expect(alice.heard.slice(2)).toEqual(['alice: hello?']);
    expect(bob.heard).toEqual(['* bob joined #lobby', NOT_DELIVERED]);
    const drops = brokerRecords().filter((r) => r.event === 'drop').map((r) => `${r.node} ${r.data}`);
    expect(drops).toEqual(['b alice: hello?', 'b bob: can you hear me?']);
    broker.rejoin('b');
    await bob.say('back');
    expect(alice.heard.at(-1)).toBe('bob: back');
  });
});
