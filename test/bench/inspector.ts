/**
 * The inspector's view model on a busy run: 10,000 chat messages from three clients on two
 * nodes joined by a broker (each message fanned out to every member, every step of the
 * broker a row), beside the same 10,000 messages from one client to one echo server.
 * Times buildRows, the kind filter, a client's lane, the broker's lane, a search, all of
 * them combined, and one whole pass from the wire log to a searched list.
 */
import { createChatHandler, createLessonServer } from '../../lib/lab/handlers/index.ts';
import { LabBroker, LabServer, Tap, buildWireLog, createLabRun, type WireEntry } from '../../lib/lab/index.ts';
import { virtualClock } from '../../lib/endpoint/time.ts';
import { Decoder as MsgpackDecoder } from '@msgpack/msgpack';
import { createAppDecoder, type AppDecoder, type AppMessage } from '../../site/components/lab-run/app-protocol.ts';
import { EVERYTHING, queryRows } from '../../site/components/lab-run/lanes.ts';
import { buildRows, filterRows, type ConnectionSummary, type InspectorRow, type Note } from '../../site/components/lab-run/rows.ts';
import { defineSection, perSecond, rate, type BenchRow, type Measurement } from './harness.ts';

const MESSAGES = 10_000;
const SEARCH = 'message 4242';

interface Built {
  entries: WireEntry[];
  notes: Note[];
  messages: Map<number, AppMessage>;
  connections: ConnectionSummary[];
  /** The client whose lane is measured. */
  client: string;
}

/** Runs `clients` (each sending its share of MESSAGES) on a virtual clock and keeps what buildRows reads. */
async function record(kind: 'three-clients' | 'one-client'): Promise<Built> {
  const clock = virtualClock();
  const tap = new Tap();
  const broker = kind === 'three-clients' ? new LabBroker({ clock, tap, latency: 2 }) : undefined;
  const nodes: Record<string, LabServer> = broker
    ? {
      a: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker.connect('a') })),
      b: new LabServer().websocket('/ws/chat/{room}', createChatHandler({ broker: broker.connect('b') })),
    }
    : { server: createLessonServer() };
  const run = createLabRun({ nodes, placement: 'round-robin', seed: 5, clock, tap });
  const names = broker ? ['alice', 'bob', 'carol'] : ['page'];
  const path = broker ? '/ws/chat/general?name=' : '/ws/echo?name=';
  const notes: Note[] = [];
  const connections: ConnectionSummary[] = [];
  const sockets = names.map((name) => {
    const ws = new (run.client(name))(`ws://lab${path}${name}`);
    const known = run.network.connectionOf(ws);
    const id = known?.id ?? 0;
    connections.push({ connection: id, url: `ws://lab${path}${name}`, client: name, ...(broker && known ? { node: known.node } : {}), states: [] });
    ws.addEventListener('message', (event) => notes.push({ side: 'page', at: clock.now(), text: `message “${String((event as MessageEvent).data).slice(0, 80)}”`, connection: id, client: name }));
    return ws;
  });
  await clock.advance(100);
  for (let i = 0; i < MESSAGES; i++) {
    sockets[i % sockets.length].send(JSON.stringify({ type: 'say', n: i, text: `message ${i}` }));
    if (i % 50 === 49) await clock.advance(5);
  }
  await clock.advance(1000);
  for (const ws of sockets) ws.close(1000);
  await clock.advance(1000);
  const decoders = new Map<number, AppDecoder>();
  const messages = new Map<number, AppMessage>();
  const log = buildWireLog(tap.records, {
    onMessage: ({ connection, direction, data, entry }) => {
      let decoder = decoders.get(connection);
      if (!decoder) decoders.set(connection, (decoder = createAppDecoder({ url: connections.find((c) => c.connection === connection)?.url })));
      messages.set(entry, decoder.decode(data, direction));
    },
  });
  return { entries: log.entries, notes, messages, connections, client: names[0] };
}

const rowsPerSecond = (work: () => void, rows: number): Measurement => perSecond(rate(work, rows), 'row');

