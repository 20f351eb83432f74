import { defineChecks, expect, type ClientOptions, type ExerciseLab, type ServerWebSocket, type TestClient } from '#authoring';

type Learner = { default: (ws: ServerWebSocket) => Promise<void> };

const ALICE = 'tk-alice-7f3a';
const BOB = 'tk-bob-91c2';
const EXPIRED = 'tk-carol-0d4e';
/** Lab time at which alice's and bob's tokens expire: five minutes in. */
const TOKEN_LIFETIME_MS = 5 * 60_000;

/** What the server answered the handshake of `client`: its status line, as it crossed the wire. */
function handshakeAnswer(lab: ExerciseLab, client: TestClient): string {
  const id = client.connection?.id;
  for (const entry of lab.wireLog().entries) {
    if ((entry.kind === 'handshake' || entry.kind === 'http') && entry.connection === id && entry.direction === 'server→client') return entry.text.split('\r\n')[0];
  }
  return 'nothing';
}

/** Expects the handshake of `name` to be answered with HTTP `status` and no 101: the page sees error, then close 1006. */
async function expectRefused(lab: ExerciseLab, name: string, path: string, status: 401 | 403, options: ClientOptions, why: string) {
  const client = lab.connect(name, path, options);
  // Wait for the handshake's outcome: an open socket fails at once, naming what the server answered.
  for (let waited = 0; waited < 5000 && !client.events.some((e) => e.type === 'open' || e.type === 'close'); waited += 10) await lab.sleep(10);
  const answer = handshakeAnswer(lab, client);
  expect(answer.startsWith(`HTTP/1.1 ${status} `), `${why}: the handshake should be answered with ${status}, but the server answered "${answer}"`).toBe(true);
  const closed = await client.closedWith();
  expect(client.events.map((e) => e.type), `what ${name} saw`).toEqual(['error', 'close']);
  expect(closed.code).toBe(1006);
}

/** Mounts the learner's endpoint and opens alice's page from the lab's own origin. */
async function alice(module: Learner, lab: ExerciseLab, name = 'alice'): Promise<TestClient> {
  lab.mount('/ws/secure', module.default);
  return lab.client(name, `/ws/secure?token=${ALICE}`);
}

