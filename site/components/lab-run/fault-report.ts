/**
 * Whether each fault switched on for a run actually did something. A fault whose moment
 * never comes (an idle proxy in a run with no long gap, a drop after more bytes than ever
 * cross) leaves the run exactly as it was; the page says so instead of letting the
 * learner look for an effect that is not there.
 */
import type { TapRecord, WireEntry } from '../../../lib/lab/index.ts';
import type { Direction, FaultSettings } from './scenario.ts';

/** One switched-on fault and whether it fired. */
export interface FaultReport {
  fault: keyof FaultSettings;
  fired: boolean;
  /** When it never fired: why, in one sentence ("The idle proxy never cut: no gap of 100 ms …"). */
  text?: string;
}

const SIDE: Record<Direction, string> = { 'server→client': 'server → page', 'client→server': 'page → server' };

/** What the run's tap and wire log show about each switched-on fault, in the form's order. */
export function reportFaults(faults: FaultSettings, records: readonly TapRecord[], entries: readonly WireEntry[]): FaultReport[] {
  const chunks = records.filter((r): r is Extract<TapRecord, { kind: 'chunk' }> => r.kind === 'chunk');
  const events = records.filter((r): r is Extract<TapRecord, { kind: 'event' }> => r.kind === 'event');
  const has = (event: string, match?: (detail: string) => boolean) => events.some((e) => e.event === event && (!match || match(e.detail)));
  /** The most bytes that crossed one connection in a direction. */
  const mostBytes = (direction: Direction) => {
    const totals = new Map<number, number>();
    for (const c of chunks) if (c.direction === direction) totals.set(c.connection, (totals.get(c.connection) ?? 0) + c.bytes.length);
    return Math.max(0, ...totals.values());
  };
  const out: FaultReport[] = [];
  const report = (fault: keyof FaultSettings, fired: boolean, text: string) => out.push(fired ? { fault, fired } : { fault, fired, text });

  if (faults.latency) report('latency', chunks.length > 0, `The latency of ${faults.latency} ms never applied: no bytes crossed.`);
  if (faults.split) {
    report('split', entries.some((e) => e.kind === 'frame' && (e.chunks ?? 1) > 1), `Split chunks never split a frame: every frame fit in one chunk of up to ${faults.split} bytes.`);
  }
  if (faults.idleTimeout) {
    // The proxy's clock restarts on every byte sent and every byte delivered.
    const times = new Map<number, number[]>();
    for (const c of chunks) {
      const list = times.get(c.connection) ?? [];
      list.push(c.sentAt, c.at);
      times.set(c.connection, list);
    }
    let longest = 0;
    for (const list of times.values()) {
      list.sort((x, y) => x - y);
      for (let i = 1; i < list.length; i++) longest = Math.max(longest, list[i] - list[i - 1]);
    }
    report('idleTimeout', has('idle-timeout'), `The idle proxy never cut: no gap of ${faults.idleTimeout} ms (the longest quiet on an open connection was ${longest} ms).`);
  }
  if (faults.drop) {
    const { bytes, direction } = faults.drop;
    report('drop', has('drop'), `Drop after ${bytes} bytes never fired: ${mostBytes(direction)} bytes crossed ${SIDE[direction]} on the busiest connection.`);
  }
  if (faults.restart) {
    const { at, downMs } = faults.restart;
    const fired = has('cut', (d) => d.endsWith('restarted')) || has('refused', (d) => d.includes('restarting'));
    report('restart', fired, `The server restart at ${at} ms changed nothing: no connection was open then, and none was tried in the ${downMs} ms it was down.`);
  }
  if (faults.flip) {
    const { offset, bit, direction } = faults.flip;
    report('flip', has('flip'), `The bit flip never fired: byte ${offset} never crossed ${SIDE[direction]} (at most ${mostBytes(direction)} bytes did on one connection), so bit ${bit} stayed as it was.`);
  }
  if (faults.brokerDown) report('brokerDown', records.some((r) => r.kind === 'broker' && r.event === 'down'), `The broker outage at ${faults.brokerDown.at} ms never happened: this run has no broker.`);
  if (faults.cutOff) {
    report('cutOff', records.some((r) => r.kind === 'broker' && r.event === 'cut-off'), `Cutting node ${faults.cutOff.node} off the broker never happened: this run has no broker, or no node of that name.`);
  }
  return out;
}

/** The reports of faults that never fired, as sentences for the page. */
export function unfiredFaults(reports: readonly FaultReport[] | undefined): string[] {
  return (reports ?? []).filter((r) => !r.fired).map((r) => r.text ?? `${r.fault} never fired.`);
}
