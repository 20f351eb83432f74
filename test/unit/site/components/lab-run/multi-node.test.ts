import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../../lib/lab/index.ts';
import { createChatHandler } from '../../../../../lib/lab/handlers/index.ts';
import { executeScenario, nodeNamesOf } from '../../../../../site/components/lab-run/execute.ts';
import { clientScope, clientsOf, filterRows, fingerprint } from '../../../../../site/components/lab-run/rows.ts';
import { defineScenario, type Scenario } from '../../../../../site/components/lab-run/scenario.ts';

/** Two chat nodes joined by a broker; alice lands on one, bob on the other. */
const twoNodes: Scenario = defineScenario({
  title: 'Two nodes',
  description: 'alice and bob on different nodes of one room.',
  broker: { latency: 2 },
  placement: 'round-robin',
  nodes: ({ broker }) => ({
    a: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker!.connect('a') })),
    b: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker!.connect('b') })),
  }),
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general?name=alice');
      await sleep(50);
      ws.send('hello from a');
      await sleep(3000);
      ws.send('after the broker is back');
      await sleep(100);
      ws.close(1000);
    },
    bob: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab/ws/chat/general?name=bob');
      await sleep(3200);
      ws.close(1000);
    },
  },
});

describe('a run with several clients and nodes', () => {
  it('puts each client on its node, shows the broker at work, and scopes rows to one client', async () => {
    const result = await executeScenario(twoNodes, { seed: 3, faults: {}, params: {} });
    expect(result.connections.map((c) => [c.client, c.node])).toEqual([['alice', 'a'], ['bob', 'b']]);
    expect(clientsOf(result.connections)).toEqual([{ client: 'alice', connections: [1] }, { client: 'bob', connections: [2] }]);
    const broker = result.rows.filter((r) => r.kind === 'broker');
    expect(broker.some((r) => r.kind === 'broker' && r.event === 'publish' && r.node === 'a')).toBe(true);
    expect(broker.some((r) => r.kind === 'broker' && r.event === 'deliver' && r.node === 'b')).toBe(true);
    const bobRows = filterRows(result.rows, 'all', clientScope(result.connections, 'bob')).map((i) => result.rows[i]);
    expect(bobRows.length).toBeGreaterThan(0);
    expect(bobRows.every((r) => r.connection === 2 || (r.kind === 'note' && r.client === 'bob'))).toBe(true);
    expect(bobRows.some((r) => r.kind === 'note' && r.summary.includes('alice: hello from a'))).toBe(true);
  });

  it('with node b cut off from the broker, bob misses what alice says, and the broker lane shows the drop', async () => {
    const result = await executeScenario(twoNodes, { seed: 3, faults: { cutOff: { node: 'b', at: 20, forMs: 1000 } }, params: {} });
    const bobHeard = result.rows.filter((r) => r.kind === 'note' && r.client === 'bob' && r.summary.startsWith('message')).map((r) => r.summary);
    expect(bobHeard.some((s) => s.includes('hello from a'))).toBe(false);
    expect(bobHeard.some((s) => s.includes('after the broker is back'))).toBe(true);
    expect(result.rows.some((r) => r.kind === 'broker' && r.event === 'drop' && r.node === 'b')).toBe(true);
  });

  it('replays byte for byte from its seed', async () => {
    const settings = { seed: 9, faults: { latency: 3, brokerDown: { at: 10, forMs: 500 } }, params: {} };
    const first = await executeScenario(twoNodes, settings);
    const second = await executeScenario(twoNodes, settings);
    expect(fingerprint(second.rows)).toBe(fingerprint(first.rows));
    expect(second.rows).toEqual(first.rows);
    const other = await executeScenario(twoNodes, { ...settings, seed: 10 });
    expect(fingerprint(other.rows)).not.toBe(fingerprint(first.rows));
  });

  it('names its nodes for the run form, and a one-server scenario none', () => {
    expect(nodeNamesOf(twoNodes)).toEqual(['a', 'b']);
    expect(nodeNamesOf(defineScenario({ title: 't', description: 'd', server: () => new LabServer(), client: () => undefined }))).toEqual([]);
  });

  it('refuses a scenario with neither server nor nodes, or no client', () => {
    expect(() => defineScenario({ title: 't', description: 'd', client: () => undefined } as Scenario)).toThrow(/either server or nodes/);
    expect(() => defineScenario({ title: 't', description: 'd', server: () => new LabServer() } as Scenario)).toThrow(/client or clients/);
  });
});
