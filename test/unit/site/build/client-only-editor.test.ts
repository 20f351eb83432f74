import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientOnlyEditor } from '../../../../site/build/client-only-editor.ts';

type ResolveId = (source: string, importer: string | undefined, options: { ssr?: boolean }) => string | undefined;
const resolveId = clientOnlyEditor().resolveId as unknown as ResolveId;
const from = (path: string) => resolve('site/components', path);

describe('the code editor stays out of the server build', () => {
  it('is a stub on the server for every island that loads it: the exercise and the lab-run code view', () => {
    expect(resolveId('./monaco.ts', from('exercise/Exercise.svelte'), { ssr: true })).toMatch(/editor-server-stub/);
    expect(resolveId('../exercise/monaco.ts', from('lab-run/LabCode.svelte'), { ssr: true })).toMatch(/editor-server-stub/);
    expect(resolveId('../exercise/monaco.ts', `${from('lab-run/LabCode.svelte')}?svelte&type=script`, { ssr: true })).toMatch(/editor-server-stub/);
  });

  it('is the real editor in the browser, and other files called monaco.ts are left alone', () => {
    expect(resolveId('./monaco.ts', from('exercise/Exercise.svelte'), { ssr: false })).toBeUndefined();
    expect(resolveId('./monaco.ts', from('lab-run/LabCode.svelte'), { ssr: true })).toBeUndefined();
  });
});
