// Prometheus metrics (prom-client), served on a listener of their own (METRICS_PORT), never on the
// public one. Counted from the protocol records every request leaves — the one place that already
// knows each request's outcome, code, purpose and subjects — so metrics and protocol cannot disagree;
// counts only, never an identifier of a person. Plus the protocol log's own counters and Node's
// default metrics (event-loop lag among them).
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProtocolLogStats } from '../../engine/protocol/protocol-log.ts';
import type { ProtocolWriter } from '../7-protocol/protocol-plugin.ts';

export interface FacadeMetrics {
  registry: Registry;
  /** The writer, counting every record that passes and every write that fails. */
  counting(writer: ProtocolWriter): ProtocolWriter;
  /** Reports the protocol log's counters at each scrape. */
  watchProtocol(stats: () => ProtocolLogStats): void;
}

export function createMetrics(): FacadeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'facade_requests_total', help: 'Requests by outcome and code (the denial reason or error code; OK when served)', labelNames: ['outcome', 'code'], registers: [registry] });
  const pruned = new Counter({ name: 'facade_fields_pruned_total', help: 'Field positions denied and removed before execution', registers: [registry] });
  const subjects = new Counter({ name: 'facade_subjects_total', help: 'Data subjects disclosed or withheld, by purpose and subject type (counts only)', labelNames: ['purpose', 'subject_type', 'status'], registers: [registry] });
  const failures = new Counter({ name: 'facade_protocol_write_failures_total', help: 'Requests whose protocol record could not be written (nothing was disclosed)', registers: [registry] });
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
          requests.inc({ outcome: access.outcome, code: access.reason ?? access.errorCode ?? 'OK' });
          if (access.fieldsPruned.length) pruned.inc(access.fieldsPruned.length);
          for (const p of processing) subjects.inc({ purpose: access.purpose ?? 'none', subject_type: p.subjectType, status: p.status });
        },
      };
    },
    watchProtocol(read) {
      stats = read;
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
