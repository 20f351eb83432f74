/**
 * Each check mounts a producer at /ws/ticks that pushes items into the learner's batcher
 * on the lab's clock, and reads what a client receives: the arrays, when they arrived, and
 * whether the server kept up with a client that stopped reading.
 */
import { defineChecks, expect, type ExerciseLab, type ServerWebSocket } from '#authoring';

type Batcher = { push(item: unknown): void; end(): Promise<void> };
type Learner = { createBatcher(ws: ServerWebSocket, windowMs?: number): Batcher };

/** Mounts a producer: `count` items, one every `everyMs`, made by `item(i)`, then end() and close 1000. */
function producer(module: Learner, lab: ExerciseLab, count: number, everyMs: number, item: (i: number) => unknown = (i) => i, windowMs = 100) {
  const pushedAt: number[] = [];
  lab.mount('/ws/ticks', async (ws) => {
    await ws.accept();
    const batcher = module.createBatcher(ws, windowMs);
    for (let i = 1; i <= count; i++) {
      batcher.push(item(i));
      pushedAt[i] = lab.clock.now();
      if (i < count) await lab.sleep(everyMs);
    }
    await lab.sleep(windowMs * 3);
    await batcher.end();
    await ws.close(1000);
  });
  return pushedAt;
}

/** Every message a client received, parsed, with its lab time; fails on anything but a JSON array. */
function batches(events: ReadonlyArray<{ type: string; at: number; data?: unknown }>): Array<{ at: number; items: unknown[] }> {
  return events.filter((e) => e.type === 'message').map((e) => {
    const items = JSON.parse(String(e.data)) as unknown;
    expect(Array.isArray(items), `each message is a JSON array, not ${String(e.data).slice(0, 40)}`).toBe(true);
    return { at: e.at, items: items as unknown[] };
  });
}

export default defineChecks<Learner>([
  {
    name: 'every item arrives once, in order, in JSON arrays',
    async run({ module, lab }) {
      producer(module, lab, 50, 10);
      const client = await lab.client('page', '/ws/ticks');
      expect(await lab.within(client.closedWith(), 10_000, 'the close')).toMatchObject({ code: 1000 });
      expect(batches(client.events).flatMap((b) => b.items)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    },
  },
  {
    name: 'items pushed within one window travel together: 50 items over 0.5 s in at most 6 messages',
    async run({ module, lab }) {
      producer(module, lab, 50, 10);
      const client = await lab.client('page', '/ws/ticks');
      await lab.within(client.closedWith(), 10_000, 'the close');
      const sent = batches(client.events);
      expect(sent.length, `messages for 50 items pushed 10 ms apart with a 100 ms window (sizes ${sent.map((b) => b.items.length).join(', ')})`).toBeLessThanOrEqual(6);
      expect(sent.length, 'more than one message: a batch goes out when its window ends, not only at end()').toBeGreaterThan(1);
    },
  },
  {
    name: 'no item waits much longer than one window',
    hidden: true,
    async run({ module, lab }) {
      const pushedAt = producer(module, lab, 50, 10);
      const client = await lab.client('page', '/ws/ticks');
      await lab.within(client.closedWith(), 10_000, 'the close');
      for (const batch of batches(client.events)) {
        const first = batch.items[0] as number;
        expect(batch.at - pushedAt[first], `ms item ${first} waited before it was sent`).toBeLessThanOrEqual(110);
      }
    },
  },
  {
    name: 'a window with nothing in it sends nothing',
    async run({ module, lab }) {
      lab.mount('/ws/ticks', async (ws) => {
        await ws.accept();
        const batcher = module.createBatcher(ws, 100);
        batcher.push('only one');
        await lab.sleep(2000);
        await batcher.end();
        await ws.close(1000);
      });
      const client = await lab.client('page', '/ws/ticks');
      await lab.within(client.closedWith(), 10_000, 'the close');
      expect(client.messages).toEqual(['["only one"]']);
    },
  },
  {
    name: 'a client that stops reading is not sent more than it can hold: the batcher keeps collecting, and everything arrives once it reads again',
    async run({ module, lab }) {
      // 1,500 items of 1 KiB over 15 s: past the server's 1 MiB limit for one client if all were queued.
      const item = (i: number) => `${i}:${'x'.repeat(1024)}`;
      producer(module, lab, 1500, 10, item);
      const client = await lab.client('page', '/ws/ticks');
      client.stopReading();
      await lab.sleep(16_000);
      client.resumeReading();
      const closed = await lab.within(client.closedWith(), 30_000, 'the close');
      expect(closed.code, 'the close code (1008: the server closed a client that fell more than 1 MiB behind)').toBe(1000);
      expect(batches(client.events).flatMap((b) => b.items)).toEqual(Array.from({ length: 1500 }, (_, i) => item(i + 1)));
    },
  },
]);
