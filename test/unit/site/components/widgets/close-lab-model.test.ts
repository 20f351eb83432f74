import { describe, expect, it } from 'vitest';
import { CLOSE_SCENARIOS, runCloseScenario } from '../../../../../site/components/widgets/close-lab-model.ts';

const frames = (rows: Awaited<ReturnType<typeof runCloseScenario>>['rows']) => rows.filter((r) => r.kind === 'frame');

describe('runCloseScenario', () => {
  it('offers four scenarios', () => {
    expect(CLOSE_SCENARIOS.map((s) => s.id)).toEqual(['client-closes', 'server-closes', 'client-no-code', 'dropped']);
  });

  it('the page closes: the server echoes 1000 and closes TCP first; both ends report a clean close', async () => {
    const result = await runCloseScenario('client-closes');
    const closes = frames(result.rows).filter((r) => r.summary.startsWith('Close'));
    expect(closes.map((r) => [r.from, r.summary, r.masked])).toEqual([
      ['client', 'Close 1000 “done”', true],
      ['server', 'Close 1000', false],
    ]);
    expect(closes[1].hex).toBe('88 02 03 e8');
    expect(result.tcpClosedBy).toBe('server');
    // Each end reports the code of the Close frame it received.
    expect(result.client).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(result.server).toEqual({ code: 1000, reason: 'done', wasClean: true });
  });

  it('the server closes: its Close frame is 88 05 03 e8 62 79 65, and it still closes TCP first', async () => {
    const result = await runCloseScenario('server-closes');
    const closes = frames(result.rows).filter((r) => r.summary.startsWith('Close'));
    expect(closes[0]).toMatchObject({ from: 'server', hex: '88 05 03 e8 62 79 65', summary: 'Close 1000 “bye”' });
    expect(closes[1]).toMatchObject({ from: 'client', masked: true });
    expect(result.tcpClosedBy).toBe('server');
    expect(result.client).toEqual({ code: 1000, reason: 'bye', wasClean: true });
  });

  it('close() with no code sends an empty Close frame, so both ends report 1005', async () => {
    const result = await runCloseScenario('client-no-code');
    const close = frames(result.rows).find((r) => r.from === 'client' && r.summary.startsWith('Close'));
    expect(close?.summary).toBe('Close (no code)');
    expect(close?.hex).toMatch(/^88 80 /);
    expect(result.client).toMatchObject({ code: 1005, wasClean: true });
    expect(result.server).toMatchObject({ code: 1005, wasClean: true });
  });

  it('a dropped connection sends no Close frame: both ends report 1006, not clean', async () => {
    const result = await runCloseScenario('dropped');
    expect(frames(result.rows).some((r) => r.summary.startsWith('Close'))).toBe(false);
    expect(result.rows.at(-1)?.summary).toMatch(/^Connection cut/);
    expect(result.tcpClosedBy).toBeUndefined();
    expect(result.client).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(result.server).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('replays the same bytes every time', async () => {
    const a = await runCloseScenario('server-closes');
    const b = await runCloseScenario('server-closes');
    expect(a.rows).toEqual(b.rows);
  });

  it('starts every run with the upgrade request and the 101 response', async () => {
    const { rows } = await runCloseScenario('client-closes');
    expect(rows.slice(0, 2).map((r) => r.summary)).toEqual(['GET /ws/chat HTTP/1.1', 'HTTP/1.1 101 Switching Protocols']);
  });
});
