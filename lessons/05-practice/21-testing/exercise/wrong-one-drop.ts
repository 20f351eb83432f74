/**
 * A common mistake: testing a dropped client one at a time. In the lab, as on a server that
 * notices a dropped connection at once, the member is removed before the next broadcast, so
 * that broadcast never meets a dead connection — and a broadcast that stops at one passes.
 * Fails: "your tests catch a broadcast that stops at a dead client"
 */

/** A named client. */
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

/** A message reaches everyone in its room once — the sender too — and no one elsewhere. */
export async function testMessageReachesTheRoomOnce(t: ChatTest) {
  const alice = await join(t, 'alice');
  const bob = await join(t, 'bob');
  const carol = await join(t, 'carol', 'random');
  alice.send('hi');
  t.assertEqual(await alice.receive(), 'alice: hi');
  t.assertEqual(await bob.receive(), 'alice: hi');
  // Nothing more may come: a second copy, or the message in another room.
  await Promise.all([alice.receivesNothing(1000), bob.receivesNothing(1000), carol.receivesNothing(1000)]);
}

/** 200 characters are allowed; 201 close the connection with 1008, and the room hears she left. */
export async function testLongMessageClosesWith1008(t: ChatTest) {
  const alice = await join(t, 'alice');
  const bob = await join(t, 'bob');
  alice.send('x'.repeat(200));
  t.assertEqual(await bob.receive(), `alice: ${'x'.repeat(200)}`);
  alice.send('x'.repeat(201));
  const closed = await alice.closedWith();
  t.assertEqual(closed.code, 1008, 'close code');
  t.assertEqual(await bob.receive(), '* alice left');
}

/** A member who closes is announced and gone from the room. */
export async function testMemberWhoLeftIsGone(t: ChatTest) {
  const alice = await join(t, 'alice');
  const bob = await join(t, 'bob');
  bob.close(1000);
  await bob.closedWith();
  t.assertEqual(await alice.receive(), '* bob left');
  alice.send('/who');
  t.assertEqual(await alice.receive(), 'here: alice');
}

/**
 * Two members drop at the same moment, as two phones on one Wi-Fi network do. The
 * announcement that the first one left is sent while the second one's connection is
 * already dead but not yet cleaned up: a broadcast that stops there loses the others.
 */
export async function testTwoDropsAtOnce(t: ChatTest) {
  const alice = await join(t, 'alice');
  const bob = await join(t, 'bob');
  const carol = await join(t, 'carol');
  const dave = await join(t, 'dave');
  bob.cut();
  t.assertEqual(await dave.receive(), '* bob left');
  carol.cut();
  t.assertEqual(await dave.receive(), '* carol left');
  alice.send('still here?');
  t.assertEqual(await dave.receive(), 'alice: still here?');
}
