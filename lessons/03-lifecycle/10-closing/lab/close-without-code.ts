/** close() with no arguments: an empty Close frame, so both ends report 1005. */
import { closingScenario } from './page-closes.ts';

export default closingScenario(
  'close() with no code',
  'The page sends “hello”, gets the echo, and calls socket.close() with no arguments.',
  (socket) => socket.close(),
);
