import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from '../../../../site/util/clipboard.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('copyText', () => {
  it('writes the text to the clipboard and says what was copied', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    expect(await copyText('81 05 48 65 6c 6c 6f', 'hex')).toBe('Hex copied.');
    expect(writeText).toHaveBeenCalledWith('81 05 48 65 6c 6c 6f');
  });

  it('where the page may not write to the clipboard, says how to copy by hand instead of failing', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: async () => { throw new DOMException('Write permission denied.', 'NotAllowedError'); } } });
    expect(await copyText('x', 'JS bytes')).toBe('Copying is blocked here; select the JS bytes and copy it by hand.');
  });

  it('says the same where there is no clipboard at all (an insecure page)', async () => {
    vi.stubGlobal('navigator', {});
    expect(await copyText('x', 'link')).toBe('Copying is blocked here; select the link and copy it by hand.');
  });
});
