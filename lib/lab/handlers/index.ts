/** The endpoints the lessons use; the same code runs in the page and behind `npm start`. */
import type { BrokerClient } from '../broker.ts';
import { LabServer, type LabServerOptions } from '../server.ts';
import { createChatHandler } from './chat.ts';
import { echoHandler } from './echo.ts';

export { echoHandler } from './echo.ts';
export { createChatHandler, chatChannel, NOT_DELIVERED, type ChatHandlerOptions } from './chat.ts';

/** Options for {@link createLessonServer}: the server's limits, and a broker for chat rooms that span nodes. */
export interface LessonServerOptions extends LabServerOptions {
  /** This node's broker connection: /ws/chat/{room} then fans out across every node on the broker. */
  broker?: BrokerClient;
}

/** A LabServer with every lesson endpoint: /ws/echo and /ws/chat/{room}. */
export function createLessonServer(options: LessonServerOptions = {}): LabServer {
  const { broker, ...limits } = options;
  return new LabServer(limits)
    .websocket('/ws/echo', echoHandler)
    .websocket('/ws/chat/{room}', createChatHandler({ broker }));
}
