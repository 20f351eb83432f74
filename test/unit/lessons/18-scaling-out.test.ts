/**
 * Lesson 18's lab runs show what its prose says they show: two nodes hear each other only
 * through the broker, a node cut off from it loses what is published meanwhile and then
 * recovers, and a polling session without stickiness reaches a node that refuses its sid.
 */
import { describe, expect, it } from 'vitest';
import { NOT_DELIVERED } from '../../../lib/lab/handlers/index.ts';
import type { RunResult } from '../../../site/components/lab-run/execute.ts';
import { fingerprint } from '../../../site/components/lab-run/rows.ts';
import { brokerRows, heard, placed, run } from './lab-results.ts';
import withBroker from '../../../lessons/04-servers/18-scaling-out/lab/two-nodes-broker.ts';
import alone from '../../../lessons/04-servers/18-scaling-out/lab/two-nodes-alone.ts';
import pollingRoundRobin from '../../../lessons/04-servers/18-scaling-out/lab/polling-round-robin.ts';
import pollingSticky from '../../../lessons/04-servers/18-scaling-out/lab/polling-sticky.ts';

describe('two nodes joined by a broker', () => {
  it('puts alice on node a and bob on node b, and each hears the other through the broker', async () => {
    const result = await run(withBroker, {});
    expect(placed(result)).toEqual([['alice', 'a'], ['bob', 'b']]);
    expect(heard(result)).toEqual({
      alice: ['* alice joined #general', '* bob joined #general', 'alice: hi bob, this is alice on node a', 'bob: hi alice, bob here on node b', 'alice: bob, are you still there?', 'bob: did anyone hear me?', 'alice: there you are', 'bob: yes, back now'],
      bob: ['* bob joined #general', 'alice: hi bob, this is alice on node a', 'bob: hi alice, bob here on node b', 'alice: bob, are you still there?', 'bob: did anyone hear me?', 'alice: there you are', 'bob: yes, back now', '* alice left #general'],
    });
    const rows = brokerRows(result);
    // One subscription per node for the room, however many members: here one each.
    expect(rows.filter((r) => r.event === 'subscribe').map((r) => [r.node, r.channel])).toEqual([['a', 'chat:general'], ['b', 'chat:general']]);
    expect(rows.some((r) => r.event === 'publish' && r.node === 'a' && r.summary.includes('2 subscribers (a, b)'))).toBe(true);
    expect(rows.some((r) => r.event === 'deliver' && r.node === 'b')).toBe(true);
    expect(rows.some((r) => r.event === 'drop')).toBe(false);
    expect(result.connections.map((c) => c.close)).toEqual([{ code: 1000, reason: '', wasClean: true }, { code: 1000, reason: '', wasClean: true }]);
  });

  it('by default cuts node b off from 1 s to 3 s: bob misses alice, his own message is refused, and both hear each other once the link is back', async () => {
    expect(withBroker.faults).toEqual({ cutOff: { node: 'b', at: 1000, forMs: 2000 } });
    const result = await run(withBroker);
    const inbox = heard(result);
    expect(inbox.alice).toContain('alice: bob, are you still there?');
    expect(inbox.bob).not.toContain('alice: bob, are you still there?');
    expect(inbox.bob).toContain(NOT_DELIVERED);
    expect(inbox.alice).not.toContain('bob: did anyone hear me?');
    expect(inbox.alice.slice(-2)).toEqual(['alice: there you are', 'bob: yes, back now']);
    expect(inbox.bob).toEqual(expect.arrayContaining(['alice: there you are', 'bob: yes, back now']));
    const rows = brokerRows(result);
    const events = rows.map((r) => `${r.event} ${r.node}`);
    expect(events).toContain('cut-off b');
    expect(events).toContain('rejoin b');
    // The message for b is lost in flight; b's own publish fails.
    const drops = rows.filter((r) => r.event === 'drop' && r.node === 'b');
    expect(drops.map((r) => r.summary)).toEqual([
      'Node b is cut off from the broker: the message for it is lost',
      'Node b is cut off from the broker: the publish failed and the message is lost',
    ]);
    expect(drops.every((r) => r.at >= 1000 && r.at < 3000)).toBe(true);
    // Back, node b subscribes again by itself, as node-redis does on reconnect.
    const again = rows.find((r) => r.event === 'subscribe' && r.node === 'b' && r.at >= 3000);
    expect(again?.summary).toBe('Node b reconnected and subscribed again to chat:general');
    // The WebSocket connections never noticed: only the broker link broke.
    expect(result.connections.map((c) => c.close?.code)).toEqual([1000, 1000]);
  });

  it('replays exactly from its seed and faults', async () => {
    const first = await run(withBroker, withBroker.faults, 5);
    const second = await run(withBroker, withBroker.faults, 5);
    expect(second.rows).toEqual(first.rows);
    expect(fingerprint(second.rows)).toBe(fingerprint(first.rows));
  });
});