export default defineChecks<Learner>([
  {
    name: 'a page from the lab’s own origin with a valid token is accepted, and its messages are answered with its user',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      page.sendJson({ text: 'hello' });
      expect(await page.receiveJson()).toEqual({ user: 'alice', text: 'hello' });
      const bob = await lab.client('bob', `/ws/secure?token=${BOB}`);
      bob.sendJson({ text: 'hi' });
      expect(await bob.receiveJson()).toEqual({ user: 'bob', text: 'hi' });
    },
  },
  {
    name: 'a handshake from any other Origin is refused with 403, even with a valid token: no 101',
    async run({ module, lab }) {
      lab.mount('/ws/secure', module.default);
      const foreign = [
        'https://evil.example',
        'http://lab.local.attacker.example',
        'http://evil-lab.local',
        'https://lab.local',
        'http://lab.local:8080',
        'null',
      ];
      for (const [i, origin] of foreign.entries()) {
        await expectRefused(lab, `page-${i}`, `/ws/secure?token=${ALICE}`, 403, { origin, headers: { Cookie: 'session=alice' } }, `a page from ${origin}`);
      }
    },
  },
  {
    name: 'a missing, unknown or expired token is refused with 401: no 101',
    async run({ module, lab }) {
      lab.mount('/ws/secure', module.default);
      await expectRefused(lab, 'no-token', '/ws/secure', 401, {}, 'a page with no token');
      await expectRefused(lab, 'empty', '/ws/secure?token=', 401, {}, 'a page with an empty token');
      await expectRefused(lab, 'guess', '/ws/secure?token=tk-admin', 401, {}, 'a page with an unknown token');
      await expectRefused(lab, 'carol', `/ws/secure?token=${EXPIRED}`, 401, {}, 'a page with a token that expired yesterday');
    },
  },
  {
    name: 'a token that was valid a minute ago is refused once it has expired (on the lab clock)',
    hidden: true,
    async run({ module, lab }) {
      lab.mount('/ws/secure', module.default);
      await lab.sleep(TOKEN_LIFETIME_MS + 60_000);
      await expectRefused(lab, 'late', `/ws/secure?token=${ALICE}`, 401, {}, 'alice’s token, six minutes in');
    },
  },
  {
    name: 'an open connection is closed with 4001 when its token expires',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      await lab.sleep(TOKEN_LIFETIME_MS - 60_000);
      page.sendJson({ text: 'still here' });
      expect(await page.receiveJson()).toEqual({ user: 'alice', text: 'still here' });
      const closed = await page.closedWith(2 * 60_000);
      expect(closed.code, 'the close code alice’s page saw').toBe(4001);
      expect(closed.at, 'when the connection closed (lab time)').toBeLessThanOrEqual(TOKEN_LIFETIME_MS + 1000);
    },
  },
  {
    name: 'a message over 1024 bytes closes the connection with 1009; 1024 bytes is still fine',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      const fits = JSON.stringify({ text: 'x'.repeat(1024 - 11) });
      expect(fits.length).toBe(1024);
      page.send(fits);
      expect(await page.receiveJson()).toEqual({ user: 'alice', text: 'x'.repeat(1024 - 11) });
      page.sendJson({ text: 'x'.repeat(2000) });
      expect((await page.closedWith()).code, 'the close code after a 2 KB message').toBe(1009);
      expect(page.messages, 'nothing answers the oversized message').toHaveLength(1);
    },
  },
  {
    name: 'the size is counted in bytes of UTF-8, not characters: 600 × "é" is 1200 bytes, too big',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      page.sendJson({ text: 'é'.repeat(600) });
      expect((await page.closedWith()).code, 'the close code after 600 characters that take 1200 bytes').toBe(1009);
    },
  },
  {
    name: 'an oversized message is refused before it is parsed: 1009, not a JSON error',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      page.send(`{"text": "${'a'.repeat(5000)}`); // 5 KB that is not even JSON
      expect((await page.closedWith()).code, 'the close code after 5 KB of broken JSON').toBe(1009);
      expect(page.messages, 'what the page received before the close').toEqual([]);
    },
  },
  {
    name: 'a flood of 20 messages at once is closed with 1008 after at most 5 answers',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      for (let i = 0; i < 20; i++) page.sendJson({ text: `spam ${i}` });
      const closed = await page.closedWith();
      expect(closed.code, 'the close code after the flood').toBe(1008);
      expect(page.messages.length, `answers before the close: ${page.messages.length}`).toBeLessThanOrEqual(5);
    },
  },
  {
    name: 'a steady 4 messages a second is never limited',
    async run({ module, lab }) {
      const page = await alice(module, lab);
      for (let i = 0; i < 12; i++) {
        page.sendJson({ text: `tick ${i}` });
        expect(await page.receiveJson()).toEqual({ user: 'alice', text: `tick ${i}` });
        await lab.sleep(250);
      }
      expect(page.closed, 'the connection closed').toBeUndefined();
    },
  },
  {
    name: 'the rate limit is per connection: a flood on one connection does not close another',
    async run({ module, lab }) {
      const flooder = await alice(module, lab, 'flooder');
      const bob = await lab.client('bob', `/ws/secure?token=${BOB}`);
      for (let i = 0; i < 20; i++) flooder.sendJson({ text: `spam ${i}` });
      expect((await flooder.closedWith()).code).toBe(1008);
      for (let i = 0; i < 3; i++) {
        bob.sendJson({ text: `hello ${i}` });
        expect(await bob.receiveJson()).toEqual({ user: 'bob', text: `hello ${i}` });
      }
      expect(bob.closed, 'bob’s connection closed').toBeUndefined();
    },
  },
  {
    name: 'a message that is not {"text": …} gets an error, and the connection stays open',
    hidden: true,
    async run({ module, lab }) {
      const page = await alice(module, lab);
      for (const bad of ['not json', '{"text": 42}', '[]', 'null']) {
        page.send(bad);
        const reply = await page.receiveJson<{ error?: unknown }>();
        expect(typeof reply.error, `the reply to ${bad}: ${JSON.stringify(reply)}`).toBe('string');
      }
      page.sendJson({ text: 'ok' });
      expect(await page.receiveJson()).toEqual({ user: 'alice', text: 'ok' });
    },
  },
]);
