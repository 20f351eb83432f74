/**
 * A lab run's life on the page: start a run in a worker, stop it, replay it with the same
 * settings and say whether the bytes came out the same, and export it as JSON. Plain
 * TypeScript; the island renders the {@link RunView} it is handed after every change.
 */
import type { RunProgress, RunResult, RunSettings } from './execute.ts';
import { fingerprint } from './rows.ts';
import { startLabRun, type LabRunHandle } from './runner.ts';
import { runToJson } from './settings.ts';

/** Everything the page shows about the run. */
export interface RunView {
  running: boolean;
  progress?: RunProgress;
  /** Why the last run did not finish. */
  failure?: string;
  /** The last finished run ran the learner's edited code. */
  edited?: boolean;
  /** What the learner's edited code did wrong in the last run (a syntax error, a refused import, an exception), with its line. */
  codeError?: { message: string; line?: number };
  /** The last run that finished. */
  result?: RunResult;
  /** After a replay: whether the bytes matched the run before. */
  replayNote: string;
}

export class LabRunController {
  private view: RunView = { running: false, replayNote: '' };
  private handle: LabRunHandle | undefined;
  private exportUrl: string | undefined;
  /** The learner's edited source, when it differs from the scenario's own: runs use it. */
  private edited: { source: string; original: string } | undefined;

  constructor(
    private readonly scenario: { id: string; title: string },
    private readonly onChange: (view: RunView) => void,
    private readonly start: typeof startLabRun = startLabRun,
  ) {}

  /** Runs `source` from now on instead of the scenario's module (undefined, or the original itself: the module). */
  useSource(source: string | undefined, original: string): void {
    this.edited = source === undefined || source === original ? undefined : { source, original };
  }

  /** Runs the scenario; resolves with the result, or undefined when it failed or was replaced by a newer run. */
  async run(settings: RunSettings, replay = false): Promise<RunResult | undefined> {
    this.handle?.stop();
    const previous = this.view.result;
    this.update({ running: true, failure: undefined, codeError: undefined, replayNote: '', progress: { phase: 'running', records: 0, at: 0 } });
    const edited = this.edited;
    const handle = this.start(this.scenario.id, settings, (progress) => {
      if (this.handle === handle) this.update({ progress });
    }, edited);
    this.handle = handle;
    const outcome = await handle.result;
    if (this.handle !== handle) return undefined;
    this.handle = undefined;
    if (!outcome.ok) {
      // The last timeline stays on the page; the message says why this run has none.
      const failure = outcome.line === undefined ? outcome.message : `${outcome.message} (line ${outcome.line} of your code)`;
      this.update({ running: false, progress: undefined, failure, codeError: edited ? { message: outcome.message, ...(outcome.line !== undefined ? { line: outcome.line } : {}) } : undefined });
      return undefined;
    }
    this.revokeExport();
    const replayNote = !replay || !previous
      ? ''
      : fingerprint(previous.rows) === fingerprint(outcome.result.rows)
        ? 'Replayed with the same seed and faults: the same bytes at the same times.'
        : 'Replayed, but the bytes differ from the last run.';
    this.update({ running: false, progress: undefined, result: outcome.result, replayNote, edited: edited !== undefined, codeError: outcome.result.codeErrors?.[0] });
    return outcome.result;
  }

  /** Runs again with the last run's own settings. */
  replay(): Promise<RunResult | undefined> {
    const settings = this.view.result?.settings;
    return settings ? this.run(structuredClone(settings), true) : Promise.resolve(undefined);
  }

  stop(): void {
    this.handle?.stop();
  }

  /** The last run as a JSON file: an object URL (kept until the next export or run) and a file name. */
  exportFile(): { url: string; name: string } | undefined {
    const result = this.view.result;
    if (!result) return undefined;
    this.revokeExport();
    this.exportUrl = URL.createObjectURL(new Blob([runToJson(this.scenario, result)], { type: 'application/json' }));
    return { url: this.exportUrl, name: `${this.scenario.id.split('/').at(-1)}-seed-${result.settings.seed}.json` };
  }

  /** Stops a run in progress and frees the export; the island calls it when it goes away. */
  dispose(): void {
    this.stop();
    this.revokeExport();
  }

  private revokeExport(): void {
    if (this.exportUrl) URL.revokeObjectURL(this.exportUrl);
    this.exportUrl = undefined;
  }

  private update(change: Partial<RunView>): void {
    this.view = { ...this.view, ...change };
    this.onChange(this.view);
  }
}
