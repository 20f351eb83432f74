/** LabBroker: the broker contract on a virtual clock, every step in the tap, and its faults. */
import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../../../lib/endpoint/time.ts';
import { BrokerUnavailableError, LabBroker, type BrokerClient } from '../../../../lib/lab/broker.ts';
import { Tap, type TapRecord } from '../../../../lib/lab/pipe.ts';
import { buildWireLog } from '../../../../lib/lab/wire-log.ts';
import { describeBrokerContract } from './broker-contract.ts';

describeBrokerContract('LabBroker', async () => {
  const clock = virtualClock();
  const broker = new LabBroker({ clock, latency: 5 });
  return {
    prefix: '',
    connect: async (node) => broker.connect(node),
    async until(done, what) {
      await clock.run();
      if (!done()) throw new Error(`The broker went quiet before this happened: ${what}`);
    },
    dispose: async () => {},
  };
});

type BrokerRecord = Extract<TapRecord, { kind: 'broker' }>;

/** A broker on a virtual clock, and what each node heard. */
function setUp(latency = 10) {
  const clock = virtualClock();
  const tap = new Tap();
  const broker = new LabBroker({ clock, tap, latency });
  const heard: Record<string, string[]> = {};
  const node = async (name: string, ...channels: string[]): Promise<BrokerClient> => {
    const client = broker.connect(name);
    heard[name] = [];
    for (const channel of channels) await client.subscribe(channel, (data) => heard[name].push(data));
    return client;
  };
  const records = () => tap.records.filter((r): r is BrokerRecord => r.kind === 'broker');
  /** The records as "event node channel data", the shape the inspector's broker lane draws. */
  const lane = () => records().map((r) => [r.event, r.node, r.channel, r.data].filter((x) => x !== undefined && x !== '').join(' '));
  return { clock, tap, broker, heard, node, records, lane };
}

describe('LabBroker on the lab clock', () => {
  it('delivers after its latency, and records subscribe, publish and each delivery with the time', async () => {
    const { clock, heard, node, records } = setUp(10);
    const a = await node('a', 'chat:lobby');
    await node('b', 'chat:lobby');
    await clock.advance(3);
    expect(await a.publish('chat:lobby', 'hi')).toBe(2);
    await clock.advance(9);
    expect(heard).toEqual({ a: [], b: [] });
    await clock.advance(1);
    expect(heard).toEqual({ a: ['hi'], b: ['hi'] });
    expect(records()).toEqual([
      { kind: 'broker', at: 0, event: 'subscribe', node: 'a', channel: 'chat:lobby', detail: 'Node a subscribed to chat:lobby' },
      { kind: 'broker', at: 0, event: 'subscribe', node: 'b', channel: 'chat:lobby', detail: 'Node b subscribed to chat:lobby' },
      { kind: 'broker', at: 3, event: 'publish', node: 'a', channel: 'chat:lobby', data: 'hi', detail: 'Node a published on chat:lobby: the broker counts 2 subscribers (a, b)' },
      { kind: 'broker', at: 13, event: 'deliver', node: 'a', channel: 'chat:lobby', data: 'hi', detail: 'Delivered to node a' },
      { kind: 'broker', at: 13, event: 'deliver', node: 'b', channel: 'chat:lobby', data: 'hi', detail: 'Delivered to node b' },
    ]);
  });

  it('knows which nodes hold a channel, in the order they subscribed', async () => {
    const { broker, node } = setUp();
    const b = await node('b', 'x');
    await node('a', 'x', 'y');
    expect(broker.subscribers('x')).toEqual(['b', 'a']);
    await b.unsubscribe('x');
    expect(broker.subscribers('x')).toEqual(['a']);
    expect(broker.subscribers('nobody')).toEqual([]);
  });

  it('a message whose node unsubscribed while it was in flight is recorded as dropped', async () => {
    const { clock, heard, node, lane } = setUp(10);
    const a = await node('a');
    const b = await node('b', 'x');
    expect(await a.publish('x', 'late')).toBe(1);
    await b.unsubscribe('x');
    await clock.run();
    expect(heard.b).toEqual([]);
    expect(lane().at(-1)).toBe('drop b x late');
  });

  it('the wire log carries the broker records as they are', async () => {
    const { clock, tap, node, records } = setUp();
    const a = await node('a', 'x');
    await a.publish('x', 'hello');
    await clock.run();
    expect(buildWireLog(tap.records).entries).toEqual(records());
  });
});

