/**
 * What the closing lab of lesson 10 reads from a run of one of its scenarios
 * (lessons/03-lifecycle/10-closing/lab/): the page's close event, what the server's handler
 * logged from `ws.closed`, who ended TCP first, and the rows of the wire log.
 */
import type { RunResult } from '../lab-run/execute.ts';
import type { InspectorRow } from '../lab-run/rows.ts';

/** One of the lab's scenarios, as the island offers it. */
export interface CloseLabScenario {
  /** The scenario module under lessons/, without `.ts`. */
  id: string;
  title: string;
  description: string;
  /** The faults it runs with (the network's latency; a drop for the dropped connection). */
  faults: RunResult['settings']['faults'];
}

/** How one run ended, from both sides. */
export interface CloseOutcome {
  /** The page's close event; absent when it never fired. */
  page?: { code: number; reason: string; wasClean: boolean };
  /** The server handler's last log line (the scenarios log `ws.closed` there). */
  server?: string;
  /** Who closed its side of TCP first; absent when the connection was cut. */
  tcpClosedBy?: 'page' | 'server';
  /** The wire log: handshakes, frames and events, without the page's and server's notes. */
  wire: InspectorRow[];
}

/** Reads a closing-lab run. */
export function closeOutcome(result: RunResult): CloseOutcome {
  const server = result.rows.filter((row) => row.kind === 'note' && row.side === 'server').at(-1);
  const end = result.rows.find((row) => row.kind === 'event' && row.event === 'end');
  const by = end && 'direction' in end && end.direction ? (end.direction === 'client→server' ? 'page' : 'server') : undefined;
  return {
    page: result.connections[0]?.close,
    server: server?.summary,
    tcpClosedBy: by,
    wire: result.rows.filter((row) => row.kind !== 'note'),
  };
}
