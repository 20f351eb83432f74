/**
 * The server's side of keeping connections honest: after `pingInterval` ms without a
 * byte from the client it sends a Ping (RFC 6455 §5.5.2, "A Ping frame MAY be sent ...
 * as a means to verify that the remote endpoint is still responsive"); any byte from the
 * client — the Pong it owes (§5.5.3) or anything else — shows it is alive. A client that
 * lets `maxMissedPongs` pings in a row go unanswered, each given `pingInterval` ms, is cut
 * off: its socket is destroyed without a closing handshake, which a dead peer cannot do.
 * Only bytes from the client count: sending to a client proves nothing about it.
 */
import type { Socket } from 'node:net';
import type { ServerWebSocket } from '../lib/lab/server-socket.ts';

/** How often to ping a quiet client, and how many unanswered pings end it. */
export interface HeartbeatOptions {
  /** Milliseconds without a byte from the client before a ping; 0 turns pings and idle cut-offs off. */
  pingInterval: number;
  /** Unanswered pings in a row after which the connection is terminated. */
  maxMissedPongs: number;
}

/** Watches one upgraded socket; `ws` is the connection the lab made for it (pinged once open). */
export function watchHeartbeat(socket: Socket, ws: ServerWebSocket | undefined, options: HeartbeatOptions): void {
  const { pingInterval, maxMissedPongs } = options;
  if (!(pingInterval > 0)) return;
  let lastHeard = Date.now();
  let missed = 0;
  let timer: NodeJS.Timeout | undefined;
  // Bytes only move a timestamp: the timer is re-armed when it fires, not on every chunk.
  const onData = () => {
    lastHeard = Date.now();
    missed = 0;
  };
  const arm = (ms: number) => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  const check = () => {
    const quiet = Date.now() - lastHeard;
    if (missed === 0 && quiet < pingInterval) return arm(pingInterval - quiet);
    if (missed >= maxMissedPongs) {
      socket.destroy();
      return;
    }
    missed += 1;
    // Before accept, or once closing, there is no ping to send; the silence still counts.
    if (ws?.state === 'open') ws.ping().catch(() => {});
    arm(pingInterval);
  };
  socket.on('data', onData);
  socket.once('close', () => {
    clearTimeout(timer);
    socket.off('data', onData);
  });
  arm(pingInterval);
}