describe('LabBroker down', () => {
  it('a publish fails with BrokerUnavailableError and is recorded as a drop; nobody hears it', async () => {
    const { clock, broker, heard, node, lane } = setUp();
    const a = await node('a', 'x');
    await node('b', 'x');
    broker.setDown(true);
    expect(broker.down).toBe(true);
    const failed = await a.publish('x', 'lost').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(BrokerUnavailableError);
    expect((failed as BrokerUnavailableError).reason).toBe('down');
    await clock.run();
    expect(heard).toEqual({ a: [], b: [] });
    expect(lane().slice(-2)).toEqual(['down', 'drop a x lost']);
  });

  it('messages in flight when it goes down are lost, each recorded as a drop', async () => {
    const { clock, broker, heard, node, lane } = setUp(10);
    const a = await node('a', 'x');
    await node('b', 'x');
    await a.publish('x', 'in flight');
    await clock.advance(5);
    broker.setDown(true);
    await clock.advance(1);
    broker.setDown(false);
    await clock.run();
    expect(heard).toEqual({ a: [], b: [] });
    expect(lane().filter((line) => line.startsWith('drop'))).toEqual(['drop a x in flight', 'drop b x in flight']);
  });

  it('subscriptions survive: back up, each node subscribes again by itself, as node-redis does on reconnect', async () => {
    const { clock, broker, heard, node, records } = setUp();
    const a = await node('a', 'x');
    await node('b', 'x', 'y');
    broker.setDown(true);
    expect(broker.subscribers('x')).toEqual([]);
    broker.setDown(false);
    expect(broker.subscribers('x')).toEqual(['a', 'b']);
    const again = records().filter((r) => r.event === 'subscribe' && r.detail.includes('again'));
    expect(again.map((r) => `${r.node} ${r.channel}`)).toEqual(['a x', 'b x', 'b y']);
    expect(await a.publish('x', 'back')).toBe(2);
    await clock.run();
    expect(heard).toEqual({ a: ['back'], b: ['back'] });
  });

  it('a subscription asked for while it is down takes effect, and resolves, when it is back', async () => {
    const { clock, broker, heard, node } = setUp();
    const a = await node('a');
    broker.setDown(true);
    let subscribed = false;
    const b = broker.connect('b');
    heard.b = [];
    const pending = b.subscribe('x', (data) => heard.b.push(data)).then(() => { subscribed = true; });
    await clock.run();
    expect(subscribed).toBe(false);
    broker.setDown(false);
    await pending;
    expect(await a.publish('x', 'hello')).toBe(1);
    await clock.run();
    expect(heard.b).toEqual(['hello']);
  });
});

describe('LabBroker with a node cut off', () => {
  it('the node\'s publishes fail and are recorded as drops; the others still talk', async () => {
    const { clock, broker, heard, node, lane } = setUp();
    await node('a', 'x');
    const b = await node('b', 'x');
    broker.cutOff('b');
    expect(broker.isCutOff('b')).toBe(true);
    const failed = await b.publish('x', 'from b').catch((error: unknown) => error);
    expect((failed as BrokerUnavailableError).reason).toBe('cut-off');
    await clock.run();
    expect(heard).toEqual({ a: [], b: [] });
    expect(lane().slice(-2)).toEqual(['cut-off b', 'drop b x from b']);
  });

  it('messages for the node are lost and recorded as drops, while PUBLISH still counts it: the broker has not noticed', async () => {
    const { clock, broker, heard, node, lane } = setUp();
    const a = await node('a', 'x');
    await node('b', 'x');
    broker.cutOff('b');
    expect(await a.publish('x', 'to all')).toBe(2);
    await clock.run();
    expect(heard).toEqual({ a: ['to all'], b: [] });
    expect(lane().slice(-3)).toEqual(['publish a x to all', 'deliver a x to all', 'drop b x to all']);
  });

  it('a message in flight when the node is cut off is lost even if it rejoins before it would arrive', async () => {
    const { clock, broker, heard, node } = setUp(10);
    const a = await node('a');
    await node('b', 'x');
    await a.publish('x', 'in flight');
    await clock.advance(2);
    broker.cutOff('b');
    broker.rejoin('b');
    await clock.run();
    expect(heard.b).toEqual([]);
  });

  it('after rejoin the node subscribes again to its channels and hears new messages', async () => {
    const { clock, broker, heard, node, lane } = setUp();
    const a = await node('a');
    const b = await node('b', 'x');
    broker.cutOff('b');
    // Cut off, both wait for the connection to come back, as node-redis queues them.
    const waiting = [b.unsubscribe('x'), b.subscribe('y', (data) => heard.b.push(data))];
    broker.rejoin('b');
    await Promise.all(waiting);
    expect(lane().slice(-2)).toEqual(['rejoin b', 'subscribe b y']);
    expect(broker.subscribers('x')).toEqual([]);
    expect(await a.publish('y', 'welcome back')).toBe(1);
    await clock.run();
    expect(heard.b).toEqual(['welcome back']);
  });
});

describe('LabBroker replays', () => {
  /** A script touching every behaviour: subscribe, publish, latency, down, cut off, rejoin, close. */
  async function script(): Promise<TapRecord[]> {
    const { clock, tap, broker, node } = setUp(7);
    const a = await node('a', 'chat:lobby', 'chat:other');
    const b = await node('b', 'chat:lobby');
    await a.publish('chat:lobby', 'one');
    await clock.advance(3);
    await b.publish('chat:lobby', 'two');
    broker.cutOff('b');
    await a.publish('chat:lobby', 'three');
    await b.publish('chat:lobby', 'four').catch(() => {});
    await clock.advance(10);
    broker.rejoin('b');
    broker.setDown(true);
    await a.publish('chat:other', 'five').catch(() => {});
    broker.setDown(false);
    await b.publish('chat:lobby', 'six');
    await b.close();
    await clock.run();
    return tap.records;
  }

  it('the same script gives identical tap records', async () => {
    const first = await script();
    const second = await script();
    expect(first.length).toBeGreaterThan(15);
    expect(second).toEqual(first);
  });
});
