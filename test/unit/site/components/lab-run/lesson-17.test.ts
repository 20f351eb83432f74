/**
 * Lesson 17's lab runs show what its prose says they show: a notification reaching both of
 * alice's tabs, bob's unread items kept while he is away and sent, in order, once he
 * connects, presence announced only on a first and a last tab, a frozen tab expired after
 * 30 s without a heartbeat (and never, with the expiry off), and a feed loop that runs beside
 * the receive loop and stops with the connection — or, with the mistake, does not.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import presence from '../../../../../lessons/04-servers/17-realtime-features/lab/tabs-unread-presence.ts';
import liveFeed from '../../../../../lessons/04-servers/17-realtime-features/lab/live-feed.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;
/** The text messages the server sent on one connection, parsed. */
const received = (result: RunResult, connection: number) =>
  result.rows
    .filter((row): row is FrameRow => row.kind === 'frame' && row.connection === connection && row.direction === 'server→client' && row.opcode === 1)
    .map((row) => JSON.parse(/^Text “(.*)”$/s.exec(row.summary)![1]) as Record<string, unknown>);
const serverNotes = (result: RunResult) => result.rows.filter((row) => row.kind === 'note' && row.side === 'server').map((row) => row.summary);
const serverNoteAt = (result: RunResult, text: string) => result.rows.find((row) => row.kind === 'note' && row.side === 'server' && row.summary.includes(text))?.at;
const run = (scenario: typeof presence, params: Record<string, number> = {}) => executeScenario(scenario, { seed: 1, faults: scenario.faults ?? {}, params });

describe('lesson 17: two tabs, unread items and presence', () => {
  it('bob’s two mentions are kept while he is away and delivered in order once he connects; bob’s mention reaches both of alice’s tabs', async () => {
    const result = await run(presence);
    const [laptop, phone, bob] = [1, 2, 3];
    expect(result.connections.map((c) => c.client)).toEqual(['alice', 'alice', 'bob']);
    expect(received(result, bob).filter((m) => m.type === 'notification')).toEqual([
      { type: 'notification', id: 1, text: 'alice: can you review #12?' },
      { type: 'notification', id: 2, text: 'alice: never mind, merged' },
    ]);
    for (const tab of [laptop, phone]) {
      expect(received(result, tab).filter((m) => m.type === 'notification'), `connection ${tab}`).toEqual([{ type: 'notification', id: 3, text: 'bob: thanks!' }]);
    }
    expect(serverNotes(result).slice(0, 6)).toEqual([
      'alice is online: first tab, announced',
      'alice opened tab 2: already online, nothing announced',
      'bob is offline: notification 1 kept (1 unread)',
      'bob is offline: notification 2 kept (2 unread)',
      'bob is online: first tab, announced',
      '2 unread notifications delivered to bob, then forgotten',
    ]);
  });

  it('presence: bob hears alice go offline only when her frozen phone tab expires, 30 s after its last heartbeat — not when her laptop tab closes', async () => {
    const result = await run(presence);
    const bob = 3;
    expect(received(result, bob).filter((m) => m.type === 'presence')).toEqual([{ type: 'presence', user: 'alice', online: false }]);
    expect(received(result, 1).filter((m) => m.type === 'presence')).toEqual([{ type: 'presence', user: 'bob', online: true }]);
    expect(serverNotes(result)).toContain('alice\'s tab closed (1000): 1 tab left, still online');
    expect(serverNotes(result)).toContain('alice\'s last tab sent nothing for 30 s: expired and closed with 4408: offline, announced');
    // The phone's last heartbeat left at 10.3 s; the expiry fires 30 s later.
    expect(serverNoteAt(result, 'expired')).toBe(40_320);
    const phone = result.connections[1];
    expect(phone.close).toEqual({ code: 4408, reason: 'no heartbeat', wasClean: true });
  });

  it('with the expiry off, the frozen tab keeps alice online to the end of the run', async () => {
    const result = await run(presence, { expiry: 0 });
    expect(received(result, 3).filter((m) => m.type === 'presence')).toEqual([]);
    expect(serverNotes(result).some((note) => note.startsWith('alice\'s last tab'))).toBe(false);
    expect(result.connections[1].close).toBeUndefined();
  });
});

describe('lesson 17: a live feed beside the receive loop', () => {
  it('ticks every second, pauses and resumes on the page’s messages, and stops once the connection closes', async () => {
    const result = await run(liveFeed);
    expect(received(result, 1)).toEqual([1, 2, 3, 4].map((n) => ({ type: 'tick', n })));
    expect(serverNotes(result)).toEqual(['receive loop: pause', 'receive loop: resume', 'connection closed (1000)', 'feed stopped']);
    expect(result.stoppedAtLimit).toBe(false);
  });

  it('with the mistake, the feed loop goes on after the close, failing to send every second until the run is stopped', async () => {
    const result = await run(liveFeed, { stopFeed: 0 });
    const notes = serverNotes(result);
    expect(notes.slice(0, 3)).toEqual(['receive loop: pause', 'receive loop: resume', 'connection closed (1000)']);
    expect(notes.slice(3, 8)).toEqual([5, 6, 7, 8, 9].map((n) => `tick ${n} not sent: the connection is closed, and the feed loop is still running`));
    expect(notes).not.toContain('feed stopped');
    expect(result.stoppedAtLimit).toBe(true);
  });
});
