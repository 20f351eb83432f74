/**
 * The exercise worker's sandbox: Hardened JavaScript (SES). `lockdown()` freezes the
 * realm's shared intrinsics (Object, Array.prototype, String.prototype …) so learner code
 * cannot change what the checks compute with; each instance of the learner's module runs
 * in a new Compartment whose global object holds only what it is given — no `self`, no
 * `postMessage`, no `fetch`, `indexedDB`, `caches`, `navigator`, `Worker` or
 * `WebTransport` — and whose `Function` and `eval` stay inside it. What learner code can
 * reach from the lab (its classes, the events they fire) is hardened too, so it cannot be
 * patched to fake what a check's clients see.
 *
 * Why SES and not only a worker: a worker hides globals on its own object, but their
 * getters stay on the prototypes (`WorkerGlobalScope.prototype`), and a worker shares its
 * intrinsics with the checks, so patching `Object.is` changes a verdict. A compartment has
 * neither problem. The worker still runs learner code away from the page, and the page
 * still stops it at its time limit.
 * @see https://github.com/endojs/endo/tree/master/packages/ses
 */
import 'ses';
import { MODULES, useEvaluator } from './evaluate.ts';

declare const lockdown: (options?: Record<string, string>) => void;
declare const harden: <T>(value: T) => T;
declare const Compartment: new (globals?: Record<string, unknown>) => { evaluate(source: string): unknown };

/**
 * Host objects learner code may meet through the lab (events, DOMExceptions, blobs, the
 * text codecs): their prototypes are frozen with everything else.
 */
const HOST = ['EventTarget', 'Event', 'MessageEvent', 'CloseEvent', 'ErrorEvent', 'DOMException', 'Blob', 'File', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal'] as const;

/** The web APIs learner code gets besides the lab's globals: none reaches the network, storage or another worker. */
const ENDOWED = ['TextEncoder', 'TextDecoder', 'Blob', 'atob', 'btoa', 'queueMicrotask', 'structuredClone', 'AbortController', 'AbortSignal', 'DOMException', 'Event', 'EventTarget', 'MessageEvent'] as const;

let locked = false;

/** Worker globals that reach the network, storage or other code, taken away before learner code exists. */
const CLOSED = ['indexedDB', 'caches', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'EventSource', 'BroadcastChannel', 'importScripts', 'WebSocket'] as const;

/** Makes the worker's network and storage globals undefined, for good (a compartment never sees them; this closes the worker's own scope too). */
export function closeNetworkAndStorage(): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  for (const name of CLOSED) {
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
    } catch {
      /* not defined here */
    }
  }
}

/**
 * Locks the realm down and makes learner code run in compartments from now on. Call once,
 * in the worker, after every module is loaded and before any learner code runs. `namespaces`
 * are further modules learner code may import (besides the exercise's): what they export is
 * hardened too.
 */
export function enterSandbox(namespaces: readonly object[] = []): void {
  if (locked) return;
  locked = true;
  lockdown({
    // Errors keep their stacks: the learner's line is read from them.
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    // The lab and its libraries assign properties that shadow frozen prototype ones (`error.name = …`).
    overrideTaming: 'severe',
    consoleTaming: 'unsafe',
    // Learner code is evaluated: compartments need eval, and the site's CSP allows it for this worker.
    evalTaming: 'unsafe-eval',
    // What lockdown has to say (e.g. that it removed a method a newer browser added and SES
    // does not know yet) goes to console.warn, as SES does in a page or a classic worker: in a
    // module worker SES takes itself to be on Node and would print it all with console.error.
    reporting: 'console',
  });
  const scope = globalThis as unknown as Record<string, unknown>;
  for (const name of HOST) if (scope[name] !== undefined) harden(scope[name]);
  // Module namespaces are sealed by the language; what they export is hardened one by one.
  for (const namespace of [...Object.values(MODULES), ...namespaces]) {
    for (const key of Object.keys(namespace as object)) harden((namespace as Record<string, unknown>)[key]);
  }
  const endowments: Record<string, unknown> = {};
  for (const name of ENDOWED) if (scope[name] !== undefined) endowments[name] = scope[name];
  harden(endowments);
  useEvaluator((source, globals) => {
    // A fresh global object per instance: nothing learner code leaves on it survives into the next check.
    const compartment = new Compartment({ ...endowments, ...harden(globals) });
    return compartment.evaluate(source) as (...args: unknown[]) => void;
  });
}
