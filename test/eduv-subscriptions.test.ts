// Edu-V change notifications over WebSocket (graphql-ws): an upstream change reaches a permitted
// subscriber with exactly its scope groups' fields and a processing record; a change outside the
// activated subset reaches nobody; a deactivation ends the subscription with its reason; an expired
// token ends the connection; the upgrade checks its Origin; the pipeline's refusals hold here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { NARROWED_OFFERING, RECEIVER_A, receiverA, SENDER, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const SCHOOL = '110A133';
const STUDENTS_CHANGED = `subscription Changes($a: String!) {
  studentsChanged(onderwijsaanbieder: $a) { onderwijsaanbieder changedAt students { userMasterIdentifier givenName subjectOfferingIds dateOfBirth } }
}`;

type Event = ExecutionResult<{ studentsChanged: { onderwijsaanbieder: string; changedAt: string; students: Array<Record<string, unknown>> } | null }>;

let h: EduvHarness;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await h?.close();
});

function wsUrl(): string {
  return `${h.facade.url.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client that does not retry, so that a refusal shows as the close it is. */
function connect(token: string, extra: { onClosed?: (code: number, reason: string) => void } = {}): Client {
  const client = createClient({
    url: wsUrl(),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (e) => extra.onClosed?.((e as { code: number }).code, (e as { reason: string }).reason) },
  });
  clients.push(client);
  return client;
}

/** Subscribes; events and the end (complete or error) arrive as promises, in order. */
function subscribe(client: Client, query: string, variables: Record<string, unknown>) {
  const events: Event[] = [];
  const waiting: Array<(e: Event) => void> = [];
  let ended: (value: { error?: unknown }) => void = () => undefined;
  const end = new Promise<{ error?: unknown }>((resolve) => (ended = resolve));
  const started = new Promise<void>((resolve) => {
    // Ended by the client's dispose (the connection's) in afterAll, or by the server.
    client.subscribe<Event['data']>(
      { query, variables },
      {
        next: (e) => {
          const w = waiting.shift();
          if (w) w(e as Event);
          else events.push(e as Event);
        },
        error: (error) => ended({ error }),
        complete: () => ended({}),
      },
    );
    // The subscription is in place once the server has planned it: the hub counts its listener.
    let over = false;
    void end.then(() => (over = true));
    const before = h.changes.subscribers;
    const check = () => {
      if (h.changes.subscribers > before) resolve();
      else if (!over) setTimeout(check, 5);
    };
    check();
  });
  return {
    started,
    end,
    next: () => (events.length ? Promise.resolve(events.shift()!) : new Promise<Event>((resolve) => waiting.push(resolve))),
    get pending() {
      return events.length;
    },
  };
}

const studentsOf = (offering: string) => h.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(offering));
const outsideSubset = () => h.eduvMock.data.students.find((r) => r.aanbiederId === SCHOOL && !r.student.subjectOfferingIds.includes(NARROWED_OFFERING))!;

/** A change at the source, and the leader's poll that publishes it. */
async function change(ids: string[]): Promise<void> {
  h.eduvMock.changes.record('student', SCHOOL, ids);
  await h.changes.poll();
}

describe('studentsChanged', () => {
  it('starts the feed at "now" and delivers a change of the activated subset with the caller\'s scope groups only, recorded first', async () => {
    await h.changes.poll(); // the feed's head: the cursor from now on
    const sub = subscribe(connect(await h.token(receiverA)), STUDENTS_CHANGED, { a: SCHOOL });
    await sub.started;
    const [inside] = studentsOf(NARROWED_OFFERING);
    const eck = inside.student.userMasterIdentifier;
    await change([eck]);
    const event = await sub.next();

    expect(event.data?.studentsChanged).toMatchObject({ onderwijsaanbieder: SCHOOL, students: [{ userMasterIdentifier: eck, givenName: inside.student.givenName, subjectOfferingIds: [NARROWED_OFFERING], dateOfBirth: null }] });
    // dateOfBirth is eduv.student.demographics, which the receiver's token does not carry.
    expect(event.errors?.map((e) => (e.extensions as Record<string, unknown>)?.reason)).toEqual(['SCOPE_MISSING']);
    // The record was committed before the event left: it is there when the event arrives.
    const records = await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: eck });
    expect(records.at(-1)).toMatchObject({ status: 'disclosed', processingActivity: 'EDUV-Onderwijsdeelnemers', fields: ['eduv.student.basic'], who: { clientId: 'lvs-uitgever' }, operationName: 'Changes' });
  });

  it('tells a subscriber nothing of a change outside its activated subset', async () => {
    const sub = subscribe(connect(await h.token(receiverA)), STUDENTS_CHANGED, { a: SCHOOL });
    await sub.started;
    const before = (await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: outsideSubset().student.userMasterIdentifier })).length;
    await change([outsideSubset().student.userMasterIdentifier]);
    // The next change inside the subset is the next event: the one before it delivered nothing.
    const inside = studentsOf(NARROWED_OFFERING)[1].student.userMasterIdentifier;
    await change([inside]);
    const event = await sub.next();
    expect(event.data?.studentsChanged?.students.map((s) => s.userMasterIdentifier)).toEqual([inside]);
    expect(sub.pending).toBe(0);
    expect((await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: outsideSubset().student.userMasterIdentifier })).length).toBe(before);
  });

  it('refuses a subscription whose layers fail before it starts, and records the refusal', async () => {
    const sub = subscribe(connect(await h.token({ ...receiverA, sub: 'oefen-zonder-vo', client_id: 'oefen-zonder-vo', scope: 'eduv.student.basic' })), STUDENTS_CHANGED, { a: SCHOOL });
    const { error } = await sub.end;
    expect((error as Array<{ extensions?: Record<string, unknown> }>)[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PROCESSING_AGREEMENT_REQUIRED' });
    const { rows } = await h.store.query<{ outcome: string; reason: string; client_id: string }>('SELECT outcome, reason, client_id FROM protocol_access ORDER BY occurred_at DESC, seq DESC LIMIT 1');
    expect(rows[0]).toEqual({ outcome: 'denied', reason: 'PROCESSING_AGREEMENT_REQUIRED', client_id: 'oefen-zonder-vo' });
  });

  it('ends the subscription with its reason when the activation is deactivated, and delivers nothing more', async () => {
    const sub = subscribe(connect(await h.token(receiverA)), STUDENTS_CHANGED, { a: SCHOOL });
    await sub.started;
    const [activation] = await h.registry.activations({ onderwijsaanbieder: SCHOOL, gegevensdienst: 'students', receiverOin: RECEIVER_A, senderOin: SENDER });
    await h.registry.deactivate(activation.id, { subject: 'beheerder-110A133' });
    try {
      await change([studentsOf(NARROWED_OFFERING)[2].student.userMasterIdentifier]);
      const event = await sub.next();
      expect(event.data).toBeNull();
      expect(event.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACTIVATION_REQUIRED' });
      expect(await sub.end).toEqual({});
    } finally {
      await h.registry.activate({ gegevensdienst: 'students', onderwijsaanbieder: SCHOOL, senderOin: SENDER, receiverOin: RECEIVER_A }, { subjectOfferingIds: [NARROWED_OFFERING], actor: { subject: 'beheerder-110A133' } });
    }
  });
});

describe('subscriptions that end', () => {
  it('stop at once when the client completes them: no listener, no upstream call, no record is left behind', async () => {
    const client = connect(await h.token(receiverA));
    const baseline = h.changes.subscribers;
    // More than the cap of 10 per connection, one after the other: each ended frees its place.
    for (let i = 0; i < 12; i++) {
      const done = new Promise<void>((resolve) => {
        const dispose = client.subscribe({ query: STUDENTS_CHANGED, variables: { a: SCHOOL } }, { next: () => undefined, error: () => resolve(), complete: () => resolve() });
        const check = () => (h.changes.subscribers > baseline ? (dispose(), resolve()) : setTimeout(check, 5));
        check();
      });
      await done;
    }
    const gone = () => new Promise<void>((resolve) => {
      const check = () => (h.changes.subscribers === baseline ? resolve() : setTimeout(check, 5));
      check();
    });
    await gone();
    const eck = studentsOf(NARROWED_OFFERING)[4].student.userMasterIdentifier;
    h.eduvMock.clearRequests();
    await change([eck]);
    expect(h.eduvMock.requests.filter((r) => r.path.endsWith('/students/school'))).toHaveLength(0);
    expect(await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: eck })).toEqual([]);
  });

  it('answer each event from the source as it is then: nothing is reused from the last event', async () => {
    const token = await h.token({ ...receiverA, scope: `${receiverA.scope} eduv.association` });
    const sub = subscribe(connect(token), `subscription { studentsChanged(onderwijsaanbieder: "${SCHOOL}") { students { userMasterIdentifier groups { id } } } }`, {});
    await sub.started;
    const eck = studentsOf(NARROWED_OFFERING)[5].student.userMasterIdentifier;
    for (let i = 0; i < 2; i++) {
      h.eduvMock.clearRequests();
      await change([eck]);
      const event = await sub.next();
      expect(event.errors).toBeUndefined();
      expect(h.eduvMock.requests.filter((r) => r.path.endsWith('/enrolments'))).toHaveLength(1);
    }
  });
});

describe('the connection', () => {
  it('names no schema types in a validation error (no "Did you mean")', async () => {
    const sub = subscribe(connect(await h.token(receiverA)), `subscription { studentsChanged(onderwijsaanbieder: "${SCHOOL}") { students { ... on Persoo { x } } } }`, {});
    const { error } = await sub.end;
    const messages = (error as Array<{ message: string }>).map((e) => e.message).join(' ');
    expect(messages).toMatch(/Unknown type "Persoo"/);
    expect(messages).not.toMatch(/Did you mean|Persoon/);
  });

  it('ends when its token expires', async () => {
    const token = await h.token({ ...receiverA, exp: Math.floor(Date.now() / 1000) + 2 });
    const code = await new Promise<number>((resolve) => {
      const client = connect(token, { onClosed: (c) => resolve(c) });
      subscribe(client, STUDENTS_CHANGED, { a: SCHOOL });
    });
    expect(code).toBe(4401);
  });

  it('refuses a connection without a valid token', async () => {
    const code = await new Promise<number>((resolve) => {
      const client = connect('not-a-token', { onClosed: (c) => resolve(c) });
      subscribe(client, STUDENTS_CHANGED, { a: SCHOOL });
    });
    expect(code).toBe(4403);
  });

  it('refuses the upgrade from a browser origin that is not configured', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl(), 'graphql-transport-ws', { headers: { origin: 'https://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('serves only subscriptions over WebSocket, and none over HTTP', async () => {
    const sub = subscribe(connect(await h.token(receiverA)), `{ students(onderwijsaanbieder: "${SCHOOL}") { items { givenName } } }`, {});
    const { error } = await sub.end;
    expect((error as Array<{ message: string }>)[0].message).toMatch(/Only subscriptions are served over WebSocket/);
    const overHttp = await h.query(STUDENTS_CHANGED, { token: await h.token(receiverA), variables: { a: SCHOOL } });
    expect(overHttp.body.errors?.[0].message).toMatch(/served over WebSocket/);
  });
});
