/**
 * The run form: fault toggles and numbers as the learner types them, checked into
 * FaultSettings with a message per bad field (the draft is kept, nothing is lost), and
 * the run's export.
 */
import type { RunResult } from './execute.ts';
import type { Direction, FaultSettings } from './scenario.ts';

/** The form's state: every fault has a switch and its numbers, kept as typed. */
export interface FaultDraft {
  latency: { on: boolean; ms: string };
  split: { on: boolean; max: string };
  idle: { on: boolean; ms: string };
  drop: { on: boolean; direction: Direction; bytes: string };
  restart: { on: boolean; at: string; downMs: string };
  flip: { on: boolean; direction: Direction; offset: string; bit: string };
  brokerDown: { on: boolean; at: string; forMs: string };
  cutOff: { on: boolean; node: string; at: string; forMs: string };
}

export interface FieldProblem {
  /** The input's key, e.g. `latency.ms`. */
  field: string;
  message: string;
}

/** The ranges the form accepts. */
export const LIMITS = {
  latency: { min: 1, max: 10_000, label: 'Latency' },
  split: { min: 1, max: 64, label: 'Largest chunk' },
  idle: { min: 1, max: 600_000, label: 'Idle timeout' },
  dropBytes: { min: 0, max: 10_000_000, label: 'Bytes before the drop' },
  restartAt: { min: 0, max: 600_000, label: 'Restart at' },
  downMs: { min: 0, max: 600_000, label: 'Down for' },
  offset: { min: 0, max: 10_000_000, label: 'Byte offset' },
  bit: { min: 0, max: 7, label: 'Bit' },
  brokerAt: { min: 0, max: 600_000, label: 'Broker down at' },
  brokerFor: { min: 1, max: 600_000, label: 'Broker down for' },
  cutAt: { min: 0, max: 600_000, label: 'Cut off at' },
  cutFor: { min: 1, max: 600_000, label: 'Cut off for' },
  seed: { min: 0, max: 0xffff_ffff, label: 'Seed' },
} as const;

/** The numbers a fault starts from when a scenario gives none of its own. */
export const GENERIC_FAULTS: Required<FaultSettings> = {
  latency: 20,
  split: 3,
  idleTimeout: 100,
  drop: { direction: 'server→client', bytes: 200 },
  restart: { at: 50, downMs: 1000 },
  flip: { direction: 'server→client', offset: 140, bit: 0 },
  brokerDown: { at: 1000, forMs: 2000 },
  cutOff: { node: 'b', at: 1000, forMs: 2000 },
};

/** The faults the run form offers (the broker's two only in scenarios with a broker). */
export const OFFERED_FAULTS = ['latency', 'split', 'idleTimeout', 'drop', 'restart', 'flip'] as const;

/**
 * Each fault's numbers: switched on ones as given, the rest at the scenario's own
 * `defaults` (chosen so that the fault fires in that scenario), else the generic ones.
 */
export function faultDefaults(faults: FaultSettings, defaults: FaultSettings = {}): Required<FaultSettings> {
  return { ...GENERIC_FAULTS, ...defaults, ...faults } as Required<FaultSettings>;
}

/**
 * The form for some fault settings: `defaults` are the numbers a switched-off fault starts
 * from; a node to cut off is, unless given, the scenario's last node when it names them.
 */
export function draftFrom(faults: FaultSettings, defaults: FaultSettings = {}, nodes: readonly string[] = []): FaultDraft {
  const n = faultDefaults(faults, defaults);
  return {
    latency: { on: faults.latency !== undefined, ms: String(n.latency) },
    split: { on: faults.split !== undefined, max: String(n.split) },
    idle: { on: faults.idleTimeout !== undefined, ms: String(n.idleTimeout) },
    drop: { on: faults.drop !== undefined, direction: n.drop.direction, bytes: String(n.drop.bytes) },
    restart: { on: faults.restart !== undefined, at: String(n.restart.at), downMs: String(n.restart.downMs) },
    flip: { on: faults.flip !== undefined, direction: n.flip.direction, offset: String(n.flip.offset), bit: String(n.flip.bit) },
    brokerDown: { on: faults.brokerDown !== undefined, at: String(n.brokerDown.at), forMs: String(n.brokerDown.forMs) },
    cutOff: { on: faults.cutOff !== undefined, node: faults.cutOff?.node ?? defaults.cutOff?.node ?? nodes.at(-1) ?? n.cutOff.node, at: String(n.cutOff.at), forMs: String(n.cutOff.forMs) },
  };
}

