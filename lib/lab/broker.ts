/**
 * A message broker between server nodes: publish/subscribe on named channels, shaped
 * like Redis Pub/Sub (PUBLISH, SUBSCRIBE, UNSUBSCRIBE). Delivery is at most once: no
 * persistence, no replay, no ordering across channels; a node that is not connected when
 * a message passes never sees it. Several server processes use it to fan a room's
 * messages out to the members connected to each of them.
 *
 * {@link BrokerClient} is one node's connection; {@link LabBroker} is the in-memory broker
 * of a lab run, on the run's clock, recording everything in the tap. server/redis-broker.ts
 * implements the same interface on real Redis.
 * @see https://redis.io/docs/latest/develop/interact/pubsub/ (Redis Pub/Sub)
 */
import type { Clock } from '../endpoint/transport.ts';
import { Tap, type BrokerEvent } from './pipe.ts';

/** Called with each message that reaches a subscribed channel. */
export type BrokerListener = (data: string, channel: string) => void;

/** One node's connection to a broker. */
export interface BrokerClient {
  /** The server node this connection belongs to. */
  readonly node: string;
  /**
   * Subscribes this node to `channel`: once it resolves, every message published there
   * (by any node, this one included) calls `onMessage`. One subscription per channel and
   * client: a node shares it among its local listeners (subscribing again rejects).
   * While the broker is unreachable the subscription is kept and sent when the connection
   * is back, as node-redis does; the promise resolves then.
   */
  subscribe(channel: string, onMessage: BrokerListener): Promise<void>;
  /** Stops this node's subscription to `channel` (nothing happens if there is none). */
  unsubscribe(channel: string): Promise<void>;
  /**
   * Publishes `data` on `channel`; resolves with how many subscribed clients the broker
   * counted, as Redis PUBLISH answers — a count, not a receipt. Rejects with
   * {@link BrokerUnavailableError} when the broker cannot be reached: the message is lost.
   */
  publish(channel: string, data: string): Promise<number>;
  /** Drops every subscription and the connection; later calls reject. */
  close(): Promise<void>;
}

/** Why the broker could not be reached. */
export type BrokerUnavailableReason = 'down' | 'cut-off' | 'closed';

/** A broker command failed because the broker could not be reached: nothing was sent. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
  constructor(readonly reason: BrokerUnavailableReason, message: string) {
    super(message);
  }
}

/** The error for a second subscription of one client to one channel. */
export function alreadySubscribed(node: string, channel: string): Error {
  return new Error(`Node ${node} is already subscribed to ${channel}: a node holds one subscription per channel and shares it among its local listeners`);
}

/** Options for {@link LabBroker}. */
export interface LabBrokerOptions {
  clock: Clock;
  /** Where subscribe, publish, deliver and drop are recorded (the lab network's tap, to draw them beside the wire). */
  tap?: Tap;
  /** Time from a publish to its delivery at each subscriber, ms (default 0: on the next turn of the clock). */
  latency?: number;
}

interface LabClient {
  node: string;
  /** What the client holds: channel → listener. node-redis keeps this and sends it again on reconnect. */
  listeners: Map<string, BrokerListener>;
  /** Commands waiting for the connection to come back. */
  waiting: Array<() => void>;
  /** Bumped when the client is cut off: messages in flight on the old connection are lost. */
  connection: number;
  closed: boolean;
}

/** The in-memory broker of a lab run: deterministic on a virtual clock, every step in the tap. */
export class LabBroker {
  readonly tap: Tap;
  private readonly clock: Clock;
  private readonly latency: number;
  private readonly clients: LabClient[] = [];
  /** The broker's own view, as PUBSUB NUMSUB sees it: channel → clients, in subscription order. */
  private readonly channels = new Map<string, LabClient[]>();
  private readonly cut = new Set<string>();
  private isDown = false;
  /** Bumped each time the broker goes down: a restarted broker has lost what was in flight. */
  private life = 0;

