/**
 * The lab run's code view without the view: the scenario's source as the learner edited it,
 * saved in this browser per scenario (capped as exercise code is, and kept where progress
 * export, import and reset find it), and reset.
 */
import { discardCode, loadCode, saveEdit, type SaveOutcome } from '../exercise/exercise-model.ts';

/** The id a scenario's edited source is saved under, beside exercises' code (`lab/` keeps the two apart). */
export const labCodeId = (scenario: string) => `lab/${scenario}`;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class LabCodeModel {
  /** The code as the learner sees it. */
  code: string;
  /** Whether the last edit was saved. */
  saved: SaveOutcome = 'saved';
  /**
   * The length of saved code too long to load (the editor then starts from the original).
   * While it is held, edits are not saved over it: see {@link release}.
   */
  tooLong: number | undefined;

  constructor(
    private readonly scenario: string,
    readonly original: string,
    private readonly storage: Store | undefined = globalThis.localStorage,
  ) {
    const saved = loadCode(labCodeId(scenario), storage);
    this.code = saved.kind === 'code' ? saved.code : original;
    this.tooLong = saved.kind === 'too-long' ? saved.length : undefined;
  }

  /**
   * The learner changed the code: it is saved, or, back to the original, forgotten — except
   * while over-long saved code is held, which nothing here overwrites or removes.
   */
  edit(next: string): SaveOutcome {
    this.code = next;
    const holding = this.tooLong !== undefined;
    if (next === this.original && !holding) {
      discardCode(labCodeId(this.scenario), this.storage);
      this.saved = 'saved';
    } else {
      this.saved = saveEdit(labCodeId(this.scenario), next, holding, this.storage);
    }
    return this.saved;
  }

  /** The held over-long code was discarded: edits are saved again, the current code at once. */
  release(): SaveOutcome {
    this.tooLong = undefined;
    return this.edit(this.code);
  }

  /** Back to the scenario as written; the saved edit is forgotten. */
  reset(): void {
    this.edit(this.original);
  }

  get edited(): boolean {
    return this.code !== this.original;
  }
}
