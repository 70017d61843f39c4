// Prometheus metrics on a listener of their own: a scrape after a served, a denied and an
// unauthenticated request shows the series, counted from the protocol records; never a BSN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanCache } from '../src/engine/plan/plan-cache.ts';
import { Quotas } from '../src/engine/quota/quotas.ts';
import { createMetrics, startMetricsServer } from '../src/pipeline/observe/metrics.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { openPGliteTestStore, type TestStore } from './support/store.ts';

const BSN = '999993653';
const Q = `{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } nationaliteiten { type } } }`;

describe('/metrics', () => {
  const metrics = createMetrics();
  let h: Harness;
  let server: Awaited<ReturnType<typeof startMetricsServer>>;
  let store: TestStore;
  let protocol: ProtocolLog;
  beforeAll(async () => {
    // The real protocol log, so its transactions are observed as in production.
    store = await openPGliteTestStore();
    protocol = await createProtocolLog(store.store, { instanceId: 'metrics-test', onTransaction: metrics.protocolTransaction });
    metrics.watchProtocol(() => protocol.stats());
    const planCache = new PlanCache();
    metrics.watchPlanCache(() => planCache.stats());
    h = await startHarness({
      protocol: metrics.counting(protocol),
      upstreamObserver: metrics.upstreamCall,
      // Three operations per minute: the fourth request is refused by the quota.
      facade: { planCache, quota: { quotas: new Quotas(), defaults: { persons: { points: 1000, durationSeconds: 3600 }, operations: { points: 3, durationSeconds: 60 } } } },
    });
    server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
    await protocol?.close();
    await store?.close();
  });

  it('counts requests, denials, subjects, upstream calls, the plan cache and quota rejections, on its own port', async () => {
    const consulent = await h.token({ roles: ['wmo-consulent'] });
    expect((await h.query(Q, { token: consulent })).status).toBe(200);
    expect((await h.query(Q, { token: consulent })).status).toBe(200);
    expect((await h.query(Q, { token: consulent })).status).toBe(200);
    expect((await h.query(Q, { token: consulent })).status).toBe(429);
    expect((await h.query(Q, { token: await h.token({ roles: ['parkeren'], client_id: 'unregistered-app' }) })).status).toBe(403);
    expect((await h.query(Q, { token: null })).status).toBe(401);
    const text = await (await fetch(server.url)).text();
    expect(text).toMatch(/^facade_requests_total\{outcome="ok",code="OK"\} 3$/m);
    expect(text).toMatch(/^facade_requests_total\{outcome="error",code="RATE_LIMITED"\} 1$/m);
    expect(text).toMatch(/^facade_quota_rejections_total\{code="RATE_LIMITED"\} 1$/m);
    expect(text).toMatch(/^facade_denials_total\{reason="CLIENT_NOT_REGISTERED"\} 1$/m);
    // Three BRP calls, all answered; their durations in the histogram.
    expect(text).toMatch(/^facade_upstream_calls_total\{upstream="brp",outcome="ok"\} 3$/m);
    expect(text).toMatch(/^facade_upstream_call_seconds_count\{upstream="brp",outcome="ok"\} 3$/m);
    expect(text).toMatch(/^facade_upstream_call_seconds_bucket\{le="\+Inf",upstream="brp",outcome="ok"\} 3$/m);
    // The same operation three times: compiled once, then found (the refused fourth was planned too).
    expect(text).toMatch(/^facade_plan_cache_misses 1$/m);
    expect(text).toMatch(/^facade_plan_cache_hits [23]$/m);
    expect(text).toMatch(/^facade_requests_total\{outcome="denied",code="CLIENT_NOT_REGISTERED"\} 1$/m);
    expect(text).toMatch(/^facade_requests_total\{outcome="denied",code="UNAUTHENTICATED"\} 1$/m);
    expect(text).toMatch(/^facade_subjects_total\{purpose="wmo-aanvraag",subject_type="BSN",status="disclosed"\} 3$/m);
    expect(text).toMatch(/^facade_fields_pruned_total [1-9]/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toContain(BSN);
    // The protocol log: six requests recorded, each transaction observed with its size and duration.
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    const transactions = value('facade_protocol_transactions');
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(value('facade_protocol_failed_transactions')).toBe(0);
    expect(value('facade_protocol_batch_requests_count')).toBe(transactions);
    expect(value('facade_protocol_batch_requests_sum')).toBe(6);
    expect(value('facade_protocol_commit_seconds_count{result="committed"}')).toBe(transactions);
    expect(value('facade_protocol_commit_seconds_sum{result="committed"}')).toBeGreaterThan(0);
    expect(protocol.stats().accessRecords).toBe(6);
    // Not on the public listener.
    expect((await fetch(`${h.facade.url}/metrics`)).status).toBe(404);
  });
});
