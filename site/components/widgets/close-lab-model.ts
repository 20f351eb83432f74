/**
 * The "clean close or dropped connection" lab of lesson 10: a chat endpoint on the lab's
 * in-page network, a browser-style client, and four ways for the connection to end. Each
 * run replays the same bytes (seeded randomness, virtual clock) and returns the wire log
 * as plain rows plus what each side reported, for the island to render.
 */
import { LabServer, createLabRun, type WireEntry } from '../../../lib/lab/index.ts';
import { closeDetail } from '../lab-run/rows.ts';

/** The ways the lab ends a connection. */
export type CloseScenarioId = 'client-closes' | 'server-closes' | 'client-no-code' | 'dropped';

/** One scenario, as the island lists it. */
export interface CloseScenario {
  id: CloseScenarioId;
  label: string;
  /** What the scenario does, in a sentence. */
  description: string;
}

/** Every scenario, in the order the island offers them. */
export const CLOSE_SCENARIOS: readonly CloseScenario[] = [
  { id: 'client-closes', label: 'The page closes', description: 'The page calls socket.close(1000, "done").' },
  { id: 'server-closes', label: 'The server closes', description: 'The page sends "/quit"; the handler calls ws.close(1000, "bye").' },
  { id: 'client-no-code', label: 'close() with no code', description: 'The page calls socket.close() with no arguments.' },
  { id: 'dropped', label: 'The network drops', description: 'The connection is cut after the first echo: no Close frame, no TCP goodbye.' },
];

/** One-way delay of the lab network, so the order of events is visible in the times. */
export const LAB_LATENCY_MS = 20;

/** One line of the timeline. */
export interface CloseLabRow {
  /** Virtual milliseconds since the page created the socket. */
  at: number;
  /** Who sent it (or closed its side of TCP); absent for a cut. */
  from?: 'client' | 'server';
  kind: 'handshake' | 'frame' | 'event';
  /** A few words: "Text “hello”", "Close 1000 “bye”", "TCP: the server closes its side (FIN)". */
  summary: string;
  /** The frame's bytes, for frames. */
  hex?: string;
  /** Whether the frame was masked, for frames. */
  masked?: boolean;
  /** Whether this row is part of the ending (Close frames, TCP end, cut). */
  ending: boolean;
}

/** What one side reported when the connection ended. */
export interface CloseReport {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** Everything one run produced. */
export interface CloseLabResult {
  scenario: CloseScenarioId;
  rows: CloseLabRow[];
  /** The page's close event. */
  client?: CloseReport;
  /** What the server handler saw (`ws.closed`). */
  server?: CloseReport;
  /** Who closed the TCP connection first; absent when it was cut. */
  tcpClosedBy?: 'client' | 'server';
}

const sender = (direction: string): 'client' | 'server' => (direction.startsWith('client') ? 'client' : 'server');

/** Turns a wire log entry into a row, or nothing for entries the lab does not show. */
export function rowOf(entry: WireEntry): CloseLabRow | undefined {
  if (entry.kind === 'handshake') {
    const first = entry.text.split('\r\n')[0] ?? '';
    return { at: entry.at, from: sender(entry.direction), kind: 'handshake', summary: first, ending: false };
  }
  if (entry.kind === 'frame') {
    const name = entry.opcodeName.charAt(0).toUpperCase() + entry.opcodeName.slice(1);
    const detail = entry.opcodeName === 'close' ? closeDetail(entry.close) : entry.preview ? ` “${entry.preview}”` : '';
    return {
      at: entry.at,
      from: sender(entry.direction),
      kind: 'frame',
      summary: `${name}${detail}`,
      hex: entry.hex,
      masked: entry.masked,
      ending: entry.opcodeName === 'close',
    };
  }
  if (entry.kind === 'event') {
    if (entry.event === 'end') {
      const by = entry.detail.includes('client') ? 'client' : 'server';
      return { at: entry.at, from: by, kind: 'event', summary: `TCP: the ${by} closes its side (FIN)`, ending: true };
    }
    if (entry.event === 'cut') return { at: entry.at, kind: 'event', summary: `Connection cut: ${entry.detail}`, ending: true };
    return { at: entry.at, kind: 'event', summary: entry.detail, ending: false };
  }
  return undefined;
}

/**
 * Runs one scenario to the end on a fresh lab network and returns its timeline and
 * reports. Deterministic: the same scenario gives the same bytes every time.
 */
export async function runCloseScenario(scenario: CloseScenarioId): Promise<CloseLabResult> {
  const server = new LabServer();
  let serverReport: CloseReport | undefined;
  server.websocket('/ws/chat', async (ws) => {
    await ws.accept();
    void ws.closed.then((info) => {
      serverReport = { code: info.code, reason: info.reason, wasClean: info.wasClean };
    });
    for await (const message of ws) {
      if (message === '/quit') {
        await ws.close(1000, 'bye');
        return;
      }
      await ws.sendText(`echo: ${String(message)}`);
    }
  });

  const run = createLabRun({ server, seed: 10, clock: 'virtual', faults: { latency: LAB_LATENCY_MS } });
  const socket = new run.WebSocket('ws://lab.local/ws/chat');
  let clientReport: CloseReport | undefined;
  socket.addEventListener('close', (event) => {
    const { code, reason, wasClean } = event as unknown as CloseReport;
    clientReport = { code, reason, wasClean };
  });
  socket.addEventListener('open', () => socket.send('hello'));
  socket.addEventListener('message', () => {
    if (scenario === 'client-closes') socket.close(1000, 'done');
    else if (scenario === 'client-no-code') socket.close();
    else if (scenario === 'server-closes') socket.send('/quit');
    else run.network.cutAll('the network dropped; no Close frame was sent');
  });

  // Virtual time: the whole exchange takes a few round trips; run() stops when no timer is left.
  await run.virtual?.run(10_000);

  const rows = run
    .wireLog()
    .entries.map(rowOf)
    .filter((row): row is CloseLabRow => row !== undefined);
  const end = rows.find((row) => row.kind === 'event' && row.summary.startsWith('TCP:'));
  return {
    scenario,
    rows,
    client: clientReport,
    server: serverReport,
    tcpClosedBy: end?.from,
  };
}
