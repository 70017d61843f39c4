// Prometheus metrics on a listener of their own: a scrape after a served, a denied and an
// unauthenticated request shows the series, counted from the protocol records; never a BSN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, startMetricsServer } from '../src/pipeline/observe/metrics.ts';
import { RecordingProtocol, startHarness, type Harness } from './support/harness.ts';

const BSN = '999993653';
const Q = `{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } nationaliteiten { type } } }`;

describe('/metrics', () => {
  const metrics = createMetrics();
  let h: Harness;
  let server: Awaited<ReturnType<typeof startMetricsServer>>;
  beforeAll(async () => {
    h = await startHarness({ protocol: metrics.counting(new RecordingProtocol()) });
    server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('counts requests by outcome and code, pruned fields and subjects by purpose, on its own port', async () => {
    expect((await h.query(Q, { token: await h.token({ roles: ['wmo-consulent'] }) })).status).toBe(200);
    expect((await h.query(Q, { token: await h.token({ roles: ['parkeren'], client_id: 'unregistered-app' }) })).status).toBe(403);
    expect((await h.query(Q, { token: null })).status).toBe(401);
    const text = await (await fetch(server.url)).text();
    expect(text).toMatch(/^facade_requests_total\{outcome="ok",code="OK"\} 1$/m);
    expect(text).toMatch(/^facade_requests_total\{outcome="denied",code="CLIENT_NOT_REGISTERED"\} 1$/m);
    expect(text).toMatch(/^facade_requests_total\{outcome="denied",code="UNAUTHENTICATED"\} 1$/m);
    expect(text).toMatch(/^facade_subjects_total\{purpose="wmo-aanvraag",subject_type="BSN",status="disclosed"\} 1$/m);
    expect(text).toMatch(/^facade_fields_pruned_total [1-9]/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toContain(BSN);
    // The protocol log's counters, read at each scrape.
    metrics.watchProtocol(() => ({ calls: 3, committed: 3, rejected: 0, transactions: 2, failedTransactions: 0, accessRecords: 3, processingRecords: 1, largestBatch: 2, queued: 0, anchoredHeads: 0, anchorFailures: 0 }));
    const again = await (await fetch(server.url)).text();
    expect(again).toMatch(/^facade_protocol_transactions 2$/m);
    expect(again).toMatch(/^facade_protocol_largest_batch 2$/m);
    // Not on the public listener.
    expect((await fetch(`${h.facade.url}/metrics`)).status).toBe(404);
  });
});
