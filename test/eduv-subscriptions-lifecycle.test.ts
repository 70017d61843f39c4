// What a subscription shares with a query beyond its events: no event without its record (the log
// down: the event is withheld and the subscription ends), the operations quota, and graceful shutdown
// (open WebSockets end with 1001; no new ones while draining).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Quotas } from '../src/engine/quota/quotas.ts';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { NARROWED_OFFERING, receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const SCHOOL = '110A133';
const QUERY = 'subscription { studentsChanged(onderwijsaanbieder: "110A133") { students { userMasterIdentifier } } }';

let h: EduvHarness;
const clients: Client[] = [];

beforeAll(async () => {
  // One subscription a minute per client: the second is over the operations quota.
  h = await startEduvHarness({ quota: { quotas: new Quotas(), defaults: { operations: { points: 2, durationSeconds: 60 } } } });
  await h.changes.poll();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await h?.close();
});

function open(token: string, onClosed?: (code: number) => void) {
  const client = createClient({ url: `${h.facade.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, on: { closed: (e) => onClosed?.((e as { code: number }).code) } });
  clients.push(client);
  const results: unknown[] = [];
  let waiting: ((r: unknown) => void) | undefined;
  const end = new Promise<{ error?: unknown }>((resolve) => {
    client.subscribe({ query: QUERY }, { next: (r) => (waiting ? waiting(r) : results.push(r)), error: (error) => resolve({ error }), complete: () => resolve({}) });
  });
  const before = h.changes.subscribers;
  let over = false;
  void end.then(() => (over = true));
  const started = new Promise<void>((resolve) => {
    const check = () => (h.changes.subscribers > before ? resolve() : over ? undefined : setTimeout(check, 5));
    check();
  });
  return { started, end, next: () => (results.length ? Promise.resolve(results.shift()) : new Promise((resolve) => (waiting = resolve))) };
}

const students = () => h.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(NARROWED_OFFERING)).map((r) => r.student.userMasterIdentifier);

describe('a subscription', () => {
  it('withholds an event whose record cannot be written, and ends', async () => {
    const sub = open(await h.token(receiverA));
    await sub.started;
    const [eck] = students();
    await h.log.close(); // the protocol log is gone: nothing may be disclosed
    h.eduvMock.changes.record('student', SCHOOL, [eck]);
    await h.changes.poll();
    const event = (await sub.next()) as { data: unknown; errors: Array<{ extensions: Record<string, unknown> }> };
    expect(event.data).toBeNull();
    expect(event.errors[0].extensions).toMatchObject({ code: 'PROTOCOL_UNAVAILABLE' });
    expect(await sub.end).toEqual({});
    expect(await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: eck })).toEqual([]);
  });

  it('counts against the operations quota (two a minute here)', async () => {
    // The first subscription of this client was the one above.
    const second = open(await h.token(receiverA));
    await second.started;
    const third = open(await h.token(receiverA));
    const { error } = await third.end;
    expect((error as Array<{ extensions?: Record<string, unknown> }>)[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('ends with 1001 when the facade shuts down, and no new connection is taken', async () => {
    const valid = await h.token(receiverA);
    const code = await new Promise<number>((resolve) => {
      const c = createClient({ url: `${h.facade.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${valid}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined, on: { closed: (e) => resolve((e as { code: number }).code), connected: () => void h.facade.subscriptions.close() } });
      clients.push(c);
    });
    expect(code).toBe(1001);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${h.facade.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(503);
  });
});
