/**
 * What every broker promises, as Redis Pub/Sub does: the same tests run against the lab's
 * LabBroker (test/unit/lib/lab/broker.test.ts) and RedisBroker on a real redis-server
 * (test/interop/redis.test.ts), so the lab teaches what Redis does.
 *
 * "Absent" is proven with a marker: one publisher's messages reach a subscriber in the
 * order they were published, so once a later marker has arrived, an earlier message that
 * was going to arrive has.
 */
import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, type BrokerClient } from '../../../../lib/lab/broker.ts';

/** A broker to test, fresh for each test. */
export interface BrokerHarness {
  /** Opens a connection for `node`. */
  connect(node: string): Promise<BrokerClient>;
  /** Lets the broker work until `done()` holds (lab: runs the virtual clock; Redis: waits), and throws if it never does. */
  until(done: () => boolean, what: string): Promise<void>;
  /** Prepended to channel names, so tests sharing one server never hear each other. */
  prefix: string;
  /** Closes what the harness opened. */
  dispose(): Promise<void>;
}

/** A node's connection and what reached it, as "channel: data". */
interface Listener {
  client: BrokerClient;
  heard: string[];
  listen(channel: string): Promise<void>;
}

/**
 * Runs the broker contract against brokers made by `makeHarness`. `concurrent` runs its
 * tests at once: each has a harness and channels of its own, so a broker that waits on a
 * real server spends its round trips side by side.
 */
export function describeBrokerContract(name: string, makeHarness: () => Promise<BrokerHarness>, options: { concurrent?: boolean } = {}): void {
  (options.concurrent ? describe.concurrent : describe)(`${name} keeps the broker contract`, () => {
    /** Runs `body` with a fresh harness, disposed of whatever happens. */
    const withBroker = (body: (h: BrokerHarness, node: (name: string) => Promise<Listener>, ch: (name: string) => string) => Promise<void>) => async () => {
      const h = await makeHarness();
      const ch = (channel: string) => `${h.prefix}${channel}`;
      const node = async (nodeName: string): Promise<Listener> => {
        const client = await h.connect(nodeName);
        const heard: string[] = [];
        return { client, heard, listen: (channel) => client.subscribe(ch(channel), (data, from) => heard.push(`${from.slice(h.prefix.length)}: ${data}`)) };
      };
      try {
        await body(h, node, ch);
      } finally {
        await h.dispose();
      }
    };

    it('a message reaches every subscribed node once, the publisher\'s own included, and PUBLISH counts them', withBroker(async (h, node, ch) => {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(node));
      for (const n of [a, b, c]) await n.listen('lobby');
      expect(await a.client.publish(ch('lobby'), 'hello')).toBe(3);
      expect(await a.client.publish(ch('lobby'), 'end')).toBe(3);
      await h.until(() => [a, b, c].every((n) => n.heard.includes('lobby: end')), 'every node heard "end"');
      for (const n of [a, b, c]) expect(n.heard).toEqual(['lobby: hello', 'lobby: end']);
    }));

    it('a node hears only the channels it subscribed to', withBroker(async (h, node, ch) => {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(node));
      await a.listen('lobby');
      await b.listen('other');
      expect(await c.client.publish(ch('lobby'), 'for the lobby')).toBe(1);
      expect(await c.client.publish(ch('other'), 'marker')).toBe(1);
      await h.until(() => a.heard.length === 1 && b.heard.length === 1, 'a and b each heard one message');
      expect(a.heard).toEqual(['lobby: for the lobby']);
      expect(b.heard).toEqual(['other: marker']);
      expect(c.heard).toEqual([]);
    }));

    it('PUBLISH on a channel nobody holds reaches no node and answers 0', withBroker(async (_h, node, ch) => {
      const a = await node('a');
      expect(await a.client.publish(ch('empty'), 'anyone?')).toBe(0);
    }));

    it('after UNSUBSCRIBE a node hears nothing more on that channel, and PUBLISH counts one fewer', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await a.listen('lobby');
      await b.listen('lobby');
      await b.listen('marker');
      await b.client.unsubscribe(ch('lobby'));
      expect(await a.client.publish(ch('lobby'), 'after')).toBe(1);
      expect(await a.client.publish(ch('marker'), 'marker')).toBe(1);
      await h.until(() => a.heard.length === 1 && b.heard.length === 1, 'a heard "after" and b the marker');
      expect(a.heard).toEqual(['lobby: after']);
      expect(b.heard).toEqual(['marker: marker']);
    }));

    it('a node can subscribe again after unsubscribing, and unsubscribing twice is harmless', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await b.listen('lobby');
      await b.client.unsubscribe(ch('lobby'));
      await b.client.unsubscribe(ch('lobby'));
      await b.listen('lobby');
      expect(await a.client.publish(ch('lobby'), 'back')).toBe(1);
      await h.until(() => b.heard.length === 1, 'b heard "back"');
      expect(b.heard).toEqual(['lobby: back']);
    }));

    it('one publisher\'s messages on a channel arrive in the order they were published', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await b.listen('lobby');
      const sent = Array.from({ length: 20 }, (_, i) => `message ${i}`);
      await Promise.all(sent.map((text) => a.client.publish(ch('lobby'), text)));
      await h.until(() => b.heard.length === sent.length, 'b heard all 20');
      expect(b.heard).toEqual(sent.map((text) => `lobby: ${text}`));
    }));

    it('text arrives unchanged: empty, non-ASCII, and 64 KiB', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await b.listen('lobby');
      const texts = ['', 'héllo wörld — 你好 🎉', 'x'.repeat(64 * 1024)];
      for (const text of texts) await a.client.publish(ch('lobby'), text);
      await h.until(() => b.heard.length === texts.length, 'b heard all three');
      expect(b.heard).toEqual(texts.map((text) => `lobby: ${text}`));
    }));

    it('a node holds one subscription per channel: subscribing again is refused and the first still works', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await b.listen('lobby');
      await expect(b.client.subscribe(ch('lobby'), () => {})).rejects.toThrow(/already subscribed/);
      expect(await a.client.publish(ch('lobby'), 'once')).toBe(1);
      await h.until(() => b.heard.length === 1, 'b heard "once"');
      expect(b.heard).toEqual(['lobby: once']);
    }));

    it('after close a node is counted no more and its calls reject', withBroker(async (h, node, ch) => {
      const [a, b] = await Promise.all(['a', 'b'].map(node));
      await a.listen('lobby');
      await b.listen('lobby');
      await b.client.close();
      expect(await a.client.publish(ch('lobby'), 'after close')).toBe(1);
      await h.until(() => a.heard.length === 1, 'a heard its own message');
      expect(b.heard).toEqual([]);
      await expect(b.client.publish(ch('lobby'), 'x')).rejects.toBeInstanceOf(BrokerUnavailableError);
      await expect(b.client.subscribe(ch('lobby'), () => {})).rejects.toBeInstanceOf(BrokerUnavailableError);
      await b.client.close();
    }));
  });
}
