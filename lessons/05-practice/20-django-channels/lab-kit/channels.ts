/**
 * Django Channels' shape in the lab's TypeScript: a consumer written as an object of
 * methods that take `self` (connect, receive, disconnect and one handler per event type),
 * run by {@link asApp} the way Channels' AsyncWebsocketConsumer runs one, and two channel
 * layers — {@link InMemoryLayer}, which, like Channels' InMemoryChannelLayer, reaches only
 * the consumers of its own process, and {@link BrokerLayer}, which, like channels_redis'
 * RedisPubSubChannelLayer, fans group_send out through a broker that every node subscribes to.
 *
 * Not a scenario: the lesson's lab runs and its exercise checks import it.
 * @see https://github.com/django/channels/blob/main/channels/generic/websocket.py
 * @see https://github.com/django/channels/blob/main/channels/layers.py
 * @see https://github.com/django/channels_redis/blob/main/channels_redis/pubsub.py
 */
import { WebSocketDisconnect, type BrokerClient, type ServerWebSocket } from '#authoring';

/** A message on a channel layer: a dict with a `type`, as in Channels. */
export interface LayerEvent {
  type: string;
  [key: string]: unknown;
}

/** What a consumer may call on `self.channel_layer` (Channels' names). */
export interface GroupApi {
  group_add(group: string, channel: string): Promise<void>;
  group_discard(group: string, channel: string): Promise<void>;
  group_send(group: string, event: LayerEvent): Promise<void>;
}

/** A channel layer: the group API, and what the consumer runner needs to read a channel. */
export interface ChannelLayer extends GroupApi {
  /** A new channel for one consumer; `deliver` gets each event sent to it (Channels' new_channel and receive). */
  new_channel(deliver: (event: LayerEvent) => void): string;
  /** The consumer of `channel` has ended: nobody reads it any more. */
  forget(channel: string): void;
  /** The channels of this process in `group`, as the layer holds them. */
  members(group: string): string[];
  /** Every event sent to a channel nobody reads any more — a member that never left its group. */
  readonly stranded: ReadonlyArray<{ channel: string; event: LayerEvent }>;
}

/** How a layer reports what it does, as a line in the run's timeline. */
export type LayerLog = (text: string) => void;

/** Groups and channels of one process: what both layers share. */
abstract class LocalGroups implements ChannelLayer {
  protected readonly groups = new Map<string, Set<string>>();
  protected readonly channels = new Map<string, (event: LayerEvent) => void>();
  readonly stranded: Array<{ channel: string; event: LayerEvent }> = [];
  private next = 1;

  constructor(protected readonly prefix: string, protected readonly log: LayerLog = () => {}) {}

  new_channel(deliver: (event: LayerEvent) => void): string {
    const name = `specific.${this.prefix}!${this.next++}`;
    this.channels.set(name, deliver);
    return name;
  }

  forget(channel: string): void {
    this.channels.delete(channel);
  }

  members(group: string): string[] {
    return [...(this.groups.get(group) ?? [])];
  }

  async group_add(group: string, channel: string): Promise<void> {
    let members = this.groups.get(group);
    if (!members) {
      members = new Set();
      this.groups.set(group, members);
    }
    members.add(channel);
  }

  async group_discard(group: string, channel: string): Promise<void> {
    const members = this.groups.get(group);
    if (!members?.delete(channel)) return;
    if (members.size === 0) this.groups.delete(group);
  }

  abstract group_send(group: string, event: LayerEvent): Promise<void>;

  /** Hands a copy of `event` to each local member of `group`, each on a later turn (as a queue would). */
  protected deliverLocally(group: string, event: LayerEvent): void {
    for (const channel of this.members(group)) {
      const deliver = this.channels.get(channel);
      const copy = structuredClone(event);
      if (!deliver) {
        // Channels keeps it in the channel's queue until it expires (60 s by default); nobody will read it.
        this.stranded.push({ channel, event: copy });
        this.log(`${channel} is still in ${group}, but its consumer has ended: the event waits in a queue nobody reads`);
        continue;
      }
      queueMicrotask(() => deliver(copy));
    }
  }
}

/**
 * Channels' InMemoryChannelLayer: groups and channels in this process's memory. Fine for
 * one process and for tests; a second process has its own, and never hears this one's.
 */
export class InMemoryLayer extends LocalGroups {
  async group_send(group: string, event: LayerEvent): Promise<void> {
    this.deliverLocally(group, event);
  }
}

/** The broker channel that carries a group (channels_redis' pub/sub layer names it `asgi__group__<group>`). */
export const groupChannel = (group: string): string => `asgi__group__${group}`;

/**
 * A channel layer on the lab's broker, shaped like channels_redis' RedisPubSubChannelLayer:
 * this process subscribes to a group's broker channel when its first consumer joins the
 * group and unsubscribes when its last one leaves; group_send is one publish, and each
 * process that receives it hands a copy to its own members.
 */
export class BrokerLayer extends LocalGroups {
  constructor(private readonly broker: BrokerClient, log?: LayerLog) {
    super(broker.node, log);
  }

  override async group_add(group: string, channel: string): Promise<void> {
    const first = !this.groups.has(group);
    await super.group_add(group, channel);
    if (first) await this.broker.subscribe(groupChannel(group), (data) => this.deliverLocally(group, JSON.parse(data) as LayerEvent));
  }

