import { describe, expect, it } from 'vitest';
import { MAX_SAVED_CODE } from '../../../../../site/components/exercise/exercise-model.ts';
import { LabCodeModel, labCodeId } from '../../../../../site/components/lab-run/lab-code-model.ts';
import { ProgressStore, codeKey } from '../../../../../site/progress/store.ts';

class MemoryStorage {
  data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const ID = '04-servers/13-first-endpoint/lab/echo';
const ORIGINAL = "export default defineScenario({ title: 'Echo' });\n";

describe('a lab run’s edited code', () => {
  it('starts from the original, is saved per scenario when edited, and survives a reload', () => {
    const storage = new MemoryStorage();
    const first = new LabCodeModel(ID, ORIGINAL, storage);
    expect(first.code).toBe(ORIGINAL);
    expect(first.edited).toBe(false);
    expect(first.edit(ORIGINAL.replace('Echo', 'Mine'))).toBe('saved');
    expect(storage.getItem(codeKey(labCodeId(ID)))).toContain('Mine');
    const reloaded = new LabCodeModel(ID, ORIGINAL, storage);
    expect(reloaded.code).toContain('Mine');
    expect(reloaded.edited).toBe(true);
    expect(new LabCodeModel('other/lab/x', ORIGINAL, storage).code).toBe(ORIGINAL);
  });

  it('reset goes back to the original and forgets the saved edit', () => {
    const storage = new MemoryStorage();
    const model = new LabCodeModel(ID, ORIGINAL, storage);
    model.edit('changed');
    model.reset();
    expect(model.code).toBe(ORIGINAL);
    expect(storage.data.size).toBe(0);
  });

  it('is capped as exercise code is: longer code is not saved, the last version that fitted stays', () => {
    const storage = new MemoryStorage();
    const model = new LabCodeModel(ID, ORIGINAL, storage);
    model.edit('fits');
    expect(model.edit('x'.repeat(MAX_SAVED_CODE + 1))).toBe('too-long');
    expect(storage.getItem(codeKey(labCodeId(ID)))).toBe('fits');
    storage.setItem(codeKey(labCodeId(ID)), 'y'.repeat(MAX_SAVED_CODE + 5));
    const reloaded = new LabCodeModel(ID, ORIGINAL, storage);
    expect(reloaded.code).toBe(ORIGINAL);
    expect(reloaded.tooLong).toBe(MAX_SAVED_CODE + 5);
  });

  it('keeps over-long saved edits whole while they are held: edits, going back to the original and reset neither overwrite nor remove them', () => {
    const storage = new MemoryStorage();
    const huge = 'y'.repeat(MAX_SAVED_CODE + 5);
    storage.setItem(codeKey(labCodeId(ID)), huge);
    const model = new LabCodeModel(ID, ORIGINAL, storage);
    expect(model.edit('mine')).toBe('held');
    expect(model.code).toBe('mine');
    expect(model.edit(ORIGINAL)).toBe('held');
    model.edit('mine again');
    model.reset();
    expect(storage.getItem(codeKey(labCodeId(ID)))).toBe(huge);
    // Discarded (by the notice): what is in the editor now is saved from then on.
    storage.removeItem(codeKey(labCodeId(ID)));
    model.edit('after all');
    expect(model.release()).toBe('saved');
    expect(model.tooLong).toBeUndefined();
    expect(storage.getItem(codeKey(labCodeId(ID)))).toBe('after all');
    expect(model.edit(ORIGINAL)).toBe('saved');
    expect(storage.data.size).toBe(0);
  });

  it('without storage, edits still work and say they are not saved', () => {
    const model = new LabCodeModel(ID, ORIGINAL, undefined);
    expect(model.edit('changed')).toBe('unavailable');
    expect(model.code).toBe('changed');
  });

  it('is part of progress export, import and reset', () => {
    const storage = new MemoryStorage();
    new LabCodeModel(ID, ORIGINAL, storage).edit('my scenario');
    const store = new ProgressStore(storage);
    const exported = JSON.parse(store.exportProgress()) as { code: Record<string, string> };
    expect(exported.code[labCodeId(ID)]).toBe('my scenario');
    store.resetProgress();
    expect(new LabCodeModel(ID, ORIGINAL, storage).code).toBe(ORIGINAL);
    expect(store.importProgress(JSON.stringify(exported))).toMatchObject({ ok: true });
    expect(new LabCodeModel(ID, ORIGINAL, storage).code).toBe('my scenario');
  });
});
