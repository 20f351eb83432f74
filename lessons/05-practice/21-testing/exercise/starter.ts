/**
 * Write the tests for a small chat server. The checks run your tests first against a
 * correct server, where every test must pass, and then against broken ones, where at
 * least one must fail: a test suite is only as good as the bugs it catches.
 *
 * The server, at `${t.chat}/{room}?name=alice`:
 * - a text message of at most 200 characters goes to everyone in the room, the sender
 *   included, exactly once, as "alice: hi" — and to no one in another room;
 * - "/who" is answered to the sender only, with the room's members in the order they
 *   joined: "here: alice, bob";
 * - a longer message breaks the room's rule: the server closes that connection with 1008;
 * - when a member leaves — a clean close or a dropped connection — everyone still in the
 *   room gets "* bob left", and the member is gone from "/who".
 *
 * A test is every exported async function whose name starts with "test" (as pytest
 * collects them). Each test gets its own fresh server and `t`:
 * - `await t.client('alice', `${t.chat}/general?name=alice`)` opens a named client and
 *   waits until it is open. A client has send(text), await receive() (fails after 5 s of
 *   lab time with no message), await receivesNothing(ms) (fails if a message arrives
 *   within ms), close(code?), await closedWith() → { code, reason, wasClean }, cut() (drops
 *   the connection without a Close frame) and messages (all it received);
 * - `t.assertEqual(actual, expected)` and `t.assert(condition, message)` fail the test;
 * - `await t.sleep(ms)` waits lab time.
 * Everything runs on the lab's virtual clock: waiting a second costs no real time.
 *
 * The test below passes against the correct server and catches none of the broken ones.
 */

/** A named client (see above). */
interface Client {
  send(text: string): void;
  receive(withinMs?: number): Promise<string | Uint8Array>;
  receivesNothing(ms?: number): Promise<void>;
  close(code?: number, reason?: string): void;
  closedWith(withinMs?: number): Promise<{ code: number; reason: string; wasClean: boolean }>;
  cut(): void;
  readonly messages: Array<string | Uint8Array>;
}

/** What each test gets. */
interface ChatTest {
  readonly chat: string;
  client(name: string, path: string): Promise<Client>;
  sleep(ms: number): Promise<void>;
  assert(condition: unknown, message?: string): void;
  assertEqual(actual: unknown, expected: unknown, what?: string): void;
}

/** Opens `name`'s client in `room` of this test's server. */
function join(t: ChatTest, name: string, room = 'general'): Promise<Client> {
  return t.client(name, `${t.chat}/${room}?name=${name}`);
}

export async function testMessageReachesTheRoom(t: ChatTest) {
  const alice = await join(t, 'alice');
  const bob = await join(t, 'bob');
  alice.send('hi');
  t.assertEqual(await bob.receive(), 'alice: hi');
}

// Your tests: a message reaches its sender once, and no one in another room; a long
// message closes with 1008; a member who left is gone from "/who"; and the room still
// hears about it when two members drop at the same moment.
