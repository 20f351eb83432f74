/**
 * Cross-site WebSocket hijacking. alice is logged in to her bank, whose session cookie
 * (SameSite=None) her browser sends with every request to the bank — also with the
 * handshake a page on another site opens. Two tabs: her bank's own page, and a page on
 * evil.example that opens a socket to the bank and asks for her statement. The `check`
 * parameter switches the bank's Origin check on.
 */
import { LabServer, defineScenario, type ClientContext } from '#authoring';

/** Where the bank's pages are served from: the lab's own origin. */
export const BANK_ORIGIN = 'http://lab.local';
/** alice's session cookie, as her browser holds it for the bank. */
export const COOKIE = 'session=s3ss10n-al1ce';

const SESSIONS: Record<string, string> = { 's3ss10n-al1ce': 'alice' };

/** A page that opens the bank's socket, asks for the statement, and does something with it. */
const page = (what: 'show' | 'steal') => async ({ WebSocket, log, sleep }: ClientContext) => {
  if (what === 'steal') await sleep(300); // alice opens the other tab a moment later
  const socket = new WebSocket('ws://lab.local/ws/account');
  socket.onopen = () => socket.send('statement');
  socket.onmessage = (event) => {
    log(what === 'show' ? `shows alice her statement: ${String(event.data)}` : `sends ${String(event.data)} to https://evil.example/collect`);
    socket.close(1000);
  };
  socket.onclose = (event) => {
    if (event.code === 1006) log('the handshake was refused; all the page learns is close 1006');
  };
};

export default defineScenario({
  title: 'Cross-site WebSocket hijacking, with and without an Origin check',
  description: 'alice’s browser holds the bank’s session cookie and sends it with every handshake to the bank — the bank’s own page’s and evil.example’s alike. Only the Origin header tells them apart.',
  params: {
    check: { label: 'The bank checks Origin (1 = yes, 0 = no)', default: 0, min: 0, max: 1 },
  },
  faults: { latency: 20 },
  // The run is never quiet for more than 20 ms, so the idle proxy starts at 10 ms.
  faultDefaults: { idleTimeout: 10 },
  server: ({ log, params }) =>
    new LabServer().websocket('/ws/account', async (ws) => {
      const origin = ws.headers.origin ?? '(none)';
      if (params.check === 1 && origin !== BANK_ORIGIN) {
        log(`Origin ${origin} is not the bank’s: refused with 403`);
        return ws.reject(403, { body: 'Origin not allowed\n' });
      }
      const session = /(?:^|;\s*)session=([^;]+)/.exec(ws.headers.cookie ?? '')?.[1];
      const user = session === undefined ? undefined : SESSIONS[session];
      if (!user) return ws.reject(401, { body: 'Log in first\n' });
      log(`Origin ${origin}, cookie says ${user}: accepted`);
      await ws.accept();
      for await (const message of ws) {
        if (message === 'statement') await ws.sendJson({ user, balance: 1520.75, iban: 'DE89 3704 0044 0532 0130 00' });
      }
    }),
  clients: {
    bank: page('show'),
    evil: page('steal'),
  },
  pages: {
    bank: { origin: BANK_ORIGIN, headers: { Cookie: COOKIE } },
    evil: { origin: 'https://evil.example', headers: { Cookie: COOKIE } },
  },
});
