// The protocol store recovers by itself from a stalled connection (open, passing no data, while
// new connections work — what gave 60 s of 503s on main): the facade answers PROTOCOL_UNAVAILABLE
// and delivers nothing while records cannot be written, /health/ready says the store is down, and
// the first answer after the stall that is recorded again comes once the stuck connection is given
// up. Through a TCP proxy of the test's own in front of the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/base/storage/open-store.ts';
import type { Store } from '../src/base/storage/store.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { hostPort, openPostgresTestStore, postgresSuiteTitle, startTcpProxy, TEST_DATABASE_URL, type TcpProxy, type TestStore } from './support/store.ts';

const Q = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';

describe.runIf(TEST_DATABASE_URL)(postgresSuiteTitle('a stalled protocol-store connection'), () => {
  let db: TestStore;
  let proxy: TcpProxy;
  let store: Store;
  let protocol: ProtocolLog;
  let h: Harness;

  beforeAll(async () => {
    db = await openPostgresTestStore();
    proxy = await startTcpProxy(hostPort(db.databaseUrl!));
    store = await openStore({ databaseUrl: proxy.url(db.databaseUrl!), applicationName: `${db.applicationName}-proxy` });
    protocol = await createProtocolLog(store, { instanceId: 'stall-test' });
    h = await startHarness({ protocol, protocolReady: () => protocol.ready() });
  });

  afterAll(async () => {
    await h?.close();
    await protocol?.close();
    await store?.close();
    await proxy?.close();
    await db?.close();
  });

  const recorded = async (traceId: string) =>
    (await db.store.query<{ outcome: string }>('SELECT outcome FROM protocol_access WHERE trace_id = $1', [traceId])).rows;

  it("an error of the caller's code or of the server inside a transaction keeps the pool and its connection", async () => {
    const pid = () => store.transaction(async (tx) => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const before = await pid();
    const domain = Object.assign(new Error('no such activation'), { code: 'NOT_FOUND' });
    await expect(store.transaction(async (tx) => {
      await tx.query('SELECT 1');
      throw domain;
    })).rejects.toBe(domain);
    await expect(store.transaction((tx) => tx.query('SELECT 1/0'))).rejects.toMatchObject({ code: '22012' });
    expect(await pid()).toBe(before);
  });

  it('refuses to disclose while records cannot be written, reports the store down, and recovers by itself', async () => {
    // Warm: answers recorded, the pool holds open connections through the proxy.
    await Promise.all(Array.from({ length: 5 }, () => h.query(Q)));
    const warm = await h.query(Q);
    expect(warm.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });

    // Several open connections in the pool (concurrent transactions each take one), so that writes
    // and probes alike meet stalled ones, whichever comes first.
    await Promise.all(Array.from({ length: 6 }, () => store.transaction((tx) => tx.query('SELECT pg_sleep(0.05)'))));
    const stalled = proxy.stallOpenConnections();
    expect(stalled).toBeGreaterThan(3);
    const since = performance.now();

    const answers: Array<{ status: number; code?: unknown }> = [];
    let readinessSeenDown = false;
    let first: Awaited<ReturnType<Harness['query']>> | undefined;
    const readiness = () => fetch(`${h.facade.url}/health/ready`).then((r) => r.json() as Promise<{ checks: Record<string, string> }>);
    // What a probe sees while an answer waits for its record: polled as Kubernetes would, every 100 ms.
    const probeWhile = async (pending: Promise<unknown>) => {
      let done = false;
      void pending.finally(() => (done = true));
      while (!done) {
        if ((await readiness()).checks.protocolStore === 'down') readinessSeenDown = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    while (!first) {
      const pending = h.query(Q);
      await probeWhile(pending);
      const res = await pending;
      if (res.status === 200 && res.body.data?.persoon) first = res;
      else {
        // Nothing of the person is delivered while the record cannot be written.
        expect(res.body.data?.persoon ?? null).toBeNull();
        answers.push({ status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      }
      expect(answers.length).toBeLessThan(200);
    }
    const recoveryMs = performance.now() - since;
    console.info(`store-stall: ${stalled} connections stalled; first recorded answer after ${Math.round(recoveryMs)} ms; ${answers.length} answers refused before it`);

    for (const a of answers) expect(a).toEqual({ status: 503, code: 'PROTOCOL_UNAVAILABLE' });
    expect(readinessSeenDown).toBe(true);
    expect(await recorded(first.headers.get('traceresponse')!.split('-')[1])).toEqual([{ outcome: 'ok' }]);
    // Once recovered, readiness is back.
    expect((await fetch(`${h.facade.url}/health/ready`)).status).toBe(200);
  }, 120_000);
});
