/**
 * A common mistake: sending the message to the sender's own socket as well as to the group.
 * The sender is a member of the group, so chat_message gives it a copy too: it hears its
 * own message twice.
 * Fails: "each member hears each message once, and only its own room"
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

  async disconnect(self: Self, code: number) {
    void code; // called however the connection ended: a Close frame or a cut (1006)
    await self.channel_layer.group_discard(groupOf(self), self.channel_name);
  },

  async receive(self: Self, text_data: string) {
    // To every member, on every node; this socket gets its copy through chat_message too.
    await self.send(`${String(self.scope.user)}: ${text_data}`);
    await self.channel_layer.group_send(groupOf(self), { type: 'chat.message', user: self.scope.user, text: text_data });
  },

  /** Channels calls this for each event of type "chat.message" (dots become underscores). */
  async chat_message(self: Self, event: LayerEvent) {
    await self.send(`${String(event.user)}: ${String(event.text)}`);
  },
};
