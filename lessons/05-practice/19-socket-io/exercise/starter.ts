/**
 * Write and read Socket.IO EVENT packets as they travel in a WebSocket text frame.
 *
 * The text is, in order:
 *   4      Engine.IO's packet type "message"
 *   2      Socket.IO's packet type EVENT
 *   /admin, the namespace followed by a comma — left out for the default namespace "/"
 *   17     the acknowledgement id, when the sender wants an answer — left out otherwise
 *   [...]  one JSON array: the event's name, then its arguments
 *
 * encodeEvent({ nsp: '/admin', event: 'ban', args: ['bob'], ackId: 5 }) is '42/admin,5["ban","bob"]'.
 * decodeEvent reads such a text back into the same object (ackId left out when there is
 * none) and throws for anything that is not an EVENT: '2' (a ping), '40' (CONNECT),
 * '430["ok"]' (an ACK) …
 */
export interface EventPacket {
  nsp: string;
  event: string;
  args: unknown[];
  ackId?: number;
}

export function encodeEvent({ event, args }: EventPacket): string {
  // Your code. This handles only the default namespace without an ack id.
  return `42${JSON.stringify([event, ...args])}`;
}

export function decodeEvent(text: string): EventPacket {
  // Your code. This handles only the default namespace without an ack id.
  const [event, ...args] = JSON.parse(text.slice(2)) as [string, ...unknown[]];
  return { nsp: '/', event, args };
}
