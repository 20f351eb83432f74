/**
 * Runs a scenario on a fresh lab network with a virtual clock, so a run is instant and the
 * same seed and faults replay the same bytes. Used by the inspector's worker and by tests.
 */
import { seededRandom, unitRandom, virtualClock } from '../../../lib/endpoint/time.ts';
import { LabBroker, Tap, buildWireLog, createLabRun, reverseProxy, type LabRun, type PipeOptions } from '../../../lib/lab/index.ts';
import { createAppDecoder, type AppDecoder, type AppMessage } from './app-protocol.ts';
import { reportFaults, type FaultReport } from './fault-report.ts';
import { buildRows, type ConnectionSummary, type InspectorRow, type Note } from './rows.ts';
import type { ClientScript, FaultSettings, Scenario } from './scenario.ts';

/** What the learner chose for a run. Plain data: it goes into the URL and the export. */
export interface RunSettings {
  seed: number;
  faults: FaultSettings;
  params: Record<string, number>;
}

/** Everything a run produced, as plain data for the page and the export. */
export interface RunResult {
  settings: RunSettings;
  rows: InspectorRow[];
  connections: ConnectionSummary[];
  /** Virtual time when the run ended, ms. */
  durationMs: number;
  /** Set when the run hit its time limit with work still pending. */
  stoppedAtLimit: boolean;
  /** Each switched-on fault and whether it fired: one that never did left the run as it was. */
  faults: FaultReport[];
  /** For edited code: what its server or client code threw, with the line of the edited source. */
  codeErrors?: { message: string; line?: number }[];
}

/** How a run reads errors: for edited code, the line of the edited source an exception came from. */
export interface ExecuteOptions {
  lineOf?(error: unknown): number | undefined;
}

/** How far a run has got, for a progress line. */
export interface RunProgress {
  phase: 'running' | 'decoding';
  /** Chunks and events recorded on the wire so far. */
  records: number;
  /** Virtual time, ms. */
  at: number;
}

const DEFAULT_LIMIT_MS = 120_000;

/** The pipe options for a run's fault settings. */
export function pipeOptions(faults: FaultSettings, seed: number): PipeOptions {
  return {
    ...(faults.latency ? { latency: faults.latency } : {}),
    ...(faults.split ? { chunking: { mode: 'random' as const, min: 1, max: Math.max(1, faults.split), seed } } : {}),
    ...(faults.idleTimeout ? { idleTimeout: faults.idleTimeout } : {}),
    ...(faults.drop ? { dropAfter: { ...faults.drop } } : {}),
    ...(faults.flip ? { flipBit: { ...faults.flip } } : {}),
  };
}

/** The pipe options of a scenario's reverse proxy at these params (none without one). */
export function proxyOptions(scenario: Scenario, params: Readonly<Record<string, number>>): PipeOptions {
  if (!scenario.proxy) return {};
  const { readTimeout, ...settings } = scenario.proxy(params);
  return { rewriteRequest: reverseProxy(settings), ...(readTimeout ? { idleTimeout: readTimeout } : {}) };
}

/** Each param at the value asked for, clamped to its range, or at its default. */
export function resolveParams(scenario: Scenario, asked: Record<string, number> = {}): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, spec] of Object.entries(scenario.params ?? {})) {
    const value = asked[name];
    params[name] = Number.isFinite(value) ? Math.min(spec.max, Math.max(spec.min, Math.round(value))) : spec.default;
  }
  return params;
}

/**
 * The names of a scenario's nodes (none for a scenario with one server), read by building
 * them once on a throwaway clock and broker: what the run form offers to cut off.
 */
export function nodeNamesOf(scenario: Scenario): string[] {
  if (!scenario.nodes) return [];
  const clock = virtualClock();
  const broker = scenario.broker ? new LabBroker({ clock, tap: new Tap(), latency: scenario.broker.latency }) : undefined;
  const params = resolveParams(scenario);
  const nodes = scenario.nodes({ sleep: () => new Promise(() => undefined), setTimeout: () => undefined, clearTimeout: () => undefined, log: () => undefined, params, random: () => 0, ...(broker ? { broker } : {}) });
  return Object.keys(nodes);
}

