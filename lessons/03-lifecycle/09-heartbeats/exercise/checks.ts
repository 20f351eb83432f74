import { defineChecks, expect, labTime, type ExerciseLab, type ServerWebSocket } from '#authoring';

type Learner = { default: (ws: ServerWebSocket) => Promise<void> };

const PATH = '/ws/heartbeat';

/** Lab times of the Ping frames the server sent (on one connection, or all), as they reached the client. */
const pingTimes = (lab: ExerciseLab, connection?: number) =>
  lab.frames(connection).filter((f) => f.direction === 'server→client' && f.opcode === 0x9).map((f) => f.at);

/** What else the server sent instead of pings, for a failure message. */
const emptyBinaries = (lab: ExerciseLab) =>
  lab.frames().filter((f) => f.direction === 'server→client' && f.opcode === 0x2 && f.payloadLength === 0).length;

/** The server's own cut of a connection (terminate), if it made one. */
const serverCut = (lab: ExerciseLab) =>
  lab.wireLog().entries.find((e) => e.kind === 'event' && e.event === 'cut' && e.direction === 'server→client');

export default defineChecks<Learner>([
  {
    name: 'pings at the interval: a Ping frame (opcode 0x9) every 10 s',
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      await lab.client('ada', PATH);
      const start = lab.clock.now();
      await lab.sleep(35_000);
      const pings = pingTimes(lab).map((at) => at - start);
      const empties = emptyBinaries(lab);
      expect(pings, empties
        ? `the server sent ${empties} empty binary message(s) (opcode 0x2) and ${pings.length} Ping frame(s): an empty data message is not a ping, and no browser answers it — use ws.ping()`
        : `expected Ping frames 10, 20 and 30 s after the connection opened; they came at ${pings.map(labTime).join(', ') || 'no time at all'}`).toEqual([10_000, 20_000, 30_000]);
    },
  },
  {
    name: 'a client that answers every ping stays connected for 5 minutes of lab time',
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      const ada = await lab.client('ada', PATH);
      await lab.sleep(300_000);
      expect(ada.closed, `ada answered every ping but was disconnected: ${ada.story()}`).toBeUndefined();
      ada.send('still here?');
      expect(await ada.receive()).toBe('still here?');
    },
  },
  {
    name: 'a silent client is terminated after two missed pongs — not after one, and not never',
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      const ada = await lab.client('ada', PATH);
      await lab.sleep(25_000); // ada has answered the pings at 10 s and 20 s
      ada.stopReading(); // from now on nothing she is sent reaches her: the pings at 30 s and 40 s go unanswered
      await lab.sleep(60_000);
      const closed = ada.closed;
      expect(closed, `ada stopped answering at 25 s; the pings at 30 s and 40 s went unanswered, yet at ${labTime(lab.clock.now())} the connection was still open. `
        + 'Count the unanswered pings and call ws.terminate() — a client that reads nothing never answers a Close frame either.').toBeDefined();
      expect(closed!.at, `the connection ended at ${labTime(closed!.at)}, before the pings at 30 s and 40 s had both gone a whole interval unanswered: one late or lost pong is not a dead client`).toBeGreaterThan(40_000);
      expect(closed!.at, `the connection ended at ${labTime(closed!.at)}; by 50 s the pings at 30 s and 40 s had each gone a whole interval unanswered`).toBeLessThanOrEqual(50_000);
      expect(serverCut(lab), 'the server should end it with ws.terminate(): the wire log shows no cut by the server').toBeDefined();
    },
  },
  {
    name: 'the timer is cleared when the connection ends: no pings, no timer after close',
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      const ada = await lab.client('ada', PATH);
      await lab.sleep(15_000);
      ada.close(1000, 'bye');
      await ada.closedWith();
      const closedAt = lab.clock.now();
      await lab.sleep(60_000);
      const late = pingTimes(lab).filter((at) => at > closedAt);
      expect(late, 'the server kept pinging after the connection closed').toEqual([]);
      expect(lab.clock.pending, `60 s after the connection closed, the heartbeat's timer was still running: clear it when the loop ends (in a finally)`).toBe(0);
    },
  },
  {
    name: 'a slow network is not a dead client: with 300 ms of latency each way, ada stays for 2 minutes',
    hidden: true,
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      const ada = await lab.client('ada', PATH, { faults: { latency: 300 } });
      await lab.sleep(120_000);
      expect(ada.closed, `ada answered every ping, each pong 600 ms after its ping, but ${ada.story()}`).toBeUndefined();
      expect(pingTimes(lab).length, 'the server should ping every 10 s throughout').toBeGreaterThanOrEqual(11);
    },
  },
  {
    name: 'each connection has its own heartbeat: only the silent one is terminated',
    hidden: true,
    async run({ module, lab }) {
      lab.mount(PATH, module.default);
      const ada = await lab.client('ada', PATH);
      const bob = await lab.client('bob', PATH);
      await lab.sleep(25_000);
      bob.stopReading();
      await lab.sleep(60_000);
      expect(bob.closed, `bob stopped answering at 25 s: ${bob.story()}`).toBeDefined();
      expect(ada.closed, `ada answered every ping but ${ada.story()}`).toBeUndefined();
      const adaPings = pingTimes(lab, ada.connection!.id);
      expect(adaPings.length, 'ada should have been pinged every 10 s throughout').toBe(8);
    },
  },
]);
