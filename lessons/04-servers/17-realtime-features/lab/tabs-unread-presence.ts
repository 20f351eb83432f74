/**
 * A notification hub with two users: alice on her laptop and her phone, bob away at first.
 * alice mentions bob while he is offline, so the hub keeps both notifications and sends them
 * after his connection is accepted; bob's mention reaches both of alice's tabs; and when
 * alice's phone freezes (no Close, no more heartbeats), only the heartbeat expiry tells the
 * hub she has gone.
 */
import { LabServer, defineScenario, type ServerWebSocket } from '#authoring';

const HEARTBEAT_EVERY_MS = 10_000;

/** `fn` after `ms` of the run's time, unless the returned function is called first. */
function after(sleep: (ms: number) => Promise<void>, ms: number, fn: () => void): () => void {
  let cancelled = false;
  void sleep(ms).then(() => {
    if (!cancelled) fn();
  });
  return () => {
    cancelled = true;
  };
}

/** Sends a heartbeat on `ws` every 10 s until the returned function is called. */
function heartbeats(sleep: (ms: number) => Promise<void>, ws: { readyState: number; send(data: string): void }): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await sleep(HEARTBEAT_EVERY_MS);
      if (!stopped && ws.readyState === 1) ws.send(JSON.stringify({ type: 'heartbeat' }));
    }
  })();
  return () => {
    stopped = true;
  };
}

interface Notification {
  type: 'notification';
  id: number;
  text: string;
}

export default defineScenario({
  title: 'Two tabs, unread items and presence',
  description:
    'alice opens the app on her laptop (#1) and her phone (#2) and mentions bob, who is away; bob connects at 2 s (#3) and gets what he missed. At 12 s alice’s phone freezes in the background: no Close frame, no more heartbeats. Her laptop tab closes at 20 s, yet she stays online until the phone’s tab expires.',
  params: {
    expiry: { label: 'Expire a silent tab after (s; 0 = never)', default: 30, min: 0, max: 45 },
  },
  faults: { latency: 20 },
  limitMs: 90_000,
  server: ({ log, params, sleep }) => {
    const tabs = new Map<string, Set<ServerWebSocket>>(); // user → every open tab
    const unread = new Map<string, Notification[]>(); // user → not yet received, oldest first
    const expiryMs = params.expiry * 1000;
    let nextId = 1;

    const announce = (user: string, online: boolean) => {
      for (const [other, sockets] of tabs) {
        if (other === user) continue;
        for (const ws of sockets) ws.sendJson({ type: 'presence', user, online }).catch(() => {});
      }
    };
    const join = (user: string, ws: ServerWebSocket) => {
      let set = tabs.get(user);
      if (!set) tabs.set(user, (set = new Set()));
      set.add(ws);
      if (set.size === 1) {
        log(`${user} is online: first tab, announced`);
        announce(user, true);
      } else log(`${user} opened tab ${set.size}: already online, nothing announced`);
    };
    const leave = (user: string, ws: ServerWebSocket, how: string) => {
      const set = tabs.get(user);
      if (!set?.delete(ws)) return;
      if (set.size > 0) {
        log(`${user}'s tab ${how}: ${set.size} tab${set.size > 1 ? 's' : ''} left, still online`);
        return;
      }
      tabs.delete(user);
      log(`${user}'s last tab ${how}: offline, announced`);
      announce(user, false);
    };
    const notify = async (user: string, text: string) => {
      const notification: Notification = { type: 'notification', id: nextId++, text };
      const open = [...(tabs.get(user) ?? [])];
      const results = await Promise.allSettled(open.map((ws) => ws.sendJson(notification)));
      const took = results.filter((r) => r.status === 'fulfilled').length;
      if (took > 0) {
        log(`notification ${notification.id} sent to ${took} tab${took > 1 ? 's' : ''} of ${user}`);
        return;
      }
      let queue = unread.get(user);
      if (!queue) unread.set(user, (queue = []));
      queue.push(notification);
      log(`${user} is offline: notification ${notification.id} kept (${queue.length} unread)`);
    };

    return new LabServer().websocket('/ws/notify', async (ws) => {
      const user = ws.query.get('user');
      if (!user) return ws.reject(400, { body: 'user is required' });
      await ws.accept();
      const expire = () => {
        leave(user, ws, `sent nothing for ${params.expiry} s: expired and closed with 4408`);
        void ws.close(4408, 'no heartbeat');
      };
      // Restarted by every message; 0 means never (the mistake).
      let cancelExpiry = expiryMs > 0 ? after(sleep, expiryMs, expire) : () => {};
      join(user, ws);
      try {
        const queue = unread.get(user);
        let sent = 0;
        while (queue && queue.length > 0) {
          await ws.sendJson(queue[0]); // forgotten only once this succeeded
          queue.shift();
          sent++;
        }
        if (queue) {
          unread.delete(user);
          log(`${sent} unread notification${sent === 1 ? '' : 's'} delivered to ${user}, then forgotten`);
        }
        for await (const message of ws) {
          cancelExpiry();
          if (expiryMs > 0) cancelExpiry = after(sleep, expiryMs, expire);
          const data = typeof message === 'string' ? (JSON.parse(message) as { type?: string; to?: string; text?: string }) : {};
          if (data.type === 'mention' && data.to && data.text) await notify(data.to, `${user}: ${data.text}`);
        }
      } finally {
        cancelExpiry();
        leave(user, ws, `closed (${ws.closeInfo?.code ?? 1006})`);
      }
    });
  },
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const laptop = new WebSocket('ws://lab.local/ws/notify?user=alice');
      await sleep(300);
      const phone = new WebSocket('ws://lab.local/ws/notify?user=alice');
      const stopLaptop = heartbeats(sleep, laptop);
      const stopPhone = heartbeats(sleep, phone);
      await sleep(200);
      laptop.send(JSON.stringify({ type: 'mention', to: 'bob', text: 'can you review #12?' }));
      await sleep(200);
      laptop.send(JSON.stringify({ type: 'mention', to: 'bob', text: 'never mind, merged' }));
      await sleep(11_300); // 12 s: the phone freezes the page — it sends nothing more, and no Close
      stopPhone();
      await sleep(8000); // 20 s: alice closes the laptop's tab
      stopLaptop();
      laptop.close(1000, 'tab closed');
    },
    bob: async ({ WebSocket, sleep }) => {
      await sleep(2000);
      const ws = new WebSocket('ws://lab.local/ws/notify?user=bob');
      const stop = heartbeats(sleep, ws);
      await sleep(500);
      ws.send(JSON.stringify({ type: 'mention', to: 'alice', text: 'thanks!' }));
      await sleep(52_000);
      stop();
      ws.close(1000, 'bye');
    },
  },
});