/** Runs `scenario` to its end and returns the timeline. */
export async function executeScenario(scenario: Scenario, settings: RunSettings, onProgress?: (progress: RunProgress) => void, options: ExecuteOptions = {}): Promise<RunResult> {
  const params = resolveParams(scenario, settings.params);
  const codeErrors: { message: string; line?: number }[] = [];
  /** An error as the timeline says it, with its line of edited code (and kept for the code view). */
  const describeError = (error: unknown): string => {
    const text = describeAny(error);
    if (!options.lineOf) return text;
    const line = options.lineOf(error);
    codeErrors.push({ message: text, ...(line !== undefined ? { line } : {}) });
    return line === undefined ? text : `${text} (line ${line} of your code)`;
  };
  const resolved: RunSettings = { seed: settings.seed >>> 0, faults: settings.faults, params };
  const notes: Note[] = [];
  const now = () => run?.clock.now() ?? 0;
  const serverLog = (text: string, node?: string, error = false) => notes.push({ side: 'server', at: now(), text, connection: 0, ...(node ? { node } : {}), ...(error ? { error } : {}) });
  // The clock and tap come first: a broker records on them before the network exists.
  const clock = virtualClock();
  const tap = new Tap();
  const broker = scenario.broker ? new LabBroker({ clock, tap, latency: scenario.broker.latency }) : undefined;
  // Apart from the network's own stream, so drawing a number never changes masking keys.
  const random = unitRandom(seededRandom(resolved.seed ^ 0x5eed));
  const timers = {
    setTimeout: (callback: () => void, ms: number): unknown => clock.setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clock.clearTimeout(handle),
  };
  const serverContext = { sleep: (ms: number) => sleep(run, ms), ...timers, log: (text: string, node?: string) => serverLog(text, node), params, random, ...(broker ? { broker } : {}) };
  const nodes = scenario.nodes ? scenario.nodes(serverContext) : { server: scenario.server!(serverContext) };
  const named = Object.keys(nodes).length > 1;
  for (const [name, server] of Object.entries(nodes)) {
    const node = named ? name : undefined;
    // What a server does on its own is logged too: refusals, and handlers that throw.
    server.on('refused', ({ path, status, failure }) => serverLog(`refused ${path} with ${status}: ${failure.problem}`, node));
    server.on('error', ({ path, error }) => serverLog(`the handler for ${path} threw ${describeError(error)}; the server closes with 1011 (or answers 500 before accept)`, node, true));
  }
  const run: LabRun = createLabRun({
    nodes,
    placement: scenario.placement,
    seed: resolved.seed,
    faults: { ...proxyOptions(scenario, params), ...pipeOptions(settings.faults, resolved.seed) },
    clock,
    tap,
  });

  if (onProgress) {
    let next = 2000;
    tap.listen(() => {
      if (tap.records.length < next) return;
      next += 2000;
      onProgress({ phase: 'running', records: tap.records.length, at: clock.now() });
    });
  }

  const connections = new Map<number, ConnectionSummary>();
  const network = run.network;
  // A page's listener that throws (a flipped bit can make JSON.parse fail) is logged, as a browser's console would show it, not lost.
  network.onError((error) => notes.push({ side: 'page', at: clock.now(), text: `An event listener threw ${describeError(error)}`, connection: 0, error: true }));
  /** A client's WebSocket class that records each connection's states and events for the inspector. */
  const recorded = (name: string) => {
    const summaries = new WeakMap<object, ConnectionSummary>();
    return class RecordedWebSocket extends run.client(name, undefined, scenario.pages?.[name]) {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const known = network.connectionOf(this);
        const connection = known?.id ?? 0;
        const summary: ConnectionSummary = {
          connection, url: String(url), client: name, ...(named && known ? { node: known.node } : {}),
          states: [{ state: 'CONNECTING', at: clock.now() }],
        };
        summaries.set(this, summary);
        connections.set(connection, summary);
        const note = (text: string) => notes.push({ side: 'page', at: clock.now(), text, connection, client: name });
        this.addEventListener('open', () => {
          summary.states.push({ state: 'OPEN', at: clock.now() });
          summary.protocol = this.protocol;
          note(`open${this.protocol ? ` (protocol "${this.protocol}")` : ''}`);
        });
        this.addEventListener('error', () => note('error'));
        this.addEventListener('message', (event) => {
          const data = (event as MessageEvent).data as unknown;
          note(typeof data === 'string' ? `message “${data.length > 80 ? `${data.slice(0, 80)}…` : data}”` : 'message (binary)');
        });
        this.addEventListener('close', (event) => {
          const { code, reason, wasClean } = event as Event & { code: number; reason: string; wasClean: boolean };
          summary.states.push({ state: 'CLOSED', at: clock.now() });
          summary.close = { code, reason, wasClean };
          note(`close ${code}${reason ? ` “${reason}”` : ''}, wasClean ${wasClean}`);
        });
      }

      override close(code?: number, reason?: string): void {
        const summary = summaries.get(this);
        if (summary && this.readyState === this.OPEN) summary.states.push({ state: 'CLOSING', at: clock.now() });
        super.close(code, reason);
      }
    };
  };

  const scripts: Array<[string, ClientScript]> = scenario.clients ? Object.entries(scenario.clients) : [['page', scenario.client!]];
  const outcomes = scripts.map(([name, script]) => {
    const outcome: { name: string; done: boolean; error?: unknown } = { name, done: false };
    const context = {
      name,
      WebSocket: recorded(name) as unknown as LabRun['WebSocket'],
      sleep: (ms: number) => sleep(run, ms),
      ...timers,
      log: (text: string) => void notes.push({ side: 'page', at: clock.now(), text, connection: 0, client: name }),
      params,
      random,
    };
    const promise = Promise.resolve()
      .then(() => script(context))
      .then(() => { outcome.done = true; }, (error: unknown) => { outcome.error = error; outcome.done = true; });
    return { outcome, promise };
  });
  if (settings.faults.restart) {
    const { at, downMs } = settings.faults.restart;
    clock.setTimeout(() => network.restartServer(downMs), at);
  }
  if (broker && settings.faults.brokerDown) {
    const { at, forMs } = settings.faults.brokerDown;
    clock.setTimeout(() => broker.setDown(true), at);
    clock.setTimeout(() => broker.setDown(false), at + forMs);
  }
  if (broker && settings.faults.cutOff && nodes[settings.faults.cutOff.node]) {
    const { node, at, forMs } = settings.faults.cutOff;
    clock.setTimeout(() => broker.cutOff(node), at);
    clock.setTimeout(() => broker.rejoin(node), at + forMs);
  }
  const limit = scenario.limitMs ?? DEFAULT_LIMIT_MS;
  await clock.run(limit);
  const stoppedAtLimit = clock.pending > 0;
  await Promise.race([Promise.all(outcomes.map((o) => o.promise)), new Promise((resolve) => setTimeout(resolve, 0))]);
  for (const { outcome } of outcomes) {
    const whose = scripts.length > 1 ? `${outcome.name}'s script` : 'The page’s script';
    if (outcome.error !== undefined) notes.push({ side: 'page', at: clock.now(), text: `${scripts.length > 1 ? capitalize(whose) : "The page's script"} threw: ${describeError(outcome.error)}`, connection: 0, client: outcome.name, error: true });
    else if (!outcome.done) notes.push({ side: 'page', at: clock.now(), text: `The run ended while ${scripts.length > 1 ? whose : 'the page’s script'} was still waiting.`, connection: 0, client: outcome.name });
  }

  onProgress?.({ phase: 'decoding', records: tap.records.length, at: clock.now() });
  // Each connection's whole messages, read at the application level (JSON, JSON-RPC, MessagePack, Socket.IO).
  const decoders = new Map<number, AppDecoder>();
  const messages = new Map<number, AppMessage>();
  const log = buildWireLog(tap.records, {
    onMessage: ({ connection, direction, data, entry }) => {
      let decoder = decoders.get(connection);
      if (!decoder) {
        const summary = connections.get(connection);
        decoder = createAppDecoder({ url: summary?.url ?? network.connection(connection)?.url, protocol: summary?.protocol });
        decoders.set(connection, decoder);
      }
      messages.set(entry, decoder.decode(data, direction));
    },
  });
  const rows = buildRows(log.entries, notes, messages);
  for (const summary of connections.values()) {
    if (!summary.close && summary.states.at(-1)?.state !== 'CLOSED') summary.states.push({ state: 'still open', at: clock.now() });
  }
  const faults = reportFaults(settings.faults, tap.records, log.entries);
  return { settings: resolved, rows, connections: [...connections.values()], durationMs: clock.now(), stoppedAtLimit, faults, ...(options.lineOf ? { codeErrors } : {}) };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function sleep(run: LabRun, ms: number): Promise<void> {
  return new Promise((resolve) => run.clock.setTimeout(resolve, ms));
}

function describeAny(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
