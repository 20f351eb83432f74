/**
 * The network drops: after the echo the page sends another message, and the connection is
 * cut on the way (the request and “hello” are the first 192 bytes to the server; nothing
 * after them gets through). No Close frame, no TCP goodbye: both ends report 1006.
 */
import { closingScenario } from './page-closes.ts';

export default closingScenario(
  'The network drops',
  'The page sends “hello” and gets the echo. Its next message never arrives: the network drops the connection on the way, with no Close frame and no TCP goodbye.',
  (socket) => socket.send('still there?'),
  { drop: { direction: 'client→server', bytes: 192 } },
);
