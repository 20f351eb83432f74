/**
 * The lab run's code view without the view: the scenario's source as the learner edited it,
 * saved in this browser per scenario (capped as exercise code is, and kept where progress
 * export, import and reset find it), and reset.
 */
import { MAX_SAVED_CODE, discardCode, loadCode, saveCode, type SaveOutcome } from '../exercise/exercise-model.ts';

export { MAX_SAVED_CODE };

/** The id a scenario's edited source is saved under, beside exercises' code (`lab/` keeps the two apart). */
export const labCodeId = (scenario: string) => `lab/${scenario}`;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class LabCodeModel {
  /** The code as the learner sees it. */
  code: string;
  /** Whether the last edit was saved. */
  saved: SaveOutcome = 'saved';
  /** The length of saved code too long to load (the editor then starts from the original). */
  readonly tooLong: number | undefined;

  constructor(
    private readonly scenario: string,
    readonly original: string,
    private readonly storage: Store | undefined = globalThis.localStorage,
  ) {
    const saved = loadCode(labCodeId(scenario), storage);
    this.code = saved.kind === 'code' ? saved.code : original;
    this.tooLong = saved.kind === 'too-long' ? saved.length : undefined;
  }

  /** The learner changed the code: it is saved, or, back to the original, forgotten. */
  edit(next: string): SaveOutcome {
    this.code = next;
    if (next === this.original) {
      discardCode(labCodeId(this.scenario), this.storage);
      this.saved = 'saved';
    } else {
      this.saved = saveCode(labCodeId(this.scenario), next, this.storage);
    }
    return this.saved;
  }

  /** Back to the scenario as written; the saved edit is forgotten. */
  reset(): void {
    this.edit(this.original);
  }

  get edited(): boolean {
    return this.code !== this.original;
  }
}
