// Prometheus metrics (prom-client), served on a listener of their own (METRICS_PORT), never on the
// public one. Requests, denials and subjects are counted from the protocol records every request
// leaves — the one place that already knows each request's outcome, code, purpose and subjects — so
// metrics and protocol cannot disagree; counts only, never an identifier of a person. Upstream calls
// and protocol transactions are observed where they happen; the plan cache and the protocol log's
// queue are read at each scrape; Node's default metrics add event-loop lag, heap and GC.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamObserver } from '../../base/upstream/observed-call.ts';
import type { PlanCacheStats } from '../../engine/plan/plan-cache.ts';
import type { ProtocolLogStats, TransactionObserver } from '../../engine/protocol/protocol-log.ts';
import type { ProtocolWriter } from '../7-protocol/protocol-plugin.ts';

export interface FacadeMetrics {
  registry: Registry;
  /** The writer, counting every record that passes and every write that fails. */
  counting(writer: ProtocolWriter): ProtocolWriter;
  /** Reports the protocol log's counters at each scrape. */
  watchProtocol(stats: () => ProtocolLogStats): void;
  /** Reports the plan cache's hits and misses at each scrape. */
  watchPlanCache(stats: () => PlanCacheStats): void;
  /** For the upstream clients: each call's upstream, outcome and duration. */
  upstreamCall: UpstreamObserver;
  /** For the protocol log: each append transaction's size, duration and result. */
  protocolTransaction: TransactionObserver;
}

/** Codes of the quota phase's refusals (src/pipeline/5-authorise/quota-plugin.ts). */
const QUOTA_CODES = new Set(['RATE_LIMITED', 'QUOTA_UNAVAILABLE']);

export function createMetrics(): FacadeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'facade_requests_total', help: 'Requests by outcome and code (the denial reason or error code; OK when served)', labelNames: ['outcome', 'code'], registers: [registry] });
  const pruned = new Counter({ name: 'facade_fields_pruned_total', help: 'Field positions denied and removed before execution', registers: [registry] });
  const subjects = new Counter({ name: 'facade_subjects_total', help: 'Data subjects disclosed or withheld, by purpose and subject type (counts only)', labelNames: ['purpose', 'subject_type', 'status'], registers: [registry] });
  const failures = new Counter({ name: 'facade_protocol_write_failures_total', help: 'Requests whose protocol record could not be written (nothing was disclosed)', registers: [registry] });
  const denials = new Counter({ name: 'facade_denials_total', help: 'Requests refused without disclosure, by reason', labelNames: ['reason'], registers: [registry] });
  const quotaRejections = new Counter({ name: 'facade_quota_rejections_total', help: 'Requests refused by a quota (RATE_LIMITED) or because quotas could not be counted (QUOTA_UNAVAILABLE)', labelNames: ['code'], registers: [registry] });
  const upstreamCalls = new Counter({ name: 'facade_upstream_calls_total', help: 'Calls to an upstream, by upstream and outcome (ok or the failure kind)', labelNames: ['upstream', 'outcome'], registers: [registry] });
  const upstreamSeconds = new Histogram({ name: 'facade_upstream_call_seconds', help: 'Upstream call duration, by upstream and outcome', labelNames: ['upstream', 'outcome'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const batchRequests = new Histogram({ name: 'facade_protocol_batch_requests', help: 'Requests committed together in one protocol transaction', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [registry] });
  const commitSeconds = new Histogram({ name: 'facade_protocol_commit_seconds', help: 'Protocol append transaction duration, by result', labelNames: ['result'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers: [registry] });
  let planCache: (() => PlanCacheStats) | undefined;
  const fromPlanCache = (name: string, help: string, pick: (s: PlanCacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (planCache) this.set(pick(planCache()));
      },
    });
  fromPlanCache('facade_plan_cache_hits', 'Operations whose plan was found in the plan cache, since start', (s) => s.hits);
  fromPlanCache('facade_plan_cache_misses', 'Operations whose plan was compiled, since start', (s) => s.misses);
  fromPlanCache('facade_plan_cache_size', 'Plans held in the plan cache now', (s) => s.size);
  let stats: (() => ProtocolLogStats) | undefined;
  const fromStats = (name: string, help: string, pick: (s: ProtocolLogStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (stats) this.set(pick(stats()));
      },
    });
  fromStats('facade_protocol_transactions', 'Protocol append transactions since start', (s) => s.transactions);
  fromStats('facade_protocol_failed_transactions', 'Protocol append transactions that failed since start', (s) => s.failedTransactions);
  fromStats('facade_protocol_largest_batch', 'Most requests committed in one protocol transaction', (s) => s.largestBatch);
  fromStats('facade_protocol_queued', 'Requests waiting for their protocol record now', (s) => s.queued);
  fromStats('facade_protocol_anchor_failures', 'Witness writes of signed chain heads that failed', (s) => s.anchorFailures);

  return {
    registry,
    counting(writer) {
      return {
        async record(access, processing) {
          try {
            await writer.record(access, processing);
          } catch (error) {
            failures.inc();
            throw error;
          }
          const code = access.reason ?? access.errorCode ?? 'OK';
          requests.inc({ outcome: access.outcome, code });
          if (access.outcome === 'denied' && access.reason) denials.inc({ reason: access.reason });
          if (QUOTA_CODES.has(code)) quotaRejections.inc({ code });
          if (access.fieldsPruned.length) pruned.inc(access.fieldsPruned.length);
          for (const p of processing) subjects.inc({ purpose: access.purpose ?? 'none', subject_type: p.subjectType, status: p.status });
        },
      };
    },
    watchProtocol(read) {
      stats = read;
    },
    watchPlanCache(read) {
      planCache = read;
    },
    upstreamCall({ upstream, outcome, seconds }) {
      upstreamCalls.inc({ upstream, outcome });
      upstreamSeconds.observe({ upstream, outcome }, seconds);
    },
    protocolTransaction({ requests: size, seconds, ok }) {
      if (ok) batchRequests.observe(size);
      commitSeconds.observe({ result: ok ? 'committed' : 'failed' }, seconds);
    },
  };
}

/** GET /metrics on its own listener; everything else 404. */
export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
