/**
 * The chat consumer of the lesson's lab runs, written as the lesson's Channels tab is:
 * an anonymous visitor is refused at the handshake, a member joins the room's group on
 * connect and leaves it on disconnect, and a message goes to the group as a "chat.message"
 * event, which each member's chat_message handler sends down its own socket.
 */
import type { Consumer, ConsumerSelf, LayerEvent } from './channels.ts';

/** The room's group: chat_<room>, from the route's kwargs. */
export const groupOf = (self: ConsumerSelf): string => `chat_${self.scope.url_route.kwargs.room}`;

export const ChatConsumer: Consumer = {
  async connect(self: ConsumerSelf) {
    if (self.scope.user === null) {
      // AnonymousUser: close() before accept() refuses the handshake (Daphne answers 403).
      await self.close();
      return;
    }
    await self.channel_layer.group_add(groupOf(self), self.channel_name);
    await self.accept();
  },
  async disconnect(self: ConsumerSelf) {
    await self.channel_layer.group_discard(groupOf(self), self.channel_name);
  },
  async receive(self: ConsumerSelf, text_data: string) {
    await self.channel_layer.group_send(groupOf(self), { type: 'chat.message', user: self.scope.user, text: text_data });
  },
  async chat_message(self: ConsumerSelf, event: LayerEvent) {
    await self.send(`${String(event.user)}: ${String(event.text)}`);
  },
};

/** A page whose browser holds a Django session cookie for `user`. */
export const signedIn = (user: string) => ({ headers: { Cookie: `sessionid=${user}` } });
