/**
 * Lesson 16's lab runs show what its prose says they show: without an Origin check a page
 * on evil.example opens the bank's socket with alice's cookie and reads her statement;
 * with it, that handshake is refused with 403 and the page learns only close 1006; and
 * of four ways to carry a token, only the query string leaves it in the access log.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import hijack, { COOKIE } from '../../../../../lessons/04-servers/16-security/lab/hijack.ts';
import tokenCarriers from '../../../../../lessons/04-servers/16-security/lab/token-carriers.ts';

const connectionOf = (result: RunResult, client: string) => result.connections.find((c) => c.client === client)!;
const pageNotes = (result: RunResult, client: string) =>
  result.rows.filter((row) => row.kind === 'note' && row.side === 'page' && row.connection === connectionOf(result, client).connection).map((row) => row.summary);
const serverNotes = (result: RunResult) => result.rows.filter((row) => row.kind === 'note' && row.side === 'server').map((row) => row.summary);
/** The full text of a connection's handshake, one way. */
const handshake = (result: RunResult, client: string, direction: 'client→server' | 'server→client') => {
  const row = result.rows.find((r) => (r.kind === 'handshake' || r.kind === 'http') && r.direction === direction && r.connection === connectionOf(result, client).connection);
  return row && 'text' in row ? String(row.text) : row?.summary ?? '';
};
const logLines = (result: RunResult) => result.rows.filter((row) => row.kind === 'note' && row.side === 'page').map((row) => row.summary);

describe('lesson 16: cross-site WebSocket hijacking', () => {
  it('without an Origin check, the evil.example page\'s handshake carries alice\'s cookie, is accepted, and her statement goes to the attacker', async () => {
    const result = await executeScenario(hijack, { seed: 1, faults: hijack.faults ?? {}, params: {} });
    const request = handshake(result, 'evil', 'client→server');
    expect(request).toContain('Origin: https://evil.example');
    expect(request).toContain(`Cookie: ${COOKIE}`);
    expect(handshake(result, 'evil', 'server→client')).toMatch(/^HTTP\/1\.1 101 /);
    expect(connectionOf(result, 'evil').states.map((s) => s.state)).toContain('OPEN');
    expect(logLines(result).some((line) => line.startsWith('sends {"user":"alice","balance":1520.75') && line.endsWith('to https://evil.example/collect'))).toBe(true);
    expect(serverNotes(result)).toEqual([
      'Origin http://lab.local, cookie says alice: accepted',
      'Origin https://evil.example, cookie says alice: accepted',
    ]);
  });

  it('with the Origin check, the same handshake — same cookie — is refused with 403, and the page sees only error and close 1006; the bank\'s own page still works', async () => {
    const result = await executeScenario(hijack, { seed: 1, faults: hijack.faults ?? {}, params: { check: 1 } });
    expect(handshake(result, 'evil', 'client→server')).toContain(`Cookie: ${COOKIE}`);
    expect(handshake(result, 'evil', 'server→client')).toMatch(/^HTTP\/1\.1 403 /);
    expect(connectionOf(result, 'evil').close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(pageNotes(result, 'evil').slice(0, 2)).toEqual(['error', 'close 1006, wasClean false']);
    expect(logLines(result).some((line) => line.includes('evil.example/collect'))).toBe(false);
    expect(connectionOf(result, 'bank').close).toMatchObject({ code: 1000, wasClean: true });
    expect(serverNotes(result)).toEqual([
      'Origin http://lab.local, cookie says alice: accepted',
      'Origin https://evil.example is not the bank’s: refused with 403',
    ]);
  });
});

describe('lesson 16: where the token travels', () => {
  it('all four pages are served; only the query string puts the token in the access log', async () => {
    const result = await executeScenario(tokenCarriers, { seed: 1, faults: tokenCarriers.faults ?? {}, params: {} });
    for (const name of ['query', 'cookie', 'protocol', 'message']) {
      expect(connectionOf(result, name).close, name).toMatchObject({ code: 1000, wasClean: true });
    }
    expect(logLines(result).filter((line) => line === 'got {"feed":["price 101.5"]}')).toHaveLength(4);
    const access = serverNotes(result).filter((line) => line.startsWith('access log:'));
    expect(access).toHaveLength(4);
    expect(access.filter((line) => line.includes('eyJ1c2VyIjoiYWxpY2UifQ'))).toEqual(['access log: "GET /ws/feed?token=eyJ1c2VyIjoiYWxpY2UifQ.c2ln HTTP/1.1"']);
    // The protocol trick: the token crosses in the request's Sec-WebSocket-Protocol, and the 101 names feed.v1, never the token.
    expect(handshake(result, 'protocol', 'client→server')).toContain('Sec-WebSocket-Protocol: feed.v1, token.eyJ1c2VyIjoiYWxpY2UifQ.c2ln');
    expect(handshake(result, 'protocol', 'server→client')).toContain('Sec-WebSocket-Protocol: feed.v1');
    expect(handshake(result, 'protocol', 'server→client')).not.toContain('token.');
    expect(handshake(result, 'cookie', 'client→server')).toContain('Cookie: token=eyJ1c2VyIjoiYWxpY2UifQ.c2ln');
  });
});