describe('two nodes without a broker', () => {
  it('splits the room in two: carol on alice\'s node hears her, bob on the other node hears no one and no one hears him', async () => {
    const result = await run(alone);
    expect(placed(result)).toEqual([['alice', 'a'], ['bob', 'b'], ['carol', 'a']]);
    expect(heard(result)).toEqual({
      alice: ['* alice joined #general', '* carol joined #general', 'alice: hello, everyone in #general'],
      bob: ['* bob joined #general', 'bob: hello? is anyone here?'],
      carol: ['* carol joined #general', 'alice: hello, everyone in #general', '* alice left #general'],
    });
    expect(brokerRows(result)).toEqual([]);
  });
});

describe('a polling session on two nodes', () => {
  const refusals = (result: RunResult) => result.rows.filter((row) => row.kind === 'http' && row.summary === 'HTTP/1.1 400 Bad Request');

  it('without stickiness: every poll lands on the node that does not know its sid and is refused with 400 "Session ID unknown"', async () => {
    const result = await run(pollingRoundRobin);
    expect(result.connections.map((c) => c.node)).toEqual(['a', 'b', 'a', 'b']);
    const refused = refusals(result);
    expect(refused.map((row) => row.connection)).toEqual([2, 4]);
    for (const row of refused) expect(row.kind === 'http' && row.text.endsWith('\r\n\r\nSession ID unknown')).toBe(true);
    // The handshakes carry no sid; the refused polls carry the sid node a handed out.
    const requests = result.rows.filter((row) => row.kind === 'handshake' && row.direction === 'client→server').map((row) => row.summary);
    expect(requests[0]).toBe('GET /socket.io/?EIO=4&transport=polling HTTP/1.1');
    expect(requests[1]).toMatch(/^GET \/socket\.io\/\?EIO=4&transport=polling&sid=[\w-]{20} HTTP\/1\.1$/);
    // The page learns only error and 1006, as with any refused handshake.
    expect(result.connections.map((c) => c.close?.code)).toEqual([1000, 1006, 1000, 1006]);
    const notes = result.rows.filter((row) => row.kind === 'note').map((row) => row.summary);
    expect(notes.filter((text) => text.startsWith('new session')).length).toBe(2);
    expect(notes.filter((text) => text.startsWith('unknown session')).length).toBe(2);
    expect(notes.at(-1)).toBe('two sessions in a row were lost: without stickiness the client never keeps one');
  });

  it('with stickiness: every request reaches the node that made the session, and both polls are answered', async () => {
    const result = await run(pollingSticky);
    expect(result.connections.map((c) => c.node)).toEqual(['a', 'a', 'a']);
    expect(refusals(result)).toEqual([]);
    expect(result.connections.map((c) => c.close?.code)).toEqual([1000, 1000, 1000]);
    const notes = result.rows.filter((row) => row.kind === 'note').map((row) => row.summary);
    expect(notes.some((text) => /^message “4poll 2 of session [\w-]{20}, answered by node a”$/.test(text))).toBe(true);
    expect(notes.at(-1)).toMatch(/^session [\w-]{20} kept: both polls answered by the node that made it$/);
  });
});