  constructor(options: LabBrokerOptions) {
    this.clock = options.clock;
    this.tap = options.tap ?? new Tap();
    this.latency = Math.max(0, options.latency ?? 0);
  }

  /** Whether the broker is down. */
  get down(): boolean {
    return this.isDown;
  }

  /** Whether `node` is cut off from the broker. */
  isCutOff(node: string): boolean {
    return this.cut.has(node);
  }

  /** The nodes the broker would deliver a message on `channel` to, in subscription order. */
  subscribers(channel: string): string[] {
    return (this.channels.get(channel) ?? []).map((client) => client.node);
  }

  /** Opens a connection for `node`. */
  connect(node: string): BrokerClient {
    const client: LabClient = { node, listeners: new Map(), waiting: [], connection: 0, closed: false };
    this.clients.push(client);
    return {
      node,
      subscribe: (channel, onMessage) => this.subscribe(client, channel, onMessage),
      unsubscribe: (channel) => this.unsubscribe(client, channel),
      publish: (channel, data) => this.publish(client, channel, data),
      close: () => this.close(client),
    };
  }

  /**
   * Takes the broker down (`true`) or brings it back. Down, it forgets every subscription
   * (a restarted Redis holds none), publishes fail and messages in flight are lost; back up,
   * each connected client subscribes again to what it held, as node-redis does on reconnect.
   */
  setDown(down: boolean): void {
    if (down === this.isDown) return;
    this.isDown = down;
    if (down) {
      this.life++;
      this.channels.clear();
      this.record('down', '', 'The broker went down: its subscriptions and the messages in flight are gone, publishes fail');
      return;
    }
    this.record('up', '', 'The broker is back: each connected node subscribes again to its channels');
    for (const client of this.clients) if (!this.cut.has(client.node)) this.reconnect(client);
  }

  /**
   * Cuts `node` off from the broker (a network partition): its publishes fail and the
   * messages meant for it are lost, while the broker still counts its subscriptions.
   */
  cutOff(node: string): void {
    if (this.cut.has(node)) return;
    this.cut.add(node);
    for (const client of this.clients) if (client.node === node) client.connection++;
    this.record('cut-off', node, `Node ${node} is cut off from the broker: its publishes fail and messages for it are lost`);
  }

  /** Joins `node` to the broker again: its clients reconnect and subscribe again to their channels. */
  rejoin(node: string): void {
    if (!this.cut.delete(node)) return;
    this.record('rejoin', node, `Node ${node} reaches the broker again`);
    if (!this.isDown) for (const client of this.clients) if (client.node === node) this.reconnect(client);
  }

  private record(event: BrokerEvent, node: string, detail: string, channel?: string, data?: string): void {
    this.tap.record({
      kind: 'broker', at: this.clock.now(), event, node,
      ...(channel !== undefined ? { channel } : {}), ...(data !== undefined ? { data } : {}), detail,
    });
  }

  /** Why `client` cannot reach the broker now, if it cannot. */
  private unreachable(client: LabClient): BrokerUnavailableError | undefined {
    if (client.closed) return new BrokerUnavailableError('closed', `Node ${client.node} closed its broker connection`);
    if (this.isDown) return new BrokerUnavailableError('down', 'The broker is down');
    if (this.cut.has(client.node)) return new BrokerUnavailableError('cut-off', `Node ${client.node} is cut off from the broker`);
    return undefined;
  }

  private add(client: LabClient, channel: string): void {
    const list = this.channels.get(channel) ?? [];
    if (!list.includes(client)) list.push(client);
    this.channels.set(channel, list);
  }

  private remove(client: LabClient, channel?: string): void {
    for (const name of channel === undefined ? [...this.channels.keys()] : [channel]) {
      const list = (this.channels.get(name) ?? []).filter((c) => c !== client);
      if (list.length > 0) this.channels.set(name, list);
      else this.channels.delete(name);
    }
  }

