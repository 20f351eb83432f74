/**
 * The broker on real Redis (@redis/client, node-redis without the Redis modules' commands):
 * the same BrokerClient as the lab's LabBroker, so the chat endpoint fans out across several
 * `npm start` processes. One connection publishes; a duplicate subscribes, since a
 * connection in subscribed mode (RESP2) takes no other commands. One pair per process, one
 * SUBSCRIBE per channel — never one per socket.
 *
 * What happens when Redis goes away, chosen to match the lab's model:
 * - PUBLISH fails at once (`disableOfflineQueue` on the publisher): a chat line is lost
 *   rather than delivered minutes late, and the sender can be told;
 * - subscriptions survive: node-redis sends SUBSCRIBE again for every channel it held when
 *   it reconnects, and a SUBSCRIBE asked for while offline waits in its queue until then.
 * @see https://redis.io/docs/latest/develop/interact/pubsub/
 */
import { ErrorReply, RedisClient as RedisClientClass } from '@redis/client';
import { alreadySubscribed, BrokerUnavailableError, type BrokerClient, type BrokerListener } from '../lib/lab/broker.ts';

/**
 * Makes a client. `createClient` builds a new client class, a method for every Redis
 * command, on each call; every connection here has the same commands, so they share one.
 */
const createClient = RedisClientClass.factory();
type RedisClient = ReturnType<typeof createClient>;

/** Options for {@link connectRedisBroker}. */
export interface RedisBrokerOptions {
  /** A Redis URL, e.g. redis://127.0.0.1:6379. */
  url: string;
  /** This process's name among the nodes (shown by `CLIENT LIST` as websocket-lab:NODE:pub / :sub). */
  node: string;
  /** Tries before giving up when Redis cannot be reached at start (default 5, 200 ms apart). Once connected, it reconnects for ever. */
  connectAttempts?: number;
  /** Told once when the connection to Redis is lost, and once when it is back. */
  onStatus?: (status: 'lost' | 'back', detail: string) => void;
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable REDIS_URL)';
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: unknown[]; cause?: unknown } | undefined;
  if (e?.message) return e.message;
  if (e?.code) return e.code;
  if (e?.errors?.length) return e.errors.map(describe).join('; ');
  if (e?.cause) return describe(e.cause);
  return String(error);
}

/** A node's connection to Redis Pub/Sub. */
export class RedisBroker implements BrokerClient {
  private readonly listeners = new Map<string, (message: string, channel: string) => void>();
  private closed = false;

  /** Use {@link connectRedisBroker}. */
  constructor(readonly node: string, private readonly publisher: RedisClient, private readonly subscriber: RedisClient) {}

  async subscribe(channel: string, onMessage: BrokerListener): Promise<void> {
    this.check();
    if (this.listeners.has(channel)) throw alreadySubscribed(this.node, channel);
    const listener = (message: string, from: string) => onMessage(message, from);
    this.listeners.set(channel, listener);
    try {
      await this.subscriber.subscribe(channel, listener);
    } catch (error) {
      this.listeners.delete(channel);
      throw this.unavailable(error);
    }
  }

  async unsubscribe(channel: string): Promise<void> {
    this.check();
    if (!this.listeners.delete(channel)) return;
    try {
      await this.subscriber.unsubscribe(channel);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async publish(channel: string, data: string): Promise<number> {
    this.check();
    try {
      return await this.publisher.publish(channel, data);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // UNSUBSCRIBE first, so that once close() resolves no PUBLISH counts this node any more.
    if (this.listeners.size > 0 && this.subscriber.isReady) await this.subscriber.unsubscribe().catch(() => {});
    this.listeners.clear();
    await Promise.all([this.publisher, this.subscriber].map((client) => (client.isReady ? client.close() : client.destroy())));
  }

  private check(): void {
    if (this.closed) throw new BrokerUnavailableError('closed', `Node ${this.node} closed its broker connection`);
  }

  /** Redis's own error replies pass through; anything else means Redis could not be reached. */
  private unavailable(error: unknown): Error {
    if (error instanceof ErrorReply) return error;
    return new BrokerUnavailableError('down', `Redis is unreachable (${describe(error)})`);
  }
}

/**
 * Connects a node to Redis: a publishing connection and a subscribing duplicate. Rejects
 * with a message naming the URL (password hidden) when Redis cannot be reached.
 */
export async function connectRedisBroker(options: RedisBrokerOptions): Promise<RedisBroker> {
  const attempts = Math.max(1, options.connectAttempts ?? 5);
  let connected = false;
  let lastError: unknown;
  const publisher: RedisClient = createClient({
    url: options.url,
    name: `websocket-lab:${options.node}:pub`,
    disableOfflineQueue: true,
    socket: {
      // Before the first connection: a few tries, then give up. After: back off up to 2 s, with jitter so processes spread out.
      reconnectStrategy: (retries, cause) => {
        if (!connected) return retries + 1 >= attempts ? cause : 200;
        return Math.min(2000, 50 * 2 ** Math.min(retries, 6)) + Math.floor(Math.random() * 100);
      },
    },
  });
  const subscriber: RedisClient = publisher.duplicate({ name: `websocket-lab:${options.node}:sub`, disableOfflineQueue: false });

  const ready = { pub: true, sub: true };
  let lost = false;
  const watch = (client: RedisClient, role: 'pub' | 'sub') => {
    client.on('error', (error: unknown) => {
      lastError = error;
      if (!connected || !ready[role]) return;
      ready[role] = false;
      if (!lost) {
        lost = true;
        options.onStatus?.('lost', describe(error));
      }
    });
    client.on('ready', () => {
      ready[role] = true;
      if (lost && ready.pub && ready.sub) {
        lost = false;
        options.onStatus?.('back', 'reconnected; subscriptions restored');
      }
    });
  };
  watch(publisher, 'pub');
  watch(subscriber, 'sub');

  try {
    await publisher.connect();
    await subscriber.connect();
  } catch (error) {
    publisher.destroy();
    subscriber.destroy();
    throw new Error(`Cannot reach Redis at ${redactRedisUrl(options.url)}: ${describe(lastError ?? error)}`);
  }
  connected = true;
  return new RedisBroker(options.node, publisher, subscriber);
}
