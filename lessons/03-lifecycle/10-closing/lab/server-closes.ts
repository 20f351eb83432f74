/** The server closes: the page sends "/quit" and the handler calls ws.close(1000, "bye"). */
import { closingScenario } from './page-closes.ts';

export default closingScenario(
  'The server closes',
  'The page sends “hello”, gets the echo, and sends “/quit”; the handler calls ws.close(1000, "bye").',
  (socket) => socket.send('/quit'),
);
