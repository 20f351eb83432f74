/**
 * A lab scenario: a LabServer and a browser-style client script, kept in a lesson's
 * `lab/` folder. The inspector runs it on the in-page network (in a worker), with the
 * faults and seed the learner picks, and shows every byte that crossed.
 */
import type { LabServer, LabWebSocketClass } from '../../../lib/lab/index.ts';

/** A number the learner may change before a run (how many messages, how large …). */
export interface ScenarioParam {
  label: string;
  default: number;
  min: number;
  max: number;
}

/** What the server factory gets. */
export interface ServerContext {
  /** Waits `ms` of the run's time (virtual: a long wait costs nothing). */
  sleep(ms: number): Promise<void>;
  /** Adds a line to the timeline, from the server's side. */
  log(text: string): void;
  /** The run's parameters (each scenario param, at its default unless changed). */
  params: Readonly<Record<string, number>>;
}

/** What the client script gets. `WebSocket` behaves as the browser's. */
export interface ClientContext extends ServerContext {
  WebSocket: LabWebSocketClass;
}

export interface Scenario {
  title: string;
  /** One or two sentences shown above the run. */
  description: string;
  params?: Readonly<Record<string, ScenarioParam>>;
  /** Faults switched on when the page opens (the learner can change them). */
  faults?: FaultSettings;
  server(context: ServerContext): LabServer;
  /** The page's code. The run ends when nothing is left to happen, or at `limitMs`. */
  client(context: ClientContext): void | Promise<void>;
  /** Run time after which the run is stopped, ms of virtual time (default 120 000). */
  limitMs?: number;
}

/** Which way bytes travel on the pipe. */
export type Direction = 'client→server' | 'server→client';

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
}

/** Declares a scenario (the default export of a `lab/*.ts` module). */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}
