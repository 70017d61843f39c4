// OpenTelemetry export: with an OTLP endpoint configured, the official SDK exports every
// request's server span and its children (authenticate, plan and authorise, each upstream call,
// the protocol commit) over OTLP/HTTP, batched off the request path. Without one, the tracer only
// makes ids (src/base/http/trace.ts): propagation and the protocol's trace ids work the same.
// The provider is this application's own, not the process-global one: nothing else in the
// process (a test's second facade, a library) shares or replaces it.
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { idsOnlyTracer } from '../../base/http/trace.ts';

export interface Tracing {
  tracer: Tracer;
  exporting: boolean;
  /** Exports what is queued now. */
  flush(): Promise<void>;
  /** Exports what is still queued, then stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP traces URL, e.g. http://otel-collector:4318/v1/traces; unset: nothing exported. */
  url?: string;
  serviceName: string;
  instanceId: string;
  version?: string;
  /** How long spans wait to be exported together (the SDK's default 5 s; tests shorten it). */
  exportDelayMs?: number;
}

export function createTracing(options: TracingOptions): Tracing {
  if (!options.url) return { tracer: idsOnlyTracer, exporting: false, flush: async () => {}, shutdown: async () => {} };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.instance.id': options.instanceId,
      ...(options.version ? { 'service.version': options.version } : {}),
    }),
    // A caller's decision not to sample is kept; a request without one is sampled.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.url }), scheduledDelayMillis: options.exportDelayMs ?? 5000 })],
  });
  return { tracer: provider.getTracer('brp-eduv-facade'), exporting: true, flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
