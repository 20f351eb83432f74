/** The endpoints the lessons use; the same code runs in the page and behind `npm start`. */
import { LabServer, type LabServerOptions } from '../server.ts';
import { createChatHandler } from './chat.ts';
import { echoHandler } from './echo.ts';

export { echoHandler } from './echo.ts';
export { createChatHandler } from './chat.ts';

/** A LabServer with every lesson endpoint: /ws/echo and /ws/chat/{room}. */
export function createLessonServer(options: LabServerOptions = {}): LabServer {
  return new LabServer(options)
    .websocket('/ws/echo', echoHandler)
    .websocket('/ws/chat/{room}', createChatHandler());
}
