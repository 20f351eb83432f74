/**
 * A common mistake: close() with no code. The browser then sends a Close frame with no
 * status at all, and the server reports 1005 — not the 1000 "done" the task asks for.
 * Fails: "the server received a Close frame with code 1000 and the reason "done""
 */
export function talk(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket('ws://lab/ws/echo');
    let echo = '';
    // send() throws while the socket is still CONNECTING: wait for open.
    socket.onopen = () => socket.send('hello');
    socket.onmessage = (event) => {
      echo = String(event.data);
      socket.close();
    };
    socket.onclose = (event) => {
      if (event.wasClean) resolve(echo);
      else reject(new Error(`The connection closed with ${event.code}`));
    };
  });
}
