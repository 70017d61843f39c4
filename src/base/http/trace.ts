// W3C Trace Context: an incoming `traceparent` is continued (a new trace is
// started without one, or with a malformed one); the facade's own span id is
// the parent of its upstream calls; the response carries `traceresponse`
// (Trace Context level 2) so a caller can find the request in the protocol log.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface TraceContext {
  traceId: string;
  /** The facade's span for this request. */
  spanId: string;
  /** The caller's span, when it sent one. */
  parentSpanId?: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(header: string | undefined): Omit<TraceContext, 'spanId'> | undefined {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags] = match;
  // Version ff is invalid, and all-zero ids are invalid per the specification.
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function newTraceContext(header: string | undefined): TraceContext {
  const incoming = parseTraceparent(header);
  return {
    traceId: incoming?.traceId ?? randomBytes(16).toString('hex'),
    parentSpanId: incoming?.parentSpanId,
    spanId: randomBytes(8).toString('hex'),
    sampled: incoming?.sampled ?? false,
  };
}

/** The traceparent the facade sends upstream: same trace, the facade's span as parent. */
export function outgoingTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
}

/** Trace Context level 2 response header. */
export function traceresponse(trace: TraceContext): string {
  return outgoingTraceparent(trace);
}

const contexts = new WeakMap<IncomingMessage, TraceContext>();

/** One trace context per HTTP request, created on first use. */
export function traceOf(req: IncomingMessage): TraceContext {
  let trace = contexts.get(req);
  if (!trace) {
    const header = req.headers.traceparent;
    trace = newTraceContext(typeof header === 'string' ? header : undefined);
    contexts.set(req, trace);
  }
  return trace;
}
