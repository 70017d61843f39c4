// W3C Trace Context through OpenTelemetry: every /graphql request gets a server span, continuing
// an incoming `traceparent` (a malformed one starts a new trace, as the W3C propagator decides).
// Its trace id goes into the protocol log and the `traceresponse` header; its child spans
// (token verification, plan and authorisation, each upstream call, the protocol commit) are
// made here. Whether spans are exported is the tracer's business (src/pipeline/observe/tracing.ts):
// ids and propagation work the same with export off. Span attributes never carry personal data.
import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AlwaysOffSampler, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';

const propagator = new W3CTraceContextPropagator();

/**
 * The tracer when nothing is exported: real trace and span ids (the protocol log needs them), the
 * caller's sampling decision passed on, nothing kept — it has no span processor.
 */
export const idsOnlyTracer: Tracer = new TracerProvider({ sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }).getTracer('facade');

/** Reads headers of a node request, the propagator's getter. */
const headerGetter = {
  keys: (carrier: IncomingMessage['headers']) => Object.keys(carrier),
  get: (carrier: IncomingMessage['headers'], key: string) => carrier[key],
};

export interface RequestTrace {
  traceId: string;
  /** The facade's server span of this request. */
  spanId: string;
  sampled: boolean;
  /** The OpenTelemetry context holding the server span: the parent of every child span. */
  context: Context;
  span: Span;
  tracer: Tracer;
}

/** The request's server span, continuing the caller's trace when its `traceparent` is valid. */
export function startRequestTrace(tracer: Tracer, headers: IncomingMessage['headers'], name: string, attributes: Attributes = {}): RequestTrace {
  const parent = propagator.extract(ROOT_CONTEXT, headers, headerGetter);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { traceId, spanId, sampled: (traceFlags & 1) === 1, context: trace.setSpan(parent, span), span, tracer };
}

/**
 * The `traceparent` of a context, for an outgoing request. Never a `tracestate`: it is the caller's
 * to fill, and what a caller puts there must not travel on to the upstreams.
 */
export function propagationHeaders(context: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(context, headers, { set: (carrier, key, value) => void (key === 'traceparent' && (carrier[key] = value)) });
  return headers;
}

/** Trace Context level 2 response header: the trace and the facade's span. */
export function traceresponse(t: RequestTrace): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? '01' : '00'}`;
}

/**
 * Runs `work` in a child span of `parent`; the span ends with it, marked an error when it throws
 * (with the error's name only: messages may quote input). `work` gets the span's context, for
 * its own children and for propagation.
 */
export async function inSpan<T>(
  parent: Pick<RequestTrace, 'tracer' | 'context'> = { tracer: idsOnlyTracer, context: ROOT_CONTEXT },
  name: string,
  attributes: Attributes,
  work: (context: Context, span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  const span = parent.tracer.startSpan(name, { kind, attributes }, parent.context);
  try {
    return await work(trace.setSpan(parent.context, span), span);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
    throw err;
  } finally {
    span.end();
  }
}

const traces = new WeakMap<IncomingMessage, RequestTrace>();

/** Starts the request's trace once (phase 1); later phases find it with traceOf. */
export function beginTrace(req: IncomingMessage, tracer: Tracer): RequestTrace {
  let t = traces.get(req);
  if (!t) {
    t = startRequestTrace(tracer, req.headers, `${req.method ?? 'GET'} /graphql`, { 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql' });
    traces.set(req, t);
  }
  return t;
}

/** The request's trace, begun by phase 1; a request that bypassed it gets one that exports nothing. */
export function traceOf(req: IncomingMessage): RequestTrace {
  return traces.get(req) ?? beginTrace(req, idsOnlyTracer);
}
