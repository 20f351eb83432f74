import { describe, expect as vitestExpect, it } from 'vitest';
import type { ServerWebSocket } from '../../../../lib/lab/index.ts';
import { defineChecks, runChecks } from '../../../../site/runner/checks.ts';

type Server = { default: (ws: ServerWebSocket) => Promise<void> };

/** An endpoint that tells each client the Origin and Cookie its handshake carried. */
const whoAmI = async (ws: ServerWebSocket) => {
  await ws.accept();
  await ws.sendJson({ origin: ws.headers.origin ?? null, cookie: ws.headers.cookie ?? null });
};

describe('a check\'s client can play a page on another site', () => {
  it('sends the lab\'s own Origin by default, and the origin and headers it is given otherwise', async () => {
    const checks = defineChecks<Server>([{
      name: 'two pages',
      async run({ lab }) {
        lab.mount('/ws/whoami', whoAmI);
        const home = await lab.client('home', '/ws/whoami');
        vitestExpect(await home.receiveJson()).toEqual({ origin: 'http://lab.local', cookie: null });
        const evil = await lab.client('evil', '/ws/whoami', { origin: 'https://evil.example', headers: { Cookie: 'session=alice' } });
        vitestExpect(await evil.receiveJson()).toEqual({ origin: 'https://evil.example', cookie: 'session=alice' });
        const request = lab.wireLog().entries.find((e) => e.kind === 'handshake' && e.connection === evil.connection?.id && e.direction === 'client→server');
        const text = request && 'text' in request ? request.text : '';
        vitestExpect(text.split('\r\n')).toEqual(vitestExpect.arrayContaining(['Origin: https://evil.example', 'Cookie: session=alice']));
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result, JSON.stringify(result)).toMatchObject({ status: "pass" });
  });
});
