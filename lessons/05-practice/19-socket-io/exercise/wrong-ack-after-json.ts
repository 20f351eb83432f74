/**
 * A common mistake: the acknowledgement id written after the JSON, where the receiver never
 * looks for it: it parses the array, finds digits after it and fails.
 * Fails: "an acknowledgement id goes between the packet type and the JSON: 4217["chat","hi"]"
 */
export interface EventPacket {
  nsp: string;
  event: string;
  args: unknown[];
  ackId?: number;
}

export function encodeEvent({ nsp, event, args, ackId }: EventPacket): string {
  const namespace = nsp === '/' ? '' : `${nsp},`;
  const ack = ackId === undefined ? '' : String(ackId);
  return `42${namespace}${JSON.stringify([event, ...args])}${ack}`;
}

export function decodeEvent(text: string): EventPacket {
  if (!text.startsWith('42')) throw new Error(`not a Socket.IO EVENT in an Engine.IO message: ${text}`);
  let rest = text.slice(2);
  let nsp = '/';
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',');
    if (comma < 0) throw new Error('a namespace must end with a comma');
    nsp = rest.slice(0, comma);
    rest = rest.slice(comma + 1);
  }
  const digits = /^\d*/.exec(rest)![0];
  const ackId = digits ? Number(digits) : undefined;
  const data: unknown = JSON.parse(rest.slice(digits.length));
  if (!Array.isArray(data) || typeof data[0] !== 'string') throw new Error('an EVENT carries a JSON array starting with the event name');
  const [event, ...args] = data as [string, ...unknown[]];
  return ackId === undefined ? { nsp, event, args } : { nsp, event, args, ackId };
}
