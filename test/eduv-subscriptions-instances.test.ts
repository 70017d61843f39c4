// Two facade instances on one PostgreSQL, a subscriber on each: the leader (an advisory lock) polls the
// Edu-V change feed once and publishes through LISTEN/NOTIFY; every subscriber gets each event once.
// When the leader goes, the other takes over from the saved cursor and nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { postgresBroadcast, type Broadcast } from '../src/base/storage/broadcast.ts';
import { NARROWED_OFFERING, receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';
import { backends, postgresSuiteTitle, TEST_DATABASE_URL, type TestStore } from './support/store.ts';

const SCHOOL = '110A133';
const QUERY = 'subscription { studentsChanged(onderwijsaanbieder: "110A133") { students { userMasterIdentifier } } }';
type Event = ExecutionResult<{ studentsChanged: { students: Array<{ userMasterIdentifier: string }> } }>;

/** Events of one subscription as a queue of promises. */
function subscriber(h: EduvHarness, token: string) {
  const client: Client = createClient({ url: `${h.facade.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const events: Event[] = [];
  const waiting: Array<(e: Event) => void> = [];
  const before = h.changes.subscribers;
  client.subscribe<Event['data']>({ query: QUERY }, { next: (e) => (waiting.length ? waiting.shift()!(e as Event) : events.push(e as Event)), error: () => undefined, complete: () => undefined });
  const started = new Promise<void>((resolve) => {
    const check = () => (h.changes.subscribers > before ? resolve() : setTimeout(check, 5));
    check();
  });
  return {
    client,
    started,
    next: () => (events.length ? Promise.resolve(events.shift()!) : new Promise<Event>((resolve) => waiting.push(resolve))),
    get pending() {
      return events.length;
    },
  };
}

describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('Edu-V subscriptions across two instances'), () => {
  let ts: TestStore;
  const harnesses: EduvHarness[] = [];
  const broadcasts: Broadcast[] = [];
  const clients: Client[] = [];
  const channel = `test_changes_${process.pid}_${randomInt(1e6)}`;
  const lockKey = randomInt(2 ** 31);

  beforeAll(async () => {
    ts = await backends.postgres.open();
    const open = async () => {
      const b = await postgresBroadcast({ databaseUrl: ts.databaseUrl!, channel, lockKey });
      broadcasts.push(b);
      return b;
    };
    const first = await startEduvHarness({ store: async () => ({ ...ts, close: async () => undefined }), broadcast: await open() });
    const second = await startEduvHarness({
      store: async () => ({ ...ts, store: await ts.openAnother(), close: async () => undefined }),
      broadcast: await open(),
      skipSeed: true,
      eduvMock: first.eduvMock,
      participantKey: first.participantKey,
    });
    harnesses.push(first, second);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const h of [...harnesses].reverse()) await h.close();
    await Promise.all(broadcasts.map((b) => b.close()));
    await ts?.close();
  });

  it('delivers each event once to every subscriber, polled by one instance', async () => {
    const [a, b] = harnesses;
    await Promise.all([a.changes.poll(), b.changes.poll()]); // the feed's head
    const subs = [subscriber(a, await a.token(receiverA)), subscriber(b, await b.token(receiverA))];
    clients.push(...subs.map((s) => s.client));
    await Promise.all(subs.map((s) => s.started));
    const students = a.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(NARROWED_OFFERING)).map((r) => r.student.userMasterIdentifier);

    for (const eck of students.slice(0, 2)) {
      a.eduvMock.changes.record('student', SCHOOL, [eck]);
      // Both instances poll; one leads and publishes, through PostgreSQL, to both.
      await Promise.all([a.changes.poll(), b.changes.poll()]);
      for (const s of subs) expect((await s.next()).data?.studentsChanged.students.map((x) => x.userMasterIdentifier)).toEqual([eck]);
    }
    expect(subs.map((s) => s.pending)).toEqual([0, 0]);
    expect([a.changes.polls > 0, b.changes.polls > 0].filter(Boolean)).toHaveLength(1);
  });

  it('goes on from the saved cursor when the leader goes', async () => {
    const [a] = harnesses;
    const leader = a.changes.polls > 0 ? 0 : 1;
    const follower = harnesses[1 - leader];
    const sub = subscriber(follower, await follower.token(receiverA));
    clients.push(sub.client);
    await sub.started;
    // The leader's session ends: its lock is free. A change made meanwhile is still in the feed.
    await broadcasts[leader].close();
    const eck = a.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(NARROWED_OFFERING))[3].student.userMasterIdentifier;
    a.eduvMock.changes.record('student', SCHOOL, [eck]);
    expect(await follower.changes.poll()).toBe(1);
    expect((await sub.next()).data?.studentsChanged.students.map((x) => x.userMasterIdentifier)).toEqual([eck]);
  });
});
