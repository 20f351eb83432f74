/**
 * A common mistake: no disconnect(), so no group_discard. The consumer ends when its socket
 * closes, but its channel stays in the group, and every later group_send still sends it a
 * copy that nobody will read (Channels keeps it in the channel's queue until it expires).
 * Fails: "a member that closes leaves the group: nothing is sent to its ended consumer"
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
    if (self.scope.user === null) {
      // AnonymousUser: closing before accept() refuses the handshake with 403.
      await self.close();
      return;
    }
    await self.channel_layer.group_add(groupOf(self), self.channel_name);
    await self.accept();
  },

  async receive(self: Self, text_data: string) {
    // To every member, on every node; this socket gets its copy through chat_message too.
    await self.channel_layer.group_send(groupOf(self), { type: 'chat.message', user: self.scope.user, text: text_data });
  },

  /** Channels calls this for each event of type "chat.message" (dots become underscores). */
  async chat_message(self: Self, event: LayerEvent) {
    await self.send(`${String(event.user)}: ${String(event.text)}`);
  },
};
