/**
 * The benchmark harness: sections of rows, each row timing lib and its counterparts in
 * this one process, reported as medians with ratios side by side.
 */
import { performance } from 'node:perf_hooks';

/** One measured figure in `unit`: a rate (higher is better) unless its row's target says `atMost`. */
export interface Measurement {
  value: number;
  unit: string;
}

/** One row of a section: lib against the same work done by others. */
export interface BenchRow {
  name: string;
  lib: Measurement;
  /** Counterparts by column name, e.g. `ws-js`, `ws-native`. */
  others: Record<string, Measurement | undefined>;
  /**
   * lib / column measured run against run, when runs were made in pairs back to back: the
   * median of the pairs' ratios, which a burst of load on a shared machine moves less than
   * the ratio of the two medians. Printed (and held to the target) instead of that ratio.
   */
  pairedRatios?: Record<string, number>;
  /** The lowest and the highest of those pairs' ratios, printed beside their median: how far one pair can land from it. */
  pairedRange?: Record<string, [number, number]>;
  /**
   * What this row must reach, when there is a target: a ratio lib / column, an absolute
   * rate, or (for costs such as memory, where lower is better) a ceiling.
   */
  target?: { against: string; ratio?: number; absolute?: number; atMost?: number };
}

/** A named group of rows, computed on demand. */
export interface BenchSection {
  name: string;
  columns: string[];
  run(): Promise<BenchRow[]> | BenchRow[];
}

const sections: BenchSection[] = [];

/** Adds a section to the benchmark; sections run in the order they are defined. */
export function defineSection(section: BenchSection): void {
  sections.push(section);
}

/** Every section defined so far. */
export function allSections(): readonly BenchSection[] {
  return sections;
}

/** How many timed runs a measurement takes; the median is reported. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 120);

/** The bytes every echo row sends, `size` of them: (i * 13 + 5) mod 256. */
export function binaryOf(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 13 + 5) & 0xff);
}

/**
 * Calls `work` repeatedly for about RUN_MS per run, RUNS times after a warm-up, and
 * returns the median rate of `unitsPerCall` units per second.
 */
export function rate(work: () => void, unitsPerCall: number): number {
  const runOnce = (ms: number) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      work();
      calls++;
      elapsed = performance.now() - start;
    }
    return (calls * unitsPerCall) / (elapsed / 1000);
  };
  runOnce(RUN_MS); // warm-up: let the JIT settle
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) rates.push(runOnce(RUN_MS));
  return median(rates);
}

/** The same as {@link rate} for asynchronous work, timed per call. */
export async function rateAsync(work: () => Promise<void>, unitsPerCall: number, runs = RUNS): Promise<number> {
  await work();
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    rates.push(unitsPerCall / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** MB/s (10^6 bytes) from bytes per second. */
export const mbps = (bytesPerSecond: number): Measurement => ({ value: bytesPerSecond / 1e6, unit: 'MB/s' });
/** GB/s (10^9 bytes) from bytes per second. */
export const gbps = (bytesPerSecond: number): Measurement => ({ value: bytesPerSecond / 1e9, unit: 'GB/s' });
/** A count per second. */
export const perSecond = (count: number, what: string): Measurement => ({ value: count, unit: `${what}/s` });

function format(m: Measurement | undefined): string {
  if (!m) return 'n/a';
  const digits = m.value >= 100 ? 0 : m.value >= 10 ? 1 : 2;
  const value = m.value >= 1e5 ? m.value.toExponential(2) : m.value.toFixed(digits);
  return `${value} ${m.unit}`;
}

/** Prints a section as a table: lib, each column, and lib / column. */
export function printSection(section: BenchSection, rows: BenchRow[]): { met: number; missed: number } {
  const header = ['', 'lib', ...section.columns.flatMap((c) => [c, `lib/${c}`]), 'target'];
  const lines = rows.map((row) => {
    const cells = [row.name, format(row.lib)];
    for (const column of section.columns) {
      const other = row.others[column];
      const range = row.pairedRange?.[column];
      const paired = row.pairedRatios?.[column] === undefined ? '' : ` paired${range ? ` (${range[0].toFixed(2)}–${range[1].toFixed(2)})` : ''}`;
      cells.push(format(other), other ? `${ratioOf(row, column)!.toFixed(2)}×${paired}` : 'n/a');
    }
    cells.push(targetText(row));
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${section.name}`);
  console.log(render(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
  let met = 0;
  let missed = 0;
  for (const row of rows) {
    const verdict = targetMet(row);
    if (verdict === true) met++;
    if (verdict === false) missed++;
  }
  return { met, missed };
}

/** lib / `column` for a row: paired when it was measured in pairs, else the ratio of the figures. */
function ratioOf(row: BenchRow, column: string): number | undefined {
  const paired = row.pairedRatios?.[column];
  if (paired !== undefined) return paired;
  const other = row.others[column];
  return other ? row.lib.value / other.value : undefined;
}

function targetMet(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  if (row.target.atMost !== undefined) return row.lib.value <= row.target.atMost;
  if (row.target.absolute !== undefined) return row.lib.value >= row.target.absolute;
  const ratio = ratioOf(row, row.target.against);
  if (ratio === undefined || row.target.ratio === undefined) return undefined;
  return ratio >= row.target.ratio;
}

function targetText(row: BenchRow): string {
  if (!row.target) return '';
  const verdict = targetMet(row);
  const mark = verdict === undefined ? '?' : verdict ? 'met' : 'MISSED';
  if (row.target.atMost !== undefined) return `≤ ${row.target.atMost} ${row.lib.unit}: ${mark}`;
  if (row.target.absolute !== undefined) return `≥ ${row.target.absolute} ${row.lib.unit}: ${mark}`;
  return `≥ ${row.target.ratio}× ${row.target.against}: ${mark}`;
}