/** Every figure for one run: rows per second for each step, and ms for the whole pass. */
function measure(built: Built): Record<string, Measurement> {
  const rows: InspectorRow[] = buildRows(built.entries, built.notes, built.messages);
  const n = rows.length;
  const lane = { lane: 'client' as const, client: built.client };
  const figures: Record<string, Measurement> = {
    rows: { value: n, unit: 'rows' },
    build: rowsPerSecond(() => void buildRows(built.entries, built.notes, built.messages), n),
    kind: rowsPerSecond(() => void filterRows(rows, 'data'), n),
    client: rowsPerSecond(() => void queryRows(rows, built.connections, { ...EVERYTHING, lane }), n),
    broker: rowsPerSecond(() => void queryRows(rows, built.connections, { ...EVERYTHING, lane: { lane: 'broker' } }), n),
    search: rowsPerSecond(() => void queryRows(rows, built.connections, { ...EVERYTHING, search: SEARCH }), n),
    combined: rowsPerSecond(() => void queryRows(rows, built.connections, { kind: 'data', lane, search: SEARCH }), n),
  };
  // One whole pass on fresh rows, so the search reads every row's text for the first time.
  const passes = rate(() => {
    const fresh = buildRows(built.entries, built.notes, built.messages);
    filterRows(fresh, 'data');
    queryRows(fresh, built.connections, { ...EVERYTHING, lane });
    queryRows(fresh, built.connections, { kind: 'all', lane, search: SEARCH });
  }, 1);
  figures.pass = { value: 1000 / passes, unit: 'ms' };
  return figures;
}

defineSection({
  name: `Inspector rows: ${MESSAGES.toLocaleString('en')} chat messages, 3 clients on 2 nodes with a broker, beside 1 client on 1 echo server`,
  columns: ['one-client'],
  async run(): Promise<BenchRow[]> {
    const many = measure(await record('three-clients'));
    const one = measure(await record('one-client'));
    const row = (name: string, key: string): BenchRow => ({ name, lib: many[key], others: { 'one-client': key === 'broker' ? undefined : one[key] } });
    return [
      row('rows in the timeline', 'rows'),
      row('buildRows (wire log → rows)', 'build'),
      row('kind filter: data frames', 'kind'),
      row('lane filter: one client', 'client'),
      row('lane filter: the broker', 'broker'),
      row(`search “${SEARCH}” (texts cached)`, 'search'),
      row('kind + client + search together', 'combined'),
      row('whole pass: build, 2 filters, 1 cold search (ms)', 'pass'),
    ];
  },
});

/** `count` messages of 1–64 random bytes, the same every run. */
function randomMessages(count: number): Uint8Array[] {
  let state = 6455;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16;
  return Array.from({ length: count }, () => Uint8Array.from({ length: 1 + (next() % 64) }, () => next() & 0xff));
}

defineSection({
  name: 'Inspector decoding: messages per second (JSON-RPC: a 10,000-message run decoded within a second; random binary beside @msgpack/msgpack\'s decoder alone)',
  columns: ['msgpack-decode'],
  run(): BenchRow[] {
    const decoder = createAppDecoder();
    const texts = Array.from({ length: 1000 }, (_, i) => `{"jsonrpc":"2.0","method":"sum","params":[${i},2],"id":${i}}`);
    const decoded = rate(() => {
      for (const text of texts) decoder.decode(text, 'client→server');
    }, texts.length);
    // Random bytes are what the inspector most often sets aside: before the framing check,
    // each went to the MessagePack decoder, which rejects them by throwing.
    const binary = randomMessages(2000);
    const setAside = rate(() => {
      for (const bytes of binary) decoder.decode(bytes, 'client→server');
    }, binary.length);
    const msgpack = new MsgpackDecoder();
    const thrown = rate(() => {
      for (const bytes of binary) {
        try { msgpack.decode(bytes); } catch { /* not MessagePack */ }
      }
    }, binary.length);
    return [
      { name: 'JSON-RPC request decoded', lib: perSecond(decoded, 'msg'), others: {}, target: { against: '', absolute: 10_000 } },
      { name: 'random binary (1–64 B) decoded', lib: perSecond(setAside, 'msg'), others: { 'msgpack-decode': perSecond(thrown, 'msg') } },
    ];
  },
});
