/**
 * Lesson 10's closing lab: four endings of the same chat connection, each run through the
 * shared executor, do what the lesson says they show — which Close frames cross, who
 * closes TCP first, and what each end reports.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import { closeOutcome } from '../../../../../site/components/widgets/close-lab-model.ts';
import pageCloses from '../../../../../lessons/03-lifecycle/10-closing/lab/page-closes.ts';
import serverCloses from '../../../../../lessons/03-lifecycle/10-closing/lab/server-closes.ts';
import withoutCode from '../../../../../lessons/03-lifecycle/10-closing/lab/close-without-code.ts';
import networkDrops from '../../../../../lessons/03-lifecycle/10-closing/lab/network-drops.ts';

type FrameRow = Extract<InspectorRow, { kind: 'frame' }>;
const run = (scenario: typeof pageCloses) => executeScenario(scenario, { seed: 1, faults: scenario.faults ?? {}, params: {} });
const closes = (result: RunResult) => result.rows.filter((row): row is FrameRow => row.kind === 'frame' && row.opcodeName === 'close');
const page = (result: RunResult) => closeOutcome(result).page;
const server = (result: RunResult) => closeOutcome(result).server;
const tcpFirst = (result: RunResult) => closeOutcome(result).tcpClosedBy;

describe('the page closes', () => {
  it('the server echoes 1000 without the text and closes TCP first; both ends report a clean close', async () => {
    const result = await run(pageCloses);
    expect(closes(result).map((r) => [r.direction, r.summary, r.masked])).toEqual([
      ['client→server', 'Close 1000 “done”', true],
      ['server→client', 'Close 1000', false],
    ]);
    expect(closes(result)[1].hex).toBe('88 02 03 e8');
    expect(tcpFirst(result)).toBe('server');
    // Each end reports the code of the Close frame it received.
    expect(page(result)).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(server(result)).toBe('ws.closed: code 1000, reason “done”, wasClean true');
  });

  it('starts with the upgrade request and the 101 response', async () => {
    const { rows } = await run(pageCloses);
    expect(rows.filter((r) => r.kind === 'handshake').map((r) => r.summary)).toEqual(['GET /ws/chat HTTP/1.1', 'HTTP/1.1 101 Switching Protocols']);
  });
});

describe('the server closes', () => {
  it('its Close frame is 88 05 03 e8 62 79 65, and it still closes TCP first', async () => {
    const result = await run(serverCloses);
    expect(closes(result)[0]).toMatchObject({ direction: 'server→client', hex: '88 05 03 e8 62 79 65', summary: 'Close 1000 “bye”' });
    expect(closes(result)[1]).toMatchObject({ direction: 'client→server', masked: true });
    expect(tcpFirst(result)).toBe('server');
    expect(page(result)).toEqual({ code: 1000, reason: 'bye', wasClean: true });
  });

  it('replays the same bytes every time', async () => {
    expect((await run(serverCloses)).rows).toEqual((await run(serverCloses)).rows);
  });
});

describe('close() with no code', () => {
  it('sends an empty Close frame, so both ends report 1005', async () => {
    const result = await run(withoutCode);
    const close = closes(result).find((r) => r.direction === 'client→server');
    expect(close?.summary).toBe('Close (no code)');
    expect(close?.hex).toMatch(/^88 80 /);
    expect(page(result)).toMatchObject({ code: 1005, wasClean: true });
    expect(server(result)).toBe('ws.closed: code 1005, reason “”, wasClean true');
  });
});

describe('the network drops', () => {
  it('no Close frame and no TCP end cross: both ends report 1006, not clean', async () => {
    const result = await run(networkDrops);
    expect(closes(result)).toEqual([]);
    expect(closeOutcome(result).wire.some((row) => row.kind === 'note')).toBe(false);
    expect(tcpFirst(result)).toBeUndefined();
    expect(result.rows.some((r) => r.kind === 'event' && r.event === 'drop')).toBe(true);
    expect(page(result)).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(server(result)).toBe('ws.closed: code 1006, reason “”, wasClean false');
  });
});
