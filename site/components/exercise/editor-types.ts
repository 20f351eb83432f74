/**
 * What the editor's TypeScript knows, kept apart from Monaco so tests can hand it to
 * Monaco's own TypeScript worker in Node: the standard library the exercise runner really
 * provides, and the lab's modules under the names learner code imports them by.
 *
 * The runner evaluates learner code in a Web Worker (site/runner/worker.ts) on a modern
 * engine: ES2022 and the worker's globals (timers, TextEncoder, WebSocket …), no DOM.
 */

/**
 * The standard library files. Monaco's worker takes file names here, not the `lib` names of
 * a tsconfig: `'es2022'` names no file, so TypeScript would load no library at all and
 * `Uint8Array`, `Math` and `Number` would be unknown.
 */
export const EDITOR_LIBS = ['lib.es2022.d.ts', 'lib.webworker.d.ts'] as const;

/** The import specifiers learner code may use, and the file each one is (as in tsconfig.json and site/runner/evaluate.ts). */
export const LAB_MODULE_PATHS = {
  'websocket-lab': ['lib/index.ts'],
  'websocket-lab/lab': ['lib/lab/index.ts'],
  'websocket-lab/helpers': ['site/runner/helpers.ts'],
} as const;

/**
 * What an edited lab scenario imports besides the lab's modules: `#authoring` (as in
 * package.json's `imports`), and the lesson's other lab files by relative path.
 */
export const SCENARIO_MODULE_PATHS = {
  '#authoring': ['site/authoring.ts'],
} as const;

/**
 * The sources an edited scenario's types come from, as paths relative to the repository:
 * site/authoring.ts and what it re-exports, and every lesson's lab files (for relative imports).
 */
export const isScenarioTypeSource = (path: string) => /^(site\/authoring\.ts|site\/runner\/[a-z-]+\.ts|site\/components\/lab-run\/scenario\.ts|lessons\/.+\/lab(-kit)?\/[a-z0-9-]+\.ts)$/.test(path);

/** The packages lesson scenarios import, declared as far as scenarios use them (their own types are not bundled). */
export const SCENARIO_PACKAGE_TYPES: Record<string, string> = {
  'file:///node_modules/@types/socket.io-client__lab/index.d.ts': `declare module 'socket.io-client' {
  export interface ManagerOptions { autoConnect: boolean; reconnection: boolean; transports: string[]; timeout: number; [option: string]: unknown }
  export interface SocketOptions { auth: object; [option: string]: unknown }
  type Listener = (...args: any[]) => void;
  export class Socket {
    /** The Manager: one connection, shared by the sockets of its namespaces. */
    readonly io: Manager;
    readonly id: string | undefined;
    readonly connected: boolean;
    connect(): this;
    disconnect(): this;
    on(event: 'connect', listener: () => void): this;
    on(event: 'disconnect', listener: (reason: string, description?: unknown) => void): this;
    on(event: 'connect_error', listener: (error: Error) => void): this;
    on(event: string, listener: Listener): this;
    once(event: 'connect', listener: () => void): this;
    once(event: 'disconnect', listener: (reason: string, description?: unknown) => void): this;
    once(event: 'connect_error', listener: (error: Error) => void): this;
    once(event: string, listener: Listener): this;
    off(event?: string, listener?: Listener): this;
    emit(event: string, ...args: unknown[]): this;
    emitWithAck(event: string, ...args: unknown[]): Promise<any>;
    timeout(ms: number): this;
  }
  export class Manager {
    constructor(uri: string, options?: Partial<ManagerOptions & SocketOptions>);
    socket(nsp: string, options?: Partial<SocketOptions>): Socket;
  }
  /** engine.io-client's WebSocket transport. */
  export class WebSocket {
    constructor(opts: object);
    createSocket(uri: string, protocols: string | string[] | undefined): globalThis.WebSocket;
    doWrite(packet: unknown, data: string | ArrayBuffer | ArrayBufferView): void;
  }
}`,
  'file:///node_modules/@types/msgpack__msgpack/index.d.ts': `declare module '@msgpack/msgpack' {
  export function encode(value: unknown, options?: object): Uint8Array;
  export function decode(data: ArrayLike<number> | ArrayBufferView | ArrayBuffer, options?: object): unknown;
}`,
};

/**
 * Where the editor keeps a scenario's edited source: beside the original in its lab folder
 * (so `./idle-proxy.ts` resolves), under a name of its own (so it never clashes with the original's types).
 */
export function editedScenarioUri(scenario: string, suffix: string): string {
  return `file:///lessons/${scenario}.yours-${suffix}.ts`;
}

/**
 * The compiler options for learner code. Numbers are TypeScript's enum values (the same in
 * Monaco's API), so this module needs neither Monaco nor TypeScript.
 */
export function editorCompilerOptions() {
  return {
    target: 9, // ScriptTarget.ES2022
    module: 99, // ModuleKind.ESNext
    moduleResolution: 2, // ModuleResolutionKind.NodeJs (Node10): `paths` resolves the lab's modules
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    baseUrl: 'file:///',
    paths: Object.fromEntries(Object.entries({ ...LAB_MODULE_PATHS, ...SCENARIO_MODULE_PATHS }).map(([name, files]) => [name, [...files]])),
    lib: [...EDITOR_LIBS],
  };
}

/**
 * The lab's sources as Monaco extra libs, keyed by the file URI `paths` points at. `sources`
 * maps a path relative to the repository (`lib/index.ts`, `site/runner/helpers.ts`) to its text.
 */
export function labExtraLibs(sources: Record<string, string>): Record<string, string> {
  const libs: Record<string, string> = {};
  for (const [path, text] of Object.entries(sources)) libs[`file:///${path}`] = text;
  return libs;
}

/**
 * A glob key from site/components/exercise/ (`../../../lib/x.ts`, `../../runner/helpers.ts`)
 * as a path relative to the repository.
 */
export function repositoryPath(globKey: string): string {
  return globKey.replace(/^(\.\.\/)+/, '').replace(/^runner\//, 'site/runner/');
}
