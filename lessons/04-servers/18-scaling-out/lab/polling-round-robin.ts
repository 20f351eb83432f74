/**
 * The smallest honest model of Engine.IO's HTTP long-polling transport on two nodes. A
 * polling session is a series of requests, and only the node that made the session knows
 * its sid. The lab speaks only WebSocket, so each poll is modelled as a short WebSocket
 * connection carrying `?sid=`: a node that does not know the sid refuses the handshake with
 * 400 and the text "Session ID unknown", as Engine.IO refuses an upgrade request with an
 * unknown sid (a real poll gets the same 400 with {"code":1,"message":"Session ID unknown"}).
 * Without stickiness every second request lands on the other node.
 */
import { LabServer, defineScenario, type Scenario, type ServerContext } from '#authoring';

/** A session id that looks like one, made from the node's name and a counter (a run must replay exactly, so no Math.random). */
function sessionId(node: string, n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let hash = 2166136261;
  let sid = '';
  for (const char of `${node}:${n}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < 20; i++) {
    hash = Math.imul(hash ^ i, 16777619) >>> 0;
    sid += alphabet[hash % 64];
  }
  return sid;
}

/** One node: its sessions live in its own memory, as Engine.IO's do. */
function engineNode(node: string, log: ServerContext['log']): LabServer {
  const sessions = new Map<string, number>();
  let made = 0;
  return new LabServer().websocket('/socket.io/', async (ws) => {
    const sid = ws.query.get('sid');
    if (sid === null) {
      // The handshake: a new session, and the open packet that names it.
      const id = sessionId(node, ++made);
      sessions.set(id, 0);
      log(`new session ${id}`, node);
      await ws.accept();
      await ws.sendText(`0${JSON.stringify({ sid: id, upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 })}`);
      await ws.close(1000);
      return;
    }
    if (!sessions.has(sid)) {
      log(`unknown session ${sid}: refused with 400`, node);
      return ws.reject(400, { body: 'Session ID unknown' });
    }
    const polls = sessions.get(sid)! + 1;
    sessions.set(sid, polls);
    await ws.accept();
    await ws.sendText(`4poll ${polls} of session ${sid}, answered by node ${node}`);
    await ws.close(1000);
  });
}

/** The polling scenario under a placement rule: round robin (no stickiness) or sticky. */
export function pollingScenario(placement: 'round-robin' | 'sticky', title: string, description: string): Scenario {
  return defineScenario({
    title,
    description,
    placement,
    nodes: ({ log }) => ({ a: engineNode('a', log), b: engineNode('b', log) }),
    client: async ({ WebSocket, sleep, log }) => {
      const base = 'ws://lab/socket.io/?EIO=4&transport=polling';
      /** One poll: a short connection. Resolves with the packet the node sent, or undefined when the handshake was refused. */
      const poll = (url: string) =>
        new Promise<string | undefined>((resolve) => {
          const ws = new WebSocket(url);
          let packet: string | undefined;
          ws.onmessage = (event) => { packet = String(event.data); };
          ws.onclose = () => resolve(packet);
        });
      for (let attempt = 1; attempt <= 2; attempt++) {
        const open = await poll(base);
        if (!open?.startsWith('0')) {
          log('the handshake failed');
          return;
        }
        const { sid } = JSON.parse(open.slice(1)) as { sid: string };
        log(`handshake ${attempt}: session ${sid}`);
        let answered = 0;
        for (let n = 1; n <= 2; n++) {
          await sleep(100);
          if ((await poll(`${base}&sid=${sid}`)) === undefined) break;
          answered++;
        }
        if (answered === 2) {
          log(`session ${sid} kept: both polls answered by the node that made it`);
          return;
        }
        log(`a poll of session ${sid} was refused (the page sees only error and close 1006; the 400 is in the inspector): the session is lost, and the client starts over`);
        await sleep(1000); // a Socket.IO client waits about a second before it reconnects
      }
      log('two sessions in a row were lost: without stickiness the client never keeps one');
    },
  });
}

export default pollingScenario(
  'round-robin',
  'Polling without sticky sessions',
  'Two nodes behind a round-robin load balancer. The page makes a polling session (handshake, then polls carrying ?sid=); each poll is modelled as a short WebSocket connection. Every second request reaches the node that never heard of the session.',
);