  override async group_discard(group: string, channel: string): Promise<void> {
    const had = this.groups.has(group);
    await super.group_discard(group, channel);
    if (had && !this.groups.has(group)) await this.broker.unsubscribe(groupChannel(group));
  }

  async group_send(group: string, event: LayerEvent): Promise<void> {
    // Rejects with BrokerUnavailableError when the broker cannot be reached, as redis-py raises ConnectionError.
    await this.broker.publish(groupChannel(group), JSON.stringify(event));
  }
}

/** What a consumer's methods get as `self` for one connection (Channels' attribute names). */
export interface ConsumerSelf {
  scope: {
    path: string;
    /** The user AuthMiddlewareStack found from the session cookie; null stands for AnonymousUser. */
    user: string | null;
    url_route: { kwargs: Record<string, string> };
    subprotocols: string[];
  };
  channel_name: string;
  channel_layer: GroupApi;
  /** Completes the handshake (101), with a subprotocol the client offered if given. */
  accept(subprotocol?: string): Promise<void>;
  /** Before accept: refuses the handshake (Daphne answers 403). After: a Close frame with `code` (1000 if none). */
  close(code?: number): Promise<void>;
  send(text_data: string): Promise<void>;
}

/** A consumer: optional connect/receive/disconnect, and a handler per event type ("chat.message" → chat_message). */
export type Consumer = {
  connect?(self: ConsumerSelf): Promise<void> | void;
  receive?(self: ConsumerSelf, text_data: string): Promise<void> | void;
  disconnect?(self: ConsumerSelf, code: number): Promise<void> | void;
} & { [handler: string]: unknown };

/** Channels' get_handler_name: the event's type with dots turned into underscores. */
export function handlerName(type: string): string {
  return type.replaceAll('.', '_');
}

/** Options for {@link asApp}. */
export interface AppOptions {
  layer: ChannelLayer;
  /** The session lookup AuthMiddlewareStack does: the user a handshake's cookie names, or null (AnonymousUser). */
  user?(ws: ServerWebSocket): string | null;
}

/** Reads `sessionid=<name>` from the handshake's Cookie header: the lab's stand-in for a Django session. */
export function sessionUser(ws: ServerWebSocket): string | null {
  const match = /(?:^|;\s*)sessionid=([^;]+)/.exec(ws.headers.cookie ?? '');
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * Runs `consumer` for each connection, as Channels' AsyncWebsocketConsumer does: connect()
 * (the default accepts), then the client's messages and the layer's events handled one at a
 * time, in arrival order, each to its method; disconnect(code) when the socket closes. A
 * connect() that closes, or returns without accepting, refuses the handshake (403). An
 * exception ends the consumer: before accept the handshake is answered 500, after it the
 * socket is closed with 1011 — what Daphne does — and disconnect() is not called.
 */
export function asApp(consumer: Consumer, options: AppOptions): (ws: ServerWebSocket) => Promise<void> {
  const { layer } = options;
  return async (ws) => {
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {});
    // One message at a time, as Channels' await_many_dispatch awaits each handler before the next.
    let turn: Promise<void> = Promise.resolve();
    const inTurn = (work: () => unknown): Promise<void> => {
      const done = turn.then(async () => {
        await work();
      });
      turn = done.catch(() => {});
      return done;
    };
    const dispatch = async (event: LayerEvent) => {
      const handler = consumer[handlerName(event.type)];
      if (typeof handler !== 'function') throw new Error(`No handler for message type ${event.type}`);
      await handler.call(consumer, self, event);
    };
    const channel_name = layer.new_channel((event) => {
      inTurn(() => dispatch(event)).catch(fail);
    });
    const self: ConsumerSelf = {
      scope: { path: ws.path, user: (options.user ?? sessionUser)(ws), url_route: { kwargs: { ...ws.params } }, subprotocols: [...ws.protocols] },
      channel_name,
      channel_layer: {
        group_add: (group, channel) => layer.group_add(group, channel),
        group_discard: (group, channel) => layer.group_discard(group, channel),
        group_send: (group, event) => layer.group_send(group, event),
      },
      accept: (subprotocol) => ws.accept(subprotocol ? { protocol: subprotocol } : {}),
      close: async (code) => {
        if (ws.state === 'connecting') ws.reject(403);
        else if (ws.state === 'open') await ws.close(code ?? 1000);
      },
      send: (text_data) => ws.sendText(text_data),
    };
    try {
      await (consumer.connect ? consumer.connect(self) : self.accept());
      // Daphne waits websocket_connect_timeout for an accept that never comes, then refuses; the lab refuses at once.
      if (ws.state === 'connecting') ws.reject(403);
      if (ws.state === 'rejected') return;
      for (;;) {
        let message: string | Uint8Array;
        try {
          message = await Promise.race([ws.receive(), failed]);
        } catch (error) {
          if (error instanceof WebSocketDisconnect) break;
          throw error;
        }
        if (typeof message !== 'string') continue;
        const text = message;
        await Promise.race([inTurn(() => consumer.receive?.(self, text)), failed]);
      }
      await Promise.race([turn, failed]);
      await consumer.disconnect?.(self, ws.closeInfo?.code ?? 1006);
    } finally {
      layer.forget(channel_name);
    }
  };
}
