import { describe, expect, it } from 'vitest';
import { MAX_SAVED_CODE, codeKey, discardCode, loadCode, saveCode, saveEdit, storedCode } from '../../../../../site/components/exercise/exercise-model.ts';

/** A Storage that keeps items in a Map, and can be told to refuse writes (a full or disabled store). */
function memoryStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('saved exercise code', () => {
  it('keeps code up to the cap and loads it back', () => {
    const storage = memoryStorage();
    const code = 'x'.repeat(MAX_SAVED_CODE);
    expect(saveCode('masking', code, storage)).toBe('saved');
    expect(loadCode('masking', storage)).toEqual({ kind: 'code', code });
  });

  it('refuses code past the cap and leaves the last version that fitted', () => {
    const storage = memoryStorage();
    saveCode('masking', 'let a = 1;', storage);
    expect(saveCode('masking', 'x'.repeat(MAX_SAVED_CODE + 1), storage)).toBe('too-long');
    expect(loadCode('masking', storage)).toEqual({ kind: 'code', code: 'let a = 1;' });
  });

  it('does not load code saved past the cap (4.4 MB), but keeps it until it is discarded', () => {
    const storage = memoryStorage();
    const huge = 'y'.repeat(4_400_000);
    storage.items.set(codeKey('masking'), huge);
    expect(loadCode('masking', storage)).toEqual({ kind: 'too-long', length: huge.length });
    expect(storedCode('masking', storage)).toBe(huge);
    discardCode('masking', storage);
    expect(loadCode('masking', storage)).toEqual({ kind: 'none' });
  });

  it('saves no edit over code too long to load while it is held, so it stays whole until downloaded or discarded', () => {
    const storage = memoryStorage();
    const huge = 'y'.repeat(MAX_SAVED_CODE + 1);
    storage.items.set(codeKey('masking'), huge);
    expect(saveEdit('masking', 'let a = 1;', true, storage)).toBe('held');
    expect(storedCode('masking', storage)).toBe(huge);
    discardCode('masking', storage);
    expect(saveEdit('masking', 'let a = 1;', false, storage)).toBe('saved');
    expect(loadCode('masking', storage)).toEqual({ kind: 'code', code: 'let a = 1;' });
  });

  it('says when storage will not save', () => {
    expect(saveCode('masking', 'let a = 1;', memoryStorage(true))).toBe('unavailable');
    expect(saveCode('masking', 'let a = 1;', undefined)).toBe('unavailable');
    expect(loadCode('masking', undefined)).toEqual({ kind: 'none' });
  });
});
