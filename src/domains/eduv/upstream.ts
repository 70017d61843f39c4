// HTTP client for the supplier's Edu-V services (contract: data/eduv/openapi.yaml).
// GET with query parameters, keep-alive, timeout, W3C traceparent; failures as
// UpstreamErrors with no upstream detail for callers.
import { Agent, request, type Dispatcher } from 'undici';
import type { RequestTrace } from '../../base/http/trace.ts';
import { observedCall, type UpstreamObserver } from '../../base/upstream/observed-call.ts';
import { UpstreamError } from '../../base/upstream/upstream-error.ts';

export interface EduvUpstreamConfig {
  /** Base URL, e.g. http://127.0.0.1:4003/eduv */
  url: string;
  timeoutMs: number;
}

export interface Page<T> {
  items: T[];
  pageSize: number;
  hasNextPage: boolean;
  nextCursor?: string;
}

export type Query = Record<string, string | readonly string[] | number | undefined>;

export class EduvUpstream {
  private readonly dispatcher: Dispatcher;
  /** Calls made, for tests and benchmarks. */
  calls = 0;

  constructor(
    private readonly config: EduvUpstreamConfig,
    /** Told of every call: upstream, outcome, duration (the metrics). */
    private readonly observe?: UpstreamObserver,
  ) {
    this.dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  }

  /** GET `path`; `trace`: the request's, whose child span the call is. */
  async get<T>(path: string, query: Query, trace?: Pick<RequestTrace, 'tracer' | 'context'>): Promise<T> {
    this.calls++;
    // The path's template names the operation; the path itself may hold identifiers.
    return observedCall('eduv', `GET ${path.replace(/\/[^/]*\d[^/]*/g, '/{id}')}`, trace, this.observe, (propagation) => this.fetch<T>(path, query, propagation));
  }

  private async fetch<T>(path: string, query: Query, propagation: Record<string, string>): Promise<T> {
    const url = new URL(`${this.config.url}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        headers: { accept: 'application/json', ...propagation },
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      throw new UpstreamError('unavailable', { cause: err instanceof Error ? err.name : 'unknown' });
    }
    const status = response.statusCode;
    const body = (await response.body.json().catch(() => undefined)) as (T & { code?: string }) | undefined;
    if (status === 200 && body !== undefined) return body;
    if (status === 400) throw new UpstreamError('bad-request', { status, code: body?.code });
    if (status === 404) throw new UpstreamError('bad-request', { status, code: 'notFound' });
    if (status === 401 || status === 403) throw new UpstreamError('forbidden', { status });
    throw new UpstreamError(status >= 500 || status === 429 ? 'unavailable' : 'unexpected', { status });
  }

  async ready(): Promise<boolean> {
    try {
      const response = await request(`${this.config.url}/catalogue/products?pageSize=1`, { dispatcher: this.dispatcher, signal: AbortSignal.timeout(2000) });
      await response.body.dump();
      return response.statusCode < 500;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
