/**
 * The same feed behind the same idle proxy, with the server pinging every 20 s: the
 * proxy sees traffic three times a minute and the update at 90 s gets through.
 */
import { behindIdleProxy } from './idle-proxy.ts';

export default behindIdleProxy(
  20,
  'The same connection with a heartbeat',
  'The same feed and the same 60 s idle proxy, but now the server pings every 20 s and the page’s browser answers each ping with a pong carrying the same data.',
);
