// One upstream call as the operators see it: a client span (child of the request's span, its
// traceparent sent upstream) and one observation for the metrics — upstream, outcome, duration.
// The attributes name the upstream and the operation, never a parameter: those are personal data.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { inSpan, propagationHeaders, type RequestTrace } from '../http/trace.ts';
import { UpstreamError } from './upstream-error.ts';

/** `ok`, or the UpstreamError kind the call ended with. */
export type UpstreamOutcome = 'ok' | UpstreamError['kind'];

export type UpstreamObserver = (call: { upstream: string; outcome: UpstreamOutcome; seconds: number }) => void;

export async function observedCall<T>(
  upstream: string,
  operation: string,
  trace: Pick<RequestTrace, 'tracer' | 'context'> | undefined,
  observe: UpstreamObserver | undefined,
  call: (propagation: Record<string, string>) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const started = performance.now();
  let outcome: UpstreamOutcome = 'unexpected';
  try {
    const result = await inSpan(trace, `${upstream} ${operation}`, { 'facade.upstream': upstream, 'facade.upstream.operation': operation, ...attributes }, (context) => call(propagationHeaders(context)), SpanKind.CLIENT);
    outcome = 'ok';
    return result;
  } catch (err) {
    if (err instanceof UpstreamError) outcome = err.kind;
    throw err;
  } finally {
    observe?.({ upstream, outcome, seconds: (performance.now() - started) / 1000 });
  }
}
