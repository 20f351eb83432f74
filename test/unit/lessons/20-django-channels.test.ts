/**
 * Lesson 20's lab runs show what its prose says they show: a consumer refuses an anonymous
 * visitor's handshake with 403; group_send on a broker-backed layer is one publish that every
 * node with members receives, and with the broker down the sender's consumer dies with 1011
 * and leaves its membership behind; an in-memory layer per process splits the group in two.
 * The lab kit's consumer runner is tested too: type dispatch, refusal, and disconnect on a cut.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../site/components/lab-run/execute.ts';
import { fingerprint } from '../../../site/components/lab-run/rows.ts';
import { brokerRows, heard, placed, run } from './lab-results.ts';
import broker from '../../../lessons/05-practice/20-django-channels/lab/group-send-broker.ts';
import inMemory from '../../../lessons/05-practice/20-django-channels/lab/in-memory-two-processes.ts';
import refuse from '../../../lessons/05-practice/20-django-channels/lab/refuse-in-connect.ts';
import { InMemoryLayer, handlerName } from '../../../lessons/05-practice/20-django-channels/lab-kit/channels.ts';

const closes = (result: RunResult) => Object.fromEntries(result.connections.map((c) => [c.client, c.close?.code]));

describe('the lab kit', () => {
  it('names the handler as Channels does: the type with dots turned into underscores', () => {
    expect(handlerName('chat.message')).toBe('chat_message');
    expect(handlerName('user.notify.new')).toBe('user_notify_new');
    expect(handlerName('chat_message')).toBe('chat_message');
  });

  it('an in-memory layer reaches only its own members, and notes an event sent to an ended consumer', async () => {
    const lines: string[] = [];
    const layer = new InMemoryLayer('p1', (text) => lines.push(text));
    const got: string[] = [];
    const alive = layer.new_channel((event) => got.push(String(event.text)));
    const gone = layer.new_channel(() => got.push('never'));
    await layer.group_add('room', alive);
    await layer.group_add('room', gone);
    layer.forget(gone);
    await layer.group_send('room', { type: 'chat.message', text: 'hi' });
    await Promise.resolve();
    expect(got).toEqual(['hi']);
    expect(layer.stranded.map((s) => s.channel)).toEqual([gone]);
    expect(lines).toEqual([`${gone} is still in room, but its consumer has ended: the event waits in a queue nobody reads`]);
    await layer.group_discard('room', gone);
    await layer.group_discard('room', alive);
    expect(layer.members('room')).toEqual([]);
  });
});

describe('refusing in connect()', () => {
  it('accepts alice, who has a session cookie, and refuses the anonymous visitor with 403 before any WebSocket opens', async () => {
    const result = await run(refuse);
    const answers = result.rows.filter((row) => (row.kind === 'handshake' || row.kind === 'http') && row.summary.startsWith('HTTP/1.1')).map((row) => row.summary);
    expect(answers).toEqual(['HTTP/1.1 101 Switching Protocols', 'HTTP/1.1 403 Forbidden']);
    const visitorNotes = result.rows.filter((row) => row.kind === 'note' && row.client === 'visitor').map((row) => row.summary);
    expect(visitorNotes).toEqual(['error', 'close 1006, wasClean false']);
    // No Close frame crossed on the visitor's connection: there was no WebSocket.
    const visitor = result.connections.find((c) => c.client === 'visitor')!;
    expect(result.rows.some((row) => row.kind === 'frame' && row.connection === visitor.connection)).toBe(false);
    expect(result.rows.some((row) => row.kind === 'frame' && row.connection !== visitor.connection)).toBe(true);
    expect(heard(result)).toEqual({ alice: ['alice: hi, anyone?'] });
    expect(closes(result)).toEqual({ alice: 1000, visitor: 1006 });
  });

  it('with the latency its fault starts from switched on, the visitor is still refused', async () => {
    const result = await run(refuse, { latency: refuse.faultDefaults!.latency });
    expect(result.rows.some((row) => row.kind === 'http' && row.summary === 'HTTP/1.1 403 Forbidden')).toBe(true);
    expect(closes(result)).toEqual({ alice: 1000, visitor: 1006 });
  });

  it('with its drop switched on, alice\'s connection is cut inside her echo', async () => {
    const result = await run(refuse, { drop: refuse.faultDefaults!.drop });
    expect(result.faults).toContainEqual(expect.objectContaining({ fault: 'drop', fired: true }));
    expect(heard(result)).toEqual({});
    expect(closes(result)).toEqual({ alice: 1006, visitor: 1006 });
  });
});

describe('group_send through a broker', () => {
  it('alice and carol on node a, bob on node b: one subscription per node, one publish per message, and all three hear everything', async () => {
    const result = await run(broker);
    expect(placed(result)).toEqual([['alice', 'a'], ['bob', 'b'], ['carol', 'a']]);
    const all = ['alice: hello from node a', 'bob: bob here, on node b', 'alice: does node b hear this?'];
    expect(heard(result)).toEqual({ alice: all, bob: all, carol: all });
    const rows = brokerRows(result);
    expect(rows.filter((r) => r.event === 'subscribe').map((r) => [r.node, r.channel])).toEqual([['a', 'asgi__group__chat_general'], ['b', 'asgi__group__chat_general']]);
    const publishes = rows.filter((r) => r.event === 'publish');
    expect(publishes.map((r) => r.node)).toEqual(['a', 'b', 'a']);
    expect(publishes.every((r) => r.summary.endsWith('the broker counts 2 subscribers (a, b)'))).toBe(true);
    expect(rows.filter((r) => r.event === 'deliver').map((r) => r.node)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    // Each node unsubscribes when its last member leaves.
    expect(rows.filter((r) => r.event === 'unsubscribe').map((r) => r.node)).toEqual(['b', 'a']);
    expect(closes(result)).toEqual({ alice: 1000, bob: 1000, carol: 1000 });
  });

  it('starts with no fault on, and its broker-down fault fires before alice\'s second message', () => {
    expect(broker.faults).toBeUndefined();
    expect(broker.faultDefaults).toEqual({ brokerDown: { at: 900, forMs: 1000 } });
  });

  it('with the broker down, alice\'s group_send raises, her consumer dies with 1011, and her membership stays behind', async () => {
    const result = await run(broker, broker.faultDefaults);
    const inbox = heard(result);
    expect(inbox.bob).not.toContain('alice: does node b hear this?');
    expect(inbox.carol).not.toContain('alice: does node b hear this?');
    expect(closes(result)).toEqual({ alice: 1011, bob: 1000, carol: 1000 });
    const rows = brokerRows(result);
    expect(rows.some((r) => r.event === 'drop' && r.node === 'a' && r.summary === 'The broker is down: the publish failed and the message is lost')).toBe(true);
    expect(result.rows.some((row) => row.kind === 'note' && row.summary.includes('threw BrokerUnavailableError'))).toBe(true);
    // Back up, both nodes subscribe again; node a never unsubscribes, because alice's disconnect() never ran.
    expect(rows.filter((r) => r.event === 'subscribe' && r.at >= 1900).map((r) => r.node)).toEqual(['a', 'b']);
    expect(rows.filter((r) => r.event === 'unsubscribe').map((r) => r.node)).toEqual(['b']);
  });

  it('replays exactly from its seed and faults', async () => {
    const first = await run(broker, broker.faultDefaults, 5);
    const second = await run(broker, broker.faultDefaults, 5);
    expect(fingerprint(second.rows)).toBe(fingerprint(first.rows));
  });
});

describe('InMemoryChannelLayer on two processes', () => {
  it('splits the group: carol hears alice, bob hears only himself, nobody hears bob, and nothing crosses between the nodes', async () => {
    const result = await run(inMemory);
    expect(placed(result)).toEqual([['alice', 'a'], ['bob', 'b'], ['carol', 'a']]);
    expect(heard(result)).toEqual({
      alice: ['alice: hello from node a'],
      bob: ['bob: bob here, on node b'],
      carol: ['alice: hello from node a'],
    });
    expect(brokerRows(result)).toEqual([]);
    expect(closes(result)).toEqual({ alice: 1000, bob: 1000, carol: 1000 });
  });

  it('with latency switched on, the run is slower and the group still split', async () => {
    const result = await run(inMemory, { latency: inMemory.faultDefaults!.latency });
    expect(heard(result)).toEqual({
      alice: ['alice: hello from node a'],
      bob: ['bob: bob here, on node b'],
      carol: ['alice: hello from node a'],
    });
  });
});
