/**
 * A lab scenario: a LabServer (or several named nodes) and browser-style client scripts
 * (the page's, or several named clients'), kept in a lesson's `lab/` folder. The inspector
 * runs it on the in-page network (in a worker), with the faults and seed the learner
 * picks, and shows every byte that crossed, by connection.
 */
import type { Direction, LabBroker, LabPage, LabServer, LabWebSocketClass, ReverseProxySettings } from '../../../lib/lab/index.ts';

/** A number the learner may change before a run (how many messages, how large …). */
export interface ScenarioParam {
  label: string;
  default: number;
  min: number;
  max: number;
}

/** What the server factory gets. */
export interface ServerContext {
  /** The broker joining the nodes, when the scenario asks for one: `broker.connect(node)` for each node. */
  broker?: LabBroker;
  /** Waits `ms` of the run's time (virtual: a long wait costs nothing). */
  sleep(ms: number): Promise<void>;
  /** As the platform's setTimeout, on the run's clock: for code that keeps its own timers (a client library's ping timeout). */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer from {@link ServerContext.setTimeout}, so it neither fires nor keeps the run going. */
  clearTimeout(handle: unknown): void;
  /** Adds a line to the timeline, from the server's side (and, with several nodes, which one). */
  log(text: string, node?: string): void;
  /** The run's parameters (each scenario param, at its default unless changed). */
  params: Readonly<Record<string, number>>;
  /** A number in [0, 1), as Math.random, drawn from the run's seed: a run with jitter replays from its seed. */
  random(): number;
}

/** What a client script gets. `WebSocket` behaves as the browser's; its connections are this client's. */
export interface ClientContext extends ServerContext {
  WebSocket: LabWebSocketClass;
  /** The client's name: 'page', or its key in `clients`. */
  name: string;
}

/** A client's script: the page's code. The run ends when nothing is left to happen, or at `limitMs`. */
export type ClientScript = (context: ClientContext) => void | Promise<void>;

export interface Scenario {
  title: string;
  /** One or two sentences shown above the run. */
  description: string;
  params?: Readonly<Record<string, ScenarioParam>>;
  /** Faults switched on when the page opens (the learner can change them). */
  faults?: FaultSettings;
  /**
   * The numbers each fault starts from when the learner switches it on, chosen so that it
   * fires in this scenario (an idle timeout shorter than a real gap, a drop before the
   * bytes run out, a restart while a connection is open, a flip inside a frame). Faults
   * left out start from generic numbers; a test runs every scenario with each.
   */
  faultDefaults?: FaultSettings;
  /** The one server. */
  server?(context: ServerContext): LabServer;
  /** Several named server nodes instead of one server. */
  nodes?(context: ServerContext): Readonly<Record<string, LabServer>>;
  /** Which node a new connection lands on when there are several (default: sticky, by client name). */
  placement?: 'sticky' | 'round-robin';
  /** A publish/subscribe broker for the nodes, drawn as its own lane: its latency, ms. */
  broker?: { latency?: number };
  /** The page's code. */
  client?: ClientScript;
  /** Several named clients' code, each with its own connections, colour and filter in the inspector. */
  clients?: Readonly<Record<string, ClientScript>>;
  /**
   * Where a client's page lives ('page' or a name in `clients`): the Origin its handshakes
   * carry, and headers its browser adds on its own, such as a Cookie. Default: the lab's
   * own origin, no extra headers.
   */
  pages?: Readonly<Record<string, LabPage>>;
  /**
   * A reverse proxy in front of the server, set up from the run's params (so its settings
   * are what the learner changes in the run form): how it forwards the opening request
   * (lib/lab/proxy.ts), and its read timeout, ms without traffic after which it cuts a
   * connection (nginx's `proxy_read_timeout`). A timeout fault switched on in the form wins.
   */
  proxy?(params: Readonly<Record<string, number>>): ReverseProxySettings & { readTimeout?: number };
  /** Run time after which the run is stopped, ms of virtual time (default 120 000). */
  limitMs?: number;
}

/** Which way bytes travel on the pipe (lib's own type). */
export type { Direction };

/** Faults on the run's pipe. Absent means off. Plain data: it goes into the URL and the export. */
export interface FaultSettings {
  /** One-way delay of every chunk, ms. */
  latency?: number;
  /** Deliver writes in random chunks of 1 to `split` bytes (seeded by the run's seed). */
  split?: number;
  /** A proxy that cuts the connection after this many ms without traffic. */
  idleTimeout?: number;
  /** Cut the connection after this many bytes in one direction. */
  drop?: { direction: Direction; bytes: number };
  /** The server restarts `at` ms into the run: every connection cut, new ones refused for `downMs`. */
  restart?: { at: number; downMs: number };
  /** Flip one bit in transit: byte `offset` of a direction's stream, bit 0 (least significant) to 7. */
  flip?: { direction: Direction; offset: number; bit: number };
  /** The broker between nodes goes down `at` ms into the run, for `forMs` (scenarios with a broker). */
  brokerDown?: { at: number; forMs: number };
  /** A node loses its link to the broker `at` ms into the run, for `forMs` (scenarios with a broker). */
  cutOff?: { node: string; at: number; forMs: number };
}

/** Declares a scenario (the default export of a `lab/*.ts` module). */
export function defineScenario(scenario: Scenario): Scenario {
  // Mistakes an author makes once and a learner should never see: caught where the lesson is built.
  if (!scenario.server === !scenario.nodes) throw new Error(`Scenario "${scenario.title}": give either server or nodes`);
  if (!scenario.client && !scenario.clients) throw new Error(`Scenario "${scenario.title}": give client or clients`);
  return scenario;
}
