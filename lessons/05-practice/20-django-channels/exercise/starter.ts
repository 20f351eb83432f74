/**
 * A chat room as a Django Channels consumer, on a channel layer shared by two nodes.
 *
 * ChatConsumer's methods take `self`, as a Channels consumer's do. The checks run it for
 * each connection to /ws/chat/{room} on node a and on node b; the two nodes' channel layers
 * share a broker, as two Daphne processes share one Redis. Today it accepts everyone and
 * answers each message to its sender only.
 *
 * Change it so that:
 * - connect(): an anonymous visitor (self.scope.user === null) is refused at the handshake:
 *   close() before accept(). Anyone else joins the room's group with
 *   self.channel_layer.group_add(groupOf(self), self.channel_name), then is accepted;
 * - receive(): a text goes to the whole group with
 *   group_send(groupOf(self), { type: 'chat.message', user: self.scope.user, text: text_data });
 * - the handler Channels picks for type "chat.message" sends `${user}: ${text}` down this socket;
 * - disconnect(): the member leaves the group with group_discard, however the connection ended.
 */

/** A message on the channel layer: an object with a type, as in Channels. */
type LayerEvent = { type: string; [key: string]: unknown };

/** What each method gets as `self` (the checks provide it, as AsyncWebsocketConsumer does). */
interface Self {
  scope: { user: string | null; url_route: { kwargs: Record<string, string> } };
  channel_name: string;
  channel_layer: {
    group_add(group: string, channel: string): Promise<void>;
    group_discard(group: string, channel: string): Promise<void>;
    group_send(group: string, event: LayerEvent): Promise<void>;
  };
  accept(subprotocol?: string): Promise<void>;
  close(code?: number): Promise<void>;
  send(text_data: string): Promise<void>;
}

/** The room's group, from the route: /ws/chat/general → chat_general. */
const groupOf = (self: Self) => `chat_${self.scope.url_route.kwargs.room}`;

export const ChatConsumer = {
  async connect(self: Self) {
    void groupOf; // TODO: check the user, join the group
    await self.accept();
  },

  async disconnect(self: Self, code: number) {
    void self; // TODO: leave the group
    void code;
  },

  async receive(self: Self, text_data: string) {
    // Only the sender hears it.
    await self.send(`${String(self.scope.user)}: ${text_data}`);
  },
};
