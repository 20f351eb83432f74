import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/interop/**/*.test.ts', 'test/content/**/*.test.ts'],
    environment: 'node',
    // Bundles the programs tests start as child processes, once per run (test/fixtures/bundles.ts).
    globalSetup: ['test/fixtures/bundles.ts'],
    testTimeout: 20_000,
    // Test files share their workers' module caches: each worker loads lib/, the lab and
    // the TypeScript compiler once, not once per file. No test changes what another reads
    // (fake timers are restored, nothing is mocked), which this relies on.
    pool: 'threads',
    isolate: false,
    // One worker per core (Vitest's default leaves one free: a single worker on two cores).
    // Several test files wait on child processes and sockets, which another worker overlaps.
    maxWorkers: '100%',
    // monaco-editor's TypeScript worker (12 MB of ES modules in a package that does not
    // say it is one) is loaded by Node itself: through Vite's transform it took 7 s a file.
    execArgv: ['--experimental-detect-module'],
    server: { deps: { external: [/monaco-editor\/esm\/vs\/languages\/features\/typescript\//] } },
  },
});
