/**
 * What learner code and checks share in one run: a lab network with the lesson endpoints
 * (/ws/echo, /ws/chat/{room}) on a real clock. The learner's global `WebSocket` is this
 * network's; checks read its wire log to see what really crossed it.
 */
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { createLabRun, type LabRun } from '../../lib/lab/index.ts';

export interface RunContext {
  /** Globals for the learner's code. */
  globals: { WebSocket: LabRun['WebSocket'] };
  lab: LabRun;
}

export function createRunContext(): RunContext {
  const lab = createLabRun({ server: createLessonServer(), clock: 'real', seed: Date.now() >>> 0 });
  return { globals: { WebSocket: lab.WebSocket }, lab };
}
