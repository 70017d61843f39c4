// HTTP client for the supplier's Edu-V services (contract: data/eduv/openapi.yaml).
// GET with query parameters, keep-alive, timeout, W3C traceparent; failures as
// UpstreamErrors with no upstream detail for callers. The facade calls as its
// participant: a bearer token of its own client credentials (a token the
// service refuses is dropped and fetched once more), over mTLS when configured.
import { Agent, request, type Dispatcher } from 'undici';
import type { RequestTrace } from '../../base/http/trace.ts';
import { observedCall, type UpstreamObserver } from '../../base/upstream/observed-call.ts';
import { UpstreamError } from '../../base/upstream/upstream-error.ts';

/** Where the participant's access tokens come from (src/base/upstream/client-credentials.ts). */
export interface AccessTokenSource {
  token(): Promise<string>;
  /** The service refused this token: do not hand it out again. */
  invalidate(token: string): void;
}

export interface EduvUpstreamConfig {
  /** Base URL, e.g. http://127.0.0.1:4003/eduv */
  url: string;
  timeoutMs: number;
  /** The participant's access tokens; without, calls carry none (a service that asks none). */
  credentials?: AccessTokenSource;
  /** mTLS: the participant's (PKIoverheid) certificate, and the CA the service's is verified against. */
  tls?: { cert: string; key: string; ca?: string };
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
    this.dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32, ...(config.tls ? { connect: { ...config.tls } } : {}) });
  }

  /** GET `path`; `trace`: the request's, whose child span the call is. */
  async get<T>(path: string, query: Query, trace?: Pick<RequestTrace, 'tracer' | 'context'>): Promise<T> {
    this.calls++;
    // The path's template names the operation; the path itself may hold identifiers.
    return observedCall('eduv', `GET ${path.replace(/\/[^/]*\d[^/]*/g, '/{id}')}`, trace, this.observe, (propagation) => this.fetch<T>(path, query, propagation));
  }

  /** One GET with the participant's token; a 401 drops that token and tries once with a fresh one. */
  private async send(url: URL, headers: Record<string, string>, timeoutMs: number, retried = false): Promise<Dispatcher.ResponseData> {
    const { credentials } = this.config;
    const token = credentials ? await credentials.token() : undefined;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new UpstreamError('unavailable', { cause: err instanceof Error ? err.name : 'unknown' });
    }
    if (response.statusCode === 401 && token && credentials && !retried) {
      // Revoked, or the service's clock runs ahead of ours: a fresh token once, never a loop.
      await response.body.dump();
      credentials.invalidate(token);
      return this.send(url, headers, timeoutMs, true);
    }
    return response;
  }

  private async fetch<T>(path: string, query: Query, propagation: Record<string, string>): Promise<T> {
    const url = new URL(`${this.config.url}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    const response = await this.send(url, { accept: 'application/json', ...propagation }, this.config.timeoutMs);
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
      // With the participant's credentials, so that a refused token or certificate shows as not ready.
      const response = await this.send(new URL(`${this.config.url}/catalogue/products?pageSize=1`), { accept: 'application/json' }, 2000);
      await response.body.dump();
      return response.statusCode < 500 && response.statusCode !== 401 && response.statusCode !== 403;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
