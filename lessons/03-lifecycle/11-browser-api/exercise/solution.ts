/**
 * Talk to the lab's echo endpoint with the browser's WebSocket API:
 * connect to ws://lab/ws/echo, send "hello", wait for the echo, then close cleanly with
 * code 1000 and the reason "done". Resolve with the echoed text once the close event
 * says the close was clean; reject if the connection fails or closes any other way.
 */
export function talk(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket('ws://lab/ws/echo');
    let echo = '';
    // send() throws while the socket is still CONNECTING: wait for open.
    socket.onopen = () => socket.send('hello');
    socket.onmessage = (event) => {
      echo = String(event.data);
      socket.close(1000, 'done');
    };
    socket.onclose = (event) => {
      if (event.wasClean) resolve(echo);
      else reject(new Error(`The connection closed with ${event.code}`));
    };
  });
}
