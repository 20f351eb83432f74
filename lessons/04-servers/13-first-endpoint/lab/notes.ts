/**
 * An endpoint with a path parameter, a token in the query checked before accept, JSON
 * messages validated one by one, and the disconnect logged. The page tries a wrong token
 * first, then sends good and bad messages.
 */
import { LabServer, defineScenario, type LabMessage } from '#authoring';

/** What a note must look like: `{"text": "…"}`, 1 to 200 characters. */
function readNote(message: LabMessage): { ok: true; text: string } | { ok: false; error: string } {
  if (typeof message !== 'string') return { ok: false, error: 'send text, not bytes' };
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const text = (value as { text?: unknown } | null)?.text;
  if (typeof text !== 'string' || text.length === 0 || text.length > 200) return { ok: false, error: 'expected {"text": "…"} with 1 to 200 characters' };
  return { ok: true, text };
}

export default defineScenario({
  title: 'Notes: parameters, a token, and validation',
  description: 'The endpoint /ws/notes/{user} wants ?token=let-me-in and JSON notes. The page first connects with a wrong token, then with the right one, and sends a good note, a line that is not JSON, a note of the wrong shape, and another good one.',
  faults: { latency: 5 },
  // No quiet here lasts longer than the 5 ms latency: a shorter idle timeout is one that cuts.
  faultDefaults: { idleTimeout: 4, restart: { at: 30, downMs: 1000 } },
  server: ({ log }) =>
    new LabServer().websocket('/ws/notes/{user}', async (ws) => {
      const user = ws.params.user;
      if (ws.query.get('token') !== 'let-me-in') {
        log(`refused ${user}: wrong token, answered 403 before accepting`);
        return ws.reject(403, { body: `wrong token for ${user}\n` });
      }
      await ws.accept();
      log(`accepted ${user}`);
      let saved = 0;
      for await (const message of ws) {
        const note = readNote(message);
        if (!note.ok) {
          log(`rejected a message: ${note.error}`);
          await ws.sendJson({ error: note.error });
          continue;
        }
        saved += 1;
        await ws.sendJson({ saved: note.text, by: user, count: saved });
      }
      const { code } = await ws.closed;
      log(`${user} left with code ${code} after ${saved} note(s)`);
    }),
  client: ({ WebSocket, log }) => {
    const intruder = new WebSocket('ws://lab.local/ws/notes/mallory?token=guess');
    intruder.onerror = () => log('the first socket failed: the script only learns "error"');
    intruder.onclose = () => {
      const socket = new WebSocket('ws://lab.local/ws/notes/ada?token=let-me-in');
      const outgoing = [JSON.stringify({ text: 'buy milk' }), 'buy eggs', JSON.stringify({ txt: 'typo' }), JSON.stringify({ text: 'call Bob' })];
      let next = 0;
      socket.onopen = () => socket.send(outgoing[next++]);
      socket.onmessage = () => {
        if (next < outgoing.length) socket.send(outgoing[next++]);
        else socket.close(1000, 'done for today');
      };
    };
  },
});
