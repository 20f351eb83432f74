/**
 * The broker on a real redis-server: RedisBroker keeps the same contract as the lab's
 * LabBroker, behaves as the lab models when Redis restarts, and `npm start` with REDIS_URL
 * fans a chat room out across two processes (the server it runs, bundled for the tests). redis-server is installed when missing (as
 * root with apt-get); without it these tests fail, saying what to install. The tests run
 * at once: each has channels of its own, and the restart test a redis-server of its own.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { BrokerUnavailableError, type BrokerClient } from '../../lib/lab/broker.ts';
import { connectRedisBroker, redactRedisUrl, type RedisBroker } from '../../server/redis-broker.ts';
import { describeBrokerContract } from '../unit/lib/lab/broker-contract.ts';
import { freePort, startChild, startRedis, type Child, type RedisServer } from './processes.ts';
import { removeFolder } from '../fixtures/temporary-folder.ts';
import { fixtureSite } from '../unit/server/helpers.ts';

/** Polls `done` every 5 ms; throws after `ms` (a bound on a hang, not a timing assertion). */
async function until(done: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One redis-server for the file, started (and installed, if need be) before the tests; each test that needs it fails with the reason if it could not start. */
let started: Promise<RedisServer> | undefined;
const sharedRedis = () => (started ??= startRedis());
beforeAll(async () => {
  await sharedRedis().catch(() => {});
}, 600_000); // installing redis-server with apt-get, when it is missing, takes a minute or two
afterAll(async () => {
  await (await started?.catch(() => undefined))?.stop();
});

let harnesses = 0;
describeBrokerContract('RedisBroker', async () => {
  const clients: RedisBroker[] = [];
  return {
    prefix: `contract${++harnesses}:`,
    async connect(node) {
      const client = await connectRedisBroker({ url: (await sharedRedis()).url, node });
      clients.push(client);
      return client;
    },
    until: (done, what) => until(done, what),
    async dispose() {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}, { concurrent: true });

describe.concurrent('RedisBroker when Redis is not there', () => {
  it('connecting fails with a message naming the URL, its password hidden', async () => {
    const port = await freePort();
    const url = `redis://user:s3cret@127.0.0.1:${port}`;
    const failed = await connectRedisBroker({ url, node: 'a', connectAttempts: 2 }).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toContain(`Cannot reach Redis at redis://user:***@127.0.0.1:${port}`);
    expect((failed as Error).message).not.toContain('s3cret');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});

describe.concurrent('RedisBroker when Redis restarts, as LabBroker models it', () => {
  it('publishes fail while it is down; back up, subscriptions return without subscribing again', async () => {
    const own = await startRedis();
    const clients: BrokerClient[] = [];
    let restarted: RedisServer | undefined;
    try {
      const a = await connectRedisBroker({ url: own.url, node: 'a' });
      const b = await connectRedisBroker({ url: own.url, node: 'b' });
      clients.push(a, b);
      const heard: string[] = [];
      await b.subscribe('x', (data) => heard.push(data));
      expect(await a.publish('x', 'before')).toBe(1);
      await until(() => heard.length === 1, 'b heard "before"');

      await own.stop();
      const failed = await a.publish('x', 'while down').catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(BrokerUnavailableError);
      expect((failed as BrokerUnavailableError).reason).toBe('down');

      restarted = await startRedis(own.port);
      // Until b's client has reconnected and sent SUBSCRIBE again, PUBLISH counts nobody.
      await until(async () => (await a.publish('x', 'after').catch(() => 0)) === 1, 'PUBLISH counted b again', 20_000);
      await until(() => heard.includes('after'), 'b heard "after"');
      expect(heard).toEqual(['before', 'after']);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await own.stop();
      await restarted?.stop();
    }
  }, 60_000);
});

describe.concurrent('npm start with REDIS_URL', () => {
  /** A ready site, so the servers do not build one. */
  let site = '';
  beforeAll(() => {
    site = fixtureSite();
    return () => removeFolder(site);
  });

  function startServer(redisUrl: string): Child {
    return startChild(process.execPath, [inject('bundles').server], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DIST_DIR: site, REDIS_URL: redisUrl },
    });
  }

  function client(url: string) {
    const ws = new WebSocket(url);
    const heard: string[] = [];
    ws.on('message', (data) => heard.push(String(data)));
    ws.on('error', () => {});
    return { ws, heard };
  }

  it('two processes share a chat room through Redis; another room hears none of it', async () => {
    const { url: redisUrl } = await sharedRedis();
    const servers = [startServer(redisUrl), startServer(redisUrl)];
    const sockets: WebSocket[] = [];
    try {
      const [one, two] = await Promise.all(servers.map(async (server) => {
        const [, url] = await server.waitFor(/running at (http:\S+)/, 120_000);
        expect(server.output()).toContain('Chat rooms are shared through Redis');
        return url.replace('http', 'ws');
      }));
      expect(one).not.toBe(two);

      // One after another, so each hears the joins that follow its own.
      const alice = client(`${one}ws/chat/lobby?name=alice`);
      sockets.push(alice.ws);
      await until(() => alice.heard.includes('* alice joined #lobby'), 'alice joined');
      const bob = client(`${two}ws/chat/lobby?name=bob`);
      sockets.push(bob.ws);
      await until(() => alice.heard.includes('* bob joined #lobby'), 'alice, on the first process, heard bob join on the second');
      const carol = client(`${two}ws/chat/other?name=carol`);
      sockets.push(carol.ws);
      await until(() => carol.heard.includes('* carol joined #other'), 'carol joined');

      alice.ws.send('hello from one');
      await until(() => bob.heard.includes('alice: hello from one'), 'bob heard alice across processes');
      bob.ws.send('hello from two');
      await until(() => alice.heard.includes('bob: hello from two'), 'alice heard bob across processes');
      await until(() => bob.heard.includes('bob: hello from two'), 'bob heard himself');

      // Each line reached the second process before carol's own; anything sent to her would have come first.
      carol.ws.send('carol here');
      await until(() => carol.heard.includes('carol: carol here'), 'carol heard herself');
      expect(carol.heard).toEqual(['* carol joined #other', 'carol: carol here']);
      expect(bob.heard).toEqual(['* bob joined #lobby', 'alice: hello from one', 'bob: hello from two']);
      // alice's last line was bob's, which her process sent after its copy of her own: she heard herself once.
      expect(alice.heard).toEqual(['* alice joined #lobby', '* bob joined #lobby', 'alice: hello from one', 'bob: hello from two']);
    } finally {
      for (const ws of sockets) ws.terminate();
      await Promise.all(servers.map((server) => server.stop()));
    }
  }, 180_000);
});
