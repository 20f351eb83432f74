import { defineChecks, expect } from '#authoring';

type EventPacket = { nsp: string; event: string; args: unknown[]; ackId?: number };
type Learner = { encodeEvent(packet: EventPacket): string; decodeEvent(text: string): EventPacket };

/** decodeEvent's answer with an absent ackId left out, so `{ ackId: undefined }` and `{}` compare equal. */
const decoded = (module: Learner, text: string) => {
  const { nsp, event, args, ackId } = module.decodeEvent(text);
  return ackId === undefined ? { nsp, event, args } : { nsp, event, args, ackId };
};

export default defineChecks<Learner>([
  {
    name: 'an event on the default namespace: 42["chat",{"text":"hi"}]',
    run({ module }) {
      expect(module.encodeEvent({ nsp: '/', event: 'chat', args: [{ text: 'hi' }] })).toBe('42["chat",{"text":"hi"}]');
      expect(module.encodeEvent({ nsp: '/', event: 'typing', args: [] })).toBe('42["typing"]');
    },
  },
  {
    name: 'an acknowledgement id goes between the packet type and the JSON: 4217["chat","hi"]',
    run({ module }) {
      expect(module.encodeEvent({ nsp: '/', event: 'chat', args: ['hi'], ackId: 17 })).toBe('4217["chat","hi"]');
      expect(module.encodeEvent({ nsp: '/', event: 'join', args: ['general'], ackId: 0 })).toBe('420["join","general"]');
    },
  },
  {
    name: 'a namespace other than / is written before the JSON and ends with a comma: 42/admin,["ban","bob"]',
    run({ module }) {
      expect(module.encodeEvent({ nsp: '/admin', event: 'ban', args: ['bob'] })).toBe('42/admin,["ban","bob"]');
      expect(module.encodeEvent({ nsp: '/admin', event: 'ban', args: ['bob'], ackId: 5 })).toBe('42/admin,5["ban","bob"]');
    },
  },
  {
    name: 'decoding reads the namespace, the ack id and the arguments back',
    run({ module }) {
      expect(decoded(module, '42["chat",{"text":"hi"}]')).toEqual({ nsp: '/', event: 'chat', args: [{ text: 'hi' }] });
      expect(decoded(module, '4217["chat","hi"]')).toEqual({ nsp: '/', event: 'chat', args: ['hi'], ackId: 17 });
      expect(decoded(module, '42/admin,["ban","bob"]')).toEqual({ nsp: '/admin', event: 'ban', args: ['bob'] });
      expect(decoded(module, '42/admin,5["ban",2,null]')).toEqual({ nsp: '/admin', event: 'ban', args: [2, null], ackId: 5 });
    },
  },
  {
    name: 'what is not an EVENT in an Engine.IO message is refused with an error',
    hidden: true,
    run({ module }) {
      for (const text of ['2', '3', '40', '430["ok"]', '["chat","hi"]']) {
        expect(() => module.decodeEvent(text), text).toThrow();
      }
    },
  },
  {
    name: 'encoding and decoding are each other’s inverse, for every namespace, ack id and argument',
    hidden: true,
    run({ module }) {
      const packets: EventPacket[] = [
        { nsp: '/', event: 'a', args: [] },
        { nsp: '/', event: 'b', args: [1, 'two', { three: [3] }, null, true], ackId: 123 },
        { nsp: '/chat/room-1', event: '42', args: ['[not, json]', '/x,'], ackId: 0 },
      ];
      for (const packet of packets) expect(decoded(module, module.encodeEvent(packet))).toEqual(packet);
    },
  },
]);