  /** A new connection for `client`: the broker forgets the old one and learns the client's channels again. */
  private reconnect(client: LabClient): void {
    if (client.closed) return;
    this.remove(client);
    for (const channel of client.listeners.keys()) {
      this.add(client, channel);
      this.record('subscribe', client.node, `Node ${client.node} reconnected and subscribed again to ${channel}`, channel);
    }
    for (const resolve of client.waiting.splice(0)) resolve();
  }

  private subscribe(client: LabClient, channel: string, listener: BrokerListener): Promise<void> {
    if (client.closed) return Promise.reject(this.unreachable(client));
    if (client.listeners.has(channel)) return Promise.reject(alreadySubscribed(client.node, channel));
    client.listeners.set(channel, listener);
    const error = this.unreachable(client);
    if (!error) {
      this.add(client, channel);
      this.record('subscribe', client.node, `Node ${client.node} subscribed to ${channel}`, channel);
      return Promise.resolve();
    }
    this.record('subscribe', client.node, `Node ${client.node} asked to subscribe to ${channel}, but ${lower(error.message)}: it subscribes when the connection is back`, channel);
    return new Promise((resolve) => client.waiting.push(resolve));
  }

  private unsubscribe(client: LabClient, channel: string): Promise<void> {
    if (client.closed) return Promise.reject(this.unreachable(client));
    if (!client.listeners.delete(channel)) return Promise.resolve();
    const error = this.unreachable(client);
    if (!error) {
      this.remove(client, channel);
      this.record('unsubscribe', client.node, `Node ${client.node} unsubscribed from ${channel}`, channel);
      return Promise.resolve();
    }
    this.record('unsubscribe', client.node, `Node ${client.node} stopped listening to ${channel}, but ${lower(error.message)}: the broker learns it when the connection is back`, channel);
    return new Promise((resolve) => client.waiting.push(resolve));
  }

  private publish(client: LabClient, channel: string, data: string): Promise<number> {
    const error = this.unreachable(client);
    if (error) {
      if (error.reason !== 'closed') this.record('drop', client.node, `${error.message}: the publish failed and the message is lost`, channel, data);
      return Promise.reject(error);
    }
    const targets = [...(this.channels.get(channel) ?? [])];
    const names = targets.map((target) => target.node).join(', ');
    this.record('publish', client.node, `Node ${client.node} published on ${channel}: the broker counts ${targets.length} subscriber${targets.length === 1 ? '' : 's'}${names ? ` (${names})` : ''}`, channel, data);
    const life = this.life;
    for (const target of targets) {
      const connection = target.connection;
      this.clock.setTimeout(() => this.deliver(target, channel, data, life, connection), this.latency);
    }
    return Promise.resolve(targets.length);
  }

  private deliver(target: LabClient, channel: string, data: string, life: number, connection: number): void {
    const node = target.node;
    let lost: string | undefined;
    if (this.isDown || this.life !== life) lost = `The broker went down before delivering to node ${node}: the message is lost`;
    else if (target.connection !== connection || this.cut.has(node)) lost = `Node ${node} is cut off from the broker: the message for it is lost`;
    else if (target.closed) lost = `Node ${node} closed its broker connection before the message arrived`;
    const listener = target.listeners.get(channel);
    if (!lost && !listener) lost = `Node ${node} unsubscribed from ${channel} before the message arrived`;
    if (lost) {
      this.record('drop', node, lost, channel, data);
      return;
    }
    this.record('deliver', node, `Delivered to node ${node}`, channel, data);
    listener!(data, channel);
  }

  private close(client: LabClient): Promise<void> {
    if (client.closed) return Promise.resolve();
    for (const channel of client.listeners.keys()) {
      this.record('unsubscribe', client.node, `Node ${client.node} closed its broker connection: no longer subscribed to ${channel}`, channel);
    }
    client.listeners.clear();
    client.closed = true;
    this.remove(client);
    for (const resolve of client.waiting.splice(0)) resolve();
    return Promise.resolve();
  }
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
