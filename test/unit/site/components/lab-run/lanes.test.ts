import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../../lib/lab/index.ts';
import { createChatHandler } from '../../../../../lib/lab/handlers/index.ts';
import { executeScenario } from '../../../../../site/components/lab-run/execute.ts';
import {
  CLIENT_COLOURS, EVERYTHING, clientLanes, emptyMessage, expectedLaneChoices, isNarrowed, laneChoices, matchCount, ownerText, queryRows, queryShowing, rowLinks, rowOwner,
  rowSummary, runLanes, showsOwners, type TimelineQuery,
} from '../../../../../site/components/lab-run/lanes.ts';
import type { ConnectionSummary, InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import { defineScenario } from '../../../../../site/components/lab-run/scenario.ts';

const connection = (id: number, client: string, node?: string): ConnectionSummary => ({
  connection: id, url: 'ws://lab/x', client, ...(node ? { node } : {}), states: [],
});
const note = (at: number, text: string, extra: Partial<Extract<InspectorRow, { kind: 'note' }>> = {}): InspectorRow => ({
  kind: 'note', at, connection: 0, side: 'page', summary: text, error: false, ...extra,
});
const broker = (at: number, event: string, node: string, summary: string): InspectorRow => ({ kind: 'broker', at, connection: 0, event, node, summary });
const event = (at: number, conn: number, summary: string): InspectorRow => ({ kind: 'event', at, connection: conn, event: 'end', summary });

describe('client colours', () => {
  it('are given in the order clients first connected, one per client, whatever their names', () => {
    const lanes = clientLanes([connection(1, 'zoe', 'a'), connection(2, 'adam', 'b'), connection(3, 'zoe', 'b'), connection(4, 'mia', 'a')]);
    expect(lanes.map((l) => [l.client, l.colour, l.connections, l.nodes])).toEqual([
      ['zoe', 1, [1, 3], ['a', 'b']],
      ['adam', 2, [2], ['b']],
      ['mia', 3, [4], ['a']],
    ]);
  });

  it('wrap round the palette past its last colour', () => {
    const many = Array.from({ length: CLIENT_COLOURS + 2 }, (_, i) => connection(i + 1, `c${i}`));
    expect(clientLanes(many).map((l) => l.colour)).toEqual([1, 2, 3, 4, 5, 6, 1, 2]);
  });

  /** WCAG 2 relative luminance and contrast ratio. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = readFileSync(new URL('../../../../../site/styles/tokens.css', import.meta.url), 'utf8');
  const token = (name: string): [string, string] => {
    const found = new RegExp(`--${name}: light-dark\\((#[0-9a-f]{6}), (#[0-9a-f]{6})\\)`).exec(css);
    if (!found) throw new Error(`no --${name} in tokens.css`);
    return [found[1], found[2]];
  };
  const backgrounds = ['bg', 'surface', 'surface-2', 'accent-soft'];
  const colours = [...Array.from({ length: CLIENT_COLOURS }, (_, i) => `client-${i + 1}`), 'lane-broker'];

  it.each(colours)('--%s reads as text at 4.5:1 on every row background, light and dark', (name) => {
    const [light, dark] = token(name);
    for (const background of backgrounds) {
      const [lightBg, darkBg] = token(background);
      expect(contrast(light, lightBg), `${name} on ${background} (light)`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark, darkBg), `${name} on ${background} (dark)`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

/** Three clients on two nodes and a broker's rows, by hand. */
const connections = [connection(1, 'alice', 'a'), connection(2, 'bob', 'b'), connection(3, 'carol', 'a')];
const rows: InspectorRow[] = [
  event(0, 1, 'TCP: alice connects'),
  event(1, 2, 'TCP: bob connects'),
  note(2, 'open', { connection: 1, client: 'alice' }),
  note(3, 'alice says hello', { client: 'alice' }),
  broker(4, 'publish', 'a', 'a publishes “hello” on chat:general'),
  broker(5, 'deliver', 'b', 'b gets “hello”'),
  note(6, 'message “alice: hello”', { connection: 2, client: 'bob' }),
  note(7, 'node b fans out', { side: 'server', node: 'b' }),
  broker(8, 'drop', 'b', 'dropped: the broker is down'),
  event(9, 3, 'TCP: carol connects'),
];

describe('lanes', () => {
  const lanes = runLanes(connections, rows);

  it('know a run has several clients, several nodes and a broker', () => {
    expect([lanes.multiClient, lanes.multiNode, lanes.hasBroker, showsOwners(lanes)]).toEqual([true, true, true, true]);
    const single = runLanes([connection(1, 'page')], [event(0, 1, 'x')]);
    expect(showsOwners(single)).toBe(false);
    expect(laneChoices(single, [event(0, 1, 'x')])).toEqual([]);
  });

  it('give each row its owner: a client (with its connection and node), the broker, or a node', () => {
    expect(rows.map((row) => { const owner = rowOwner(row, lanes); return owner ? ownerText(owner, lanes) : '—'; })).toEqual([
      'alice · a', 'bob · b', 'alice · a', 'alice', 'broker · a', 'broker · b', 'bob · b', 'node b', 'broker · b', 'carol · a',
    ]);
    expect(rowOwner(rows[1], lanes)).toMatchObject({ lane: 'client', client: 'bob', colour: 2, connection: 2, node: 'b' });
  });

  it('leave the node out when there is only one', () => {
    const one = runLanes([connection(1, 'alice', 'a'), connection(2, 'alice', 'a'), connection(3, 'bob', 'a')], []);
    expect(ownerText(rowOwner(event(0, 2, 'x'), one)!, one)).toBe('alice');
  });

  it('offer All, each client in its colour, and Broker, with counts', () => {
    expect(laneChoices(lanes, rows).map((c) => [c.label, c.colour, c.count])).toEqual([
      ['All', undefined, 10], ['alice', 1, 3], ['bob', 2, 2], ['carol', 3, 1], ['Broker', undefined, 3],
    ]);
  });

  it('before a run has ended, offer the same chips a scenario will have, from its clients and broker, without counts or colours', () => {
    const expected = expectedLaneChoices(['alice', 'bob', 'carol'], true);
    expect(expected.map((c) => [c.label, c.colour, c.count])).toEqual([
      ['All', undefined, undefined], ['alice', undefined, undefined], ['bob', undefined, undefined], ['carol', undefined, undefined], ['Broker', undefined, undefined],
    ]);
    // The same ids and filters as the run's own chips: the pressed chip stays pressed when the run ends.
    expect(expected.map((c) => [c.id, c.filter])).toEqual(laneChoices(lanes, rows).map((c) => [c.id, c.filter]));
    expect(expectedLaneChoices(['page'], false)).toEqual([]);
    expect(expectedLaneChoices(['page'], true).map((c) => c.label)).toEqual(['All', 'Broker']);
  });
});

describe('the combined query', () => {
  const q = (change: Partial<TimelineQuery>): TimelineQuery => ({ ...EVERYTHING, ...change });

  it.each([
    ['everything', q({}), 10],
    ['one client', q({ lane: { lane: 'client', client: 'bob' } }), 2],
    ['the broker lane', q({ lane: { lane: 'broker' } }), 3],
    ['the broker lane, searched', q({ lane: { lane: 'broker' }, search: 'HELLO' }), 2],
    ['a search alone', q({ search: 'hello' }), 4],
    ['a client and a search', q({ lane: { lane: 'client', client: 'alice' }, search: 'hello' }), 1],
    ['a kind, a client and a search', q({ kind: 'events', lane: { lane: 'client', client: 'bob' }, search: 'tcp' }), 1],
    ['a kind that has none', q({ kind: 'data' }), 0],
  ])('%s keeps the rows it should', (_, query, count) => {
    expect(queryRows(rows, connections, query)).toHaveLength(count);
  });

  it('says how many rows match, and why none do', () => {
    const query = q({ lane: { lane: 'client', client: 'bob' }, search: 'zzz' });
    expect(matchCount(queryRows(rows, connections, query).length, rows.length, isNarrowed(query))).toBe('0 of 10 rows');
    expect(matchCount(12, 34_000, true)).toBe('12 of 34,000 rows');
    expect(matchCount(340, 340, false)).toBe('340 rows');
    expect(emptyMessage(query)).toBe('No rows of this kind match “zzz” and belong to bob.');
    expect(emptyMessage(q({ lane: { lane: 'broker' } }))).toBe('No rows of this kind are the broker’s.');
    expect(emptyMessage(EVERYTHING)).toBe('Nothing of this kind in the run.');
  });

  it('lifts the filters that hide a row chosen from elsewhere, search first, then lane, then kind', () => {
    const bobOnly = q({ lane: { lane: 'client', client: 'bob' }, search: 'message' });
    expect(queryShowing(6, rows, connections, bobOnly)).toBe(bobOnly); // it passes already
    expect(queryShowing(1, rows, connections, bobOnly)).toEqual({ ...bobOnly, search: '' });
    expect(queryShowing(0, rows, connections, bobOnly)).toEqual({ ...bobOnly, search: '', lane: { lane: 'all' } });
    expect(queryShowing(0, rows, connections, q({ kind: 'data' }))).toEqual(EVERYTHING);
  });
});

describe('application rows', () => {
  const rpc = defineScenario({
    title: 'rpc', description: 'one call',
    server: () => new LabServer().websocket('/rpc', async (ws) => {
      await ws.accept({ protocol: 'jsonrpc' });
      for await (const message of ws) {
        const request = JSON.parse(String(message)) as { id: number; params: number[] };
        await ws.sendJson({ jsonrpc: '2.0', id: request.id, result: request.params.reduce((a, b) => a + b, 0) });
      }
    }),
    client: ({ WebSocket }) => {
      const ws = new WebSocket('ws://lab/rpc', ['jsonrpc']);
      ws.onopen = () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sum', params: [1, 2] }));
      ws.onmessage = () => ws.close(1000);
    },
  });

  it('show their label first in the summary, and link a response and its request both ways', async () => {
    const result = await executeScenario(rpc, { seed: 1, faults: {}, params: {} });
    const request = result.rows.findIndex((r) => r.kind === 'frame' && r.app?.label === 'JSON-RPC request #1 sum');
    const response = result.rows.findIndex((r) => r.kind === 'frame' && r.app?.label.startsWith('JSON-RPC response #1'));
    expect(rowSummary(result.rows[request])).toMatch(/^JSON-RPC request #1 sum · Text “\{"jsonrpc"/);
    expect(rowLinks(result.rows[response], result.rows)).toEqual([{ index: request, relation: 'answers', label: 'Go to the request (JSON-RPC request #1 sum)' }]);
    expect(rowLinks(result.rows[request], result.rows)).toEqual([{ index: response, relation: 'answered-by', label: 'Go to the answer (JSON-RPC response #1 → 3)' }]);
    expect(rowLinks(result.rows.find((r) => r.kind === 'handshake'), result.rows)).toEqual([]);
    expect(rowSummary(rows[0])).toBe('TCP: alice connects');
  });
});

describe('a real run with two nodes and a broker', () => {
  const twoNodes = defineScenario({
    title: 'Two nodes', description: 'alice and bob on different nodes of one room.',
    broker: { latency: 2 }, placement: 'round-robin',
    nodes: ({ broker: b }) => ({
      a: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: b!.connect('a') })),
      b: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: b!.connect('b') })),
    }),
    clients: {
      alice: async ({ WebSocket, sleep }) => {
        const ws = new WebSocket('ws://lab/ws/chat/general?name=alice');
        await sleep(50);
        ws.send('hello from a');
        await sleep(100);
        ws.close(1000);
      },
      bob: async ({ WebSocket, sleep }) => {
        const ws = new WebSocket('ws://lab/ws/chat/general?name=bob');
        await sleep(200);
        ws.close(1000);
      },
    },
  });

  it('splits every row into a client lane, the broker lane, or a node’s own', async () => {
    const result = await executeScenario(twoNodes, { seed: 3, faults: {}, params: {} });
    const lanes = runLanes(result.connections, result.rows);
    const choices = laneChoices(lanes, result.rows);
    expect(choices.map((c) => c.label)).toEqual(['All', 'alice', 'bob', 'Broker']);
    const byLane = (id: string) => queryRows(result.rows, result.connections, { ...EVERYTHING, lane: choices.find((c) => c.id === id)!.filter }).length;
    expect(byLane('client:alice')).toBe(choices[1].count);
    expect(byLane('broker')).toBe(choices[3].count);
    expect(byLane('broker')).toBeGreaterThan(0);
    // No row is in two lanes.
    expect(byLane('client:alice') + byLane('client:bob') + byLane('broker')).toBeLessThanOrEqual(result.rows.length);
  });
});