/** Reads a whole number in a range, or says what is wrong with it. */
export function readInteger(text: string, limit: { min: number; max: number; label: string }, field: string, problems: FieldProblem[]): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < limit.min || value > limit.max) {
    problems.push({ field, message: `${limit.label} must be a whole number from ${limit.min.toLocaleString('en')} to ${limit.max.toLocaleString('en')}${trimmed ? `; “${trimmed.slice(0, 20)}” is not` : ''}.` });
    return limit.min;
  }
  return value;
}

/** The fault settings a draft describes, or the problems with it; `nodes`, when known, are the names a node cut off may have. */
export function faultsFrom(draft: FaultDraft, nodes: readonly string[] = []): { ok: true; faults: FaultSettings } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const faults: FaultSettings = {};
  if (draft.latency.on) faults.latency = readInteger(draft.latency.ms, LIMITS.latency, 'latency.ms', problems);
  if (draft.split.on) faults.split = readInteger(draft.split.max, LIMITS.split, 'split.max', problems);
  if (draft.idle.on) faults.idleTimeout = readInteger(draft.idle.ms, LIMITS.idle, 'idle.ms', problems);
  if (draft.drop.on) faults.drop = { direction: draft.drop.direction, bytes: readInteger(draft.drop.bytes, LIMITS.dropBytes, 'drop.bytes', problems) };
  if (draft.restart.on) {
    faults.restart = { at: readInteger(draft.restart.at, LIMITS.restartAt, 'restart.at', problems), downMs: readInteger(draft.restart.downMs, LIMITS.downMs, 'restart.downMs', problems) };
  }
  if (draft.flip.on) {
    faults.flip = {
      direction: draft.flip.direction,
      offset: readInteger(draft.flip.offset, LIMITS.offset, 'flip.offset', problems),
      bit: readInteger(draft.flip.bit, LIMITS.bit, 'flip.bit', problems),
    };
  }
  if (draft.brokerDown.on) {
    faults.brokerDown = { at: readInteger(draft.brokerDown.at, LIMITS.brokerAt, 'brokerDown.at', problems), forMs: readInteger(draft.brokerDown.forMs, LIMITS.brokerFor, 'brokerDown.forMs', problems) };
  }
  if (draft.cutOff.on) {
    const node = draft.cutOff.node.trim();
    if (nodes.length ? !nodes.includes(node) : !/^[\w-]{1,32}$/.test(node)) {
      const like = nodes.length ? `one of ${nodes.map((n) => `“${n}”`).join(', ')}` : 'a node’s name, like “b”';
      problems.push({ field: 'cutOff.node', message: `The node to cut off must be ${like}${node ? `; “${node.slice(0, 20)}” is not` : ''}.` });
    }
    faults.cutOff = { node, at: readInteger(draft.cutOff.at, LIMITS.cutAt, 'cutOff.at', problems), forMs: readInteger(draft.cutOff.forMs, LIMITS.cutFor, 'cutOff.forMs', problems) };
  }
  return problems.length ? { ok: false, problems } : { ok: true, faults };
}

/** The faults in a few words each: "latency 10 ms", "restart at 50 ms, down 1000 ms". */
export function describeFaults(faults: FaultSettings): string[] {
  const out: string[] = [];
  if (faults.latency) out.push(`latency ${faults.latency} ms`);
  if (faults.split) out.push(`chunks of 1–${faults.split} bytes`);
  if (faults.idleTimeout) out.push(`idle proxy ${faults.idleTimeout} ms`);
  if (faults.drop) out.push(`drop after ${faults.drop.bytes} bytes ${faults.drop.direction}`);
  if (faults.restart) out.push(`restart at ${faults.restart.at} ms, down ${faults.restart.downMs} ms`);
  if (faults.flip) out.push(`flip bit ${faults.flip.bit} of byte ${faults.flip.offset} ${faults.flip.direction}`);
  if (faults.brokerDown) out.push(`broker down at ${faults.brokerDown.at} ms for ${faults.brokerDown.forMs} ms`);
  if (faults.cutOff) out.push(`node ${faults.cutOff.node} cut off from the broker at ${faults.cutOff.at} ms for ${faults.cutOff.forMs} ms`);
  return out;
}

/** A new seed for "new seed": any 32-bit number. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** The run as a JSON document: the scenario, the settings that replay it, and every row. */
export function runToJson(scenario: { id: string; title: string }, result: RunResult): string {
  return JSON.stringify(
    {
      format: 'websocket-lab-run',
      version: 1,
      scenario: scenario.id,
      title: scenario.title,
      settings: result.settings,
      durationMs: result.durationMs,
      stoppedAtLimit: result.stoppedAtLimit,
      faults: result.faults,
      connections: result.connections,
      rows: result.rows,
    },
    null,
    1,
  );
}
