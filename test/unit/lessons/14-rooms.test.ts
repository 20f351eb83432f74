/**
 * Lesson 14's lab run shows what its prose says it shows: messages stay in their room and
 * leave the server for every member at once, a private message reaches both of carol's tabs,
 * bob's dropped connection is cleaned up while the room goes on, and leaving a room keeps the
 * tab open. Without the drop fault, bob's long message goes through and he leaves cleanly.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../site/components/lab-run/execute.ts';
import { clientsOf, fingerprint } from '../../../site/components/lab-run/rows.ts';
import type { FaultSettings } from '../../../site/components/lab-run/scenario.ts';
import threeClients from '../../../lessons/04-servers/14-rooms/lab/three-clients.ts';

const run = (faults: FaultSettings = threeClients.faults ?? {}, seed = 1) => executeScenario(threeClients, { seed, faults, params: {} });

/** Every message a page received: its connection, lab time and text (as the inspector notes it). */
function received(result: RunResult): Array<{ connection: number; at: number; text: string }> {
  return result.rows.flatMap((row) =>
    row.kind === 'note' && row.side === 'page' && row.summary.startsWith('message “')
      ? [{ connection: row.connection, at: row.at, text: row.summary.slice('message “'.length, -1) }]
      : []);
}

/** The connections that received `text`, each with the lab time it arrived. */
const whoGot = (result: RunResult, text: string) => received(result).filter((m) => m.text === text).map(({ connection, at }) => [connection, at]);

/** The server's log lines. */
const serverLog = (result: RunResult) => result.rows.flatMap((row) => (row.kind === 'note' && row.side === 'server' ? [row.summary] : []));

describe('three clients in two rooms, with the default faults (20 ms latency, a drop after 600 bytes from a page)', () => {
  it('names the connections as the description does: #1 alice, #2 bob, #3 carol in #random, #4 carol’s second tab', async () => {
    const result = await run();
    expect(clientsOf(result.connections)).toEqual([
      { client: 'alice', connections: [1] },
      { client: 'bob', connections: [2] },
      { client: 'carol', connections: [3, 4] },
    ]);
    expect(result.connections.map((c) => c.url)).toEqual([
      'ws://lab.local/ws/rooms/general?user=alice',
      'ws://lab.local/ws/rooms/general?user=bob',
      'ws://lab.local/ws/rooms/random?user=carol',
      'ws://lab.local/ws/rooms/general?user=carol',
    ]);
    expect(result.stoppedAtLimit).toBe(false);
  });

  it('rooms: alice’s message reaches the server at 0.120 s and #1 and #2 together at 0.140 s; nothing of #general reaches #3', async () => {
    const result = await run();
    const fromAlice = result.rows.find((row) => row.kind === 'frame' && row.direction === 'client→server' && row.summary.includes('hi, who is here?'));
    expect(fromAlice?.at).toBe(120);
    expect(fromAlice?.connection).toBe(1);
    expect(whoGot(result, '[general] alice: hi, who is here?')).toEqual([[1, 140], [2, 140]]);
    expect(whoGot(result, '[random] carol: anyone in #random?')).toEqual([[3, 240]]);
    expect(received(result).filter((m) => m.connection === 3).map((m) => m.text)).toEqual([
      '* carol joined #random',
      '[random] carol: anyone in #random?',
      '[private] alice: lunch at noon?',
      '* you left #random',
    ]);
  });

  it('two tabs: alice’s private message reaches #3 and #4 at the same time, and carol answers from one tab only', async () => {
    const result = await run();
    expect(whoGot(result, '[private] alice: lunch at noon?')).toEqual([[3, 640], [4, 640]]);
    expect(whoGot(result, '[private] carol: yes, see you there')).toEqual([[1, 680]]);
    expect(serverLog(result)).toContain('carol joined #general (2 tabs open)');
  });

  it('a dead client: bob’s connection drops at 0.820 s, the server removes him, and the room goes on without him', async () => {
    const result = await run();
    const drop = result.rows.find((row) => row.kind === 'event' && row.event === 'drop');
    expect(drop).toMatchObject({ connection: 2, at: 820, summary: 'Bytes after 600 were lost and the connection dropped' });
    const bobsPage = result.rows.filter((row) => row.kind === 'note' && row.connection === 2 && row.at === 820).map((row) => row.summary);
    expect(bobsPage).toEqual(['error', 'close 1006, wasClean false']);
    expect(serverLog(result)).toContain('bob\'s connection closed with 1006: removed (0 tabs left)');
    expect(whoGot(result, '* bob left #general')).toEqual([[1, 840], [4, 840]]);
    expect(whoGot(result, '[general] alice: bob, are you still there?')).toEqual([[1, 1240], [4, 1240]]);
    // bob's long message never reached anyone.
    expect(received(result).some((m) => m.text.startsWith('[general] bob: so here is'))).toBe(false);
    expect(result.connections[1].close).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('leaving is not closing: carol’s #random tab gets “* you left #random” at 1.34 s and stays open until she closes it', async () => {
    const result = await run();
    expect(whoGot(result, '* you left #random')).toEqual([[3, 1340]]);
    expect(serverLog(result)).toContain('carol left #random; the tab stays open for private messages');
    const random = result.connections[2];
    expect(random.close).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(random.states.find((s) => s.state === 'CLOSED')?.at).toBe(1640);
  });

  it('replays byte for byte from its seed', async () => {
    const first = await run();
    const second = await run();
    expect(fingerprint(second.rows)).toBe(fingerprint(first.rows));
    expect(second.rows).toEqual(first.rows);
  });
});

describe('without the drop fault', () => {
  it('bob’s long message reaches all of #general, and he leaves with a clean 1000 at 1.4 s', async () => {
    const result = await run({ latency: 20 });
    expect(result.rows.some((row) => row.kind === 'event' && row.event === 'drop')).toBe(false);
    const long = received(result).filter((m) => m.text.startsWith('[general] bob: so here is'));
    expect(long.map((m) => [m.connection, m.at])).toEqual([[1, 840], [2, 840], [4, 840]]);
    expect(whoGot(result, '[general] alice: bob, are you still there?').map(([connection]) => connection)).toEqual([1, 2, 4]);
    const bob = result.connections[1];
    expect(bob.states.find((s) => s.state === 'CLOSING')?.at).toBe(1400);
    expect(bob.close).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(serverLog(result)).toContain('bob\'s connection closed with 1000: removed (0 tabs left)');
  });

  it('the latency is what spaces the run: with none, alice’s message comes back in the instant she sends it', async () => {
    const result = await run({});
    expect(whoGot(result, '[general] alice: hi, who is here?')).toEqual([[1, 100], [2, 100]]);
  });
});
