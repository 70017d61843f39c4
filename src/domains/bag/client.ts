// HTTP client for the BAG API Individuele Bevragingen v2: GET an adresseerbaar object by its
// identificatie, with the Kadaster's X-Api-Key. Keep-alive pool (undici); failures as typed
// UpstreamErrors (a 404 is no error: the object is unknown, null). BAG data is about addresses and
// buildings, not persons: the protocol's access record names what was asked (src/engine/record/).
import { Agent, request, type Dispatcher } from 'undici';
import type { RequestTrace } from '../../base/http/trace.ts';
import { observedCall, type UpstreamObserver } from '../../base/upstream/observed-call.ts';
import { UpstreamError } from '../../base/upstream/upstream-error.ts';

export interface BagClientConfig {
  url: string;
  apiKey?: string;
  timeoutMs: number;
}

export type AdresseerbaarObject = Record<string, unknown>;

export class BagClient {
  private readonly dispatcher: Dispatcher;
  /** Calls made: for tests and benchmarks. */
  calls = 0;

  constructor(
    private readonly config: BagClientConfig,
    private readonly observe?: UpstreamObserver,
  ) {
    this.dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  }

  /** GET /adresseerbareobjecten/{id}; null when the BAG does not know it. */
  async adresseerbaarObject(identificatie: string, trace?: Pick<RequestTrace, 'tracer' | 'context'>): Promise<AdresseerbaarObject | null> {
    this.calls++;
    return observedCall('bag', 'GET /adresseerbareobjecten/{id}', trace, this.observe, async (propagation) => {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(`${this.config.url}/adresseerbareobjecten/${encodeURIComponent(identificatie)}`, {
          method: 'GET',
          headers: { accept: 'application/hal+json', ...(this.config.apiKey ? { 'x-api-key': this.config.apiKey } : {}), ...propagation },
          dispatcher: this.dispatcher,
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
      } catch (err) {
        throw new UpstreamError('unavailable', { cause: err instanceof Error ? err.name : 'unknown' });
      }
      const status = response.statusCode;
      const body = (await response.body.json().catch(() => undefined)) as (AdresseerbaarObject & { code?: string }) | undefined;
      if (status === 200 && body && typeof body === 'object') return body;
      if (status === 404) return null;
      if (status === 400) throw new UpstreamError('bad-request', { status, code: body?.code });
      if (status === 401 || status === 403) throw new UpstreamError('forbidden', { status });
      throw new UpstreamError(status >= 500 || status === 429 ? 'unavailable' : 'unexpected', { status });
    });
  }

  async ready(): Promise<boolean> {
    try {
      const response = await request(`${this.config.url}/adresseerbareobjecten/0000000000000000`, {
        headers: this.config.apiKey ? { 'x-api-key': this.config.apiKey } : {},
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(2000),
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
}

/** Per request: each adresseerbaar object fetched once, however often the operation reaches it. */
export class BagLoader {
  private readonly objects = new Map<string, Promise<AdresseerbaarObject | null>>();

  constructor(
    private readonly client: BagClient,
    private readonly trace?: Pick<RequestTrace, 'tracer' | 'context'>,
  ) {}

  adresseerbaarObject(identificatie: string): Promise<AdresseerbaarObject | null> {
    let object = this.objects.get(identificatie);
    if (!object) this.objects.set(identificatie, (object = this.client.adresseerbaarObject(identificatie, this.trace)));
    return object;
  }
}
