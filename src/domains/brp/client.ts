// HTTP client for the BRP APIs behind one base URL: POST {url}/personen here, and the other APIs
// of the family (/verblijfplaatshistorie, /reisdocumenten) through `post` (historie/, reisdocumenten/).
// Keep-alive connection pool (undici, at most `maxConnections` calls at once), optional mTLS and the
// facade's own upstream credentials. Upstream failures become typed UpstreamErrors;
// src/base/upstream/to-graphql-error.ts maps them to GraphQL errors.
import { Agent, request, type Dispatcher } from 'undici';
import type { RequestTrace } from '../../base/http/trace.ts';
import { observedCall, type UpstreamObserver } from '../../base/upstream/observed-call.ts';
import type { BrpClientConfig } from './config.ts';

export interface PersonenRequest {
  type: string;
  fields: string[];
  [parameter: string]: unknown;
}

export { UpstreamError, type InvalidParam, type UpstreamErrorKind } from '../../base/upstream/upstream-error.ts';
import { UpstreamError, type InvalidParam } from '../../base/upstream/upstream-error.ts';

export interface CallOptions {
  /** The request's trace: the call is its child span, and its traceparent goes upstream. */
  trace?: Pick<RequestTrace, 'tracer' | 'context'>;
}

interface ProblemJson {
  code?: string;
  invalidParams?: InvalidParam[];
}

export class BrpClient {
  private readonly dispatcher: Dispatcher;
  private token?: { value: string; expiresAt: number };
  /** Number of calls made: for tests and benchmarks. */
  calls = 0;

  constructor(
    private readonly config: BrpClientConfig,
    /** Told of every call: upstream, outcome, duration (the metrics). */
    private readonly observe?: UpstreamObserver,
    /** How the metrics and spans name this upstream. */
    private readonly upstream = 'brp',
    /** The path readiness probes (the API this client is for). */
    private readonly probePath = '/personen',
  ) {
    this.dispatcher = new Agent({
      keepAliveTimeout: 30_000,
      // Calls beyond this wait for a connection: the upstream concurrency (BRP_MAX_CONNECTIONS).
      connections: config.maxConnections ?? 64,
      connect: config.tls ? { cert: config.tls.cert, key: config.tls.key, ca: config.tls.ca } : undefined,
    });
  }

  async personen(body: PersonenRequest, options: CallOptions = {}): Promise<unknown[]> {
    const json = await this.post('/personen', body, options);
    const personen = (json as { personen?: unknown }).personen;
    if (personen !== undefined && !Array.isArray(personen)) throw new UpstreamError('unexpected', { status: 200 });
    return (personen as unknown[] | undefined) ?? [];
  }

  /** POST {url}{path} with a query body (its `type` names the operation): the JSON of a 200. */
  async post(path: string, body: { type: string; [parameter: string]: unknown }, options: CallOptions = {}): Promise<unknown> {
    this.calls++;
    return observedCall(this.upstream, body.type, options.trace, this.observe, async (propagation) => this.send(`${this.config.url}${path}`, body, propagation));
  }

  private async send(endpoint: string, body: unknown, propagation: Record<string, string>): Promise<unknown> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
      ...(await this.credentials()),
      ...propagation,
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await request(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        dispatcher: this.dispatcher,
        headersTimeout: this.config.timeoutMs,
        bodyTimeout: this.config.timeoutMs,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      throw new UpstreamError('unavailable', { cause: err instanceof Error ? err.name : 'unknown' });
    }
    const status = response.statusCode;
    let json: unknown;
    try {
      json = await response.body.json();
    } catch (err) {
      if (status >= 500) throw new UpstreamError('unavailable', { status });
      throw new UpstreamError(status === 200 ? 'unexpected' : 'unavailable', { status, cause: err instanceof Error ? err.name : 'unknown' });
    }
    if (status === 200) {
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new UpstreamError('unexpected', { status });
      return json;
    }
    const problem = (json ?? {}) as ProblemJson;
    if (status === 400) throw new UpstreamError('bad-request', { status, code: problem.code }, problem.invalidParams ?? []);
    if (status === 401 || status === 403) throw new UpstreamError('forbidden', { status, code: problem.code });
    if (status === 429 || status >= 500) throw new UpstreamError('unavailable', { status, code: problem.code });
    throw new UpstreamError('unexpected', { status, code: problem.code });
  }

  /** Reachable when the upstream answers HTTP at all (any status): readiness, not correctness. */
  async ready(): Promise<boolean> {
    try {
      const response = await request(`${this.config.url}${this.probePath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(await this.credentials()) },
        body: '{}',
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(Math.min(this.config.timeoutMs, 2000)),
      });
      await response.body.dump();
      return response.statusCode < 500;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async credentials(): Promise<Record<string, string>> {
    if (this.config.apiKey) return { 'x-api-key': this.config.apiKey };
    const cc = this.config.clientCredentials;
    if (!cc) return {};
    if (!this.token || this.token.expiresAt - 30_000 < Date.now()) {
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: cc.clientId, client_secret: cc.clientSecret });
      if (cc.scope) form.set('scope', cc.scope);
      let tokenResponse: Dispatcher.ResponseData;
      try {
        tokenResponse = await request(cc.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          dispatcher: this.dispatcher,
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
      } catch (err) {
        throw new UpstreamError('unavailable', { cause: `token endpoint: ${err instanceof Error ? err.name : 'unknown'}` });
      }
      const body = (await tokenResponse.body.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
      if (tokenResponse.statusCode !== 200 || !body.access_token) {
        throw new UpstreamError('unavailable', { status: tokenResponse.statusCode, cause: 'token endpoint refused' });
      }
      this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000 };
    }
    return { authorization: `Bearer ${this.token.value}` };
  }
}
