/**
 * A common mistake: the namespace written without its comma. The receiver cannot tell where
 * the namespace ends and the ack id or the JSON begins.
 * Fails: "a namespace other than / is written before the JSON and ends with a comma: 42/admin,["ban","bob"]"
 */
export interface EventPacket {
  nsp: string;
  event: string;
  args: unknown[];
  ackId?: number;
}

export function encodeEvent({ nsp, event, args, ackId }: EventPacket): string {
  const namespace = nsp === '/' ? '' : nsp;
  const ack = ackId === undefined ? '' : String(ackId);
  return `42${namespace}${ack}${JSON.stringify([event, ...args])}`;
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
