import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../base/log/logger.ts';
import { applyFailure, serveMock, type FailureInjection } from '../mock-http.ts';
import { answerBag, API_VERSION, BASE_PATH, HAL_CONTENT_TYPE, problemAnswer, type BagAnswer } from './bag.ts';
import { loadBagData, type BagData } from './data.ts';
import { problemVoorStatus, PROBLEM_CONTENT_TYPE, tooManyRequests, unauthorized } from './errors.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';

// A real HTTP server for the BAG API Individuele Bevragingen v2 (Kadaster): adresseerbare objecten
// and adressen, on data generated for the addresses of the project's BRP test data. For tests and
// local runs of the facade; besides the API it records what it received and can be told to fail.

export { answerBag, API_VERSION, BASE_PATH, type BagAnswer, type BagRequest } from './bag.ts';
export { buildBagData, loadBagData, readSources, type BagData, type Conflict, type Skipped, type SourceInfo, type SourceRows } from './data.ts';
export {
  adresResource,
  adresseerbaarObjectResource,
  bagAdres,
  bagNummeraanduiding,
  bagObject,
  bagOpenbareRuimte,
  bagPand,
  bagWoonplaats,
  type Adres,
} from './resources.ts';
export type { AdresseerbaarObject, Ligplaats, Nummeraanduiding, OpenbareRuimte, Pand, Standplaats, Verblijfsobject, Woonplaats } from './generate.ts';
export type { RateLimitOptions };
export type { FailureInjection };

export interface ReceivedRequest {
  method: string;
  /** The request target as received: path and query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

export interface BagMock {
  /** Base URL, e.g. http://127.0.0.1:4007/lvbag/individuelebevragingen/v2; clients append /adresseerbareobjecten/{id} etc. */
  url: string;
  /** Every request received, in order, including the ones answered by failure injection. */
  requests: ReceivedRequest[];
  clearRequests(): void;
  /** Queues a failure for the next request not yet affected by an earlier failNext. */
  failNext(f: FailureInjection): void;
  close(): Promise<void>;
}

export interface BagMockOptions {
  port?: number;
  host?: string;
  /** When set, every request needs `X-Api-Key: <apiKey>` (else 401); when not, no key is asked. */
  apiKey?: string;
  /** Writes one access-log line per request (the facade's format); none when not given. */
  logger?: Logger;
  /** rate-limiting.feature: limits per API key; none when not given. */
  rateLimit?: RateLimitOptions;
  /** The clock of the rate limits; default the real one. */
  now?: () => Date;
  /** Data to serve instead of the project's test data (buildBagData). */
  data?: BagData;
}

function send(res: ServerResponse, answer: BagAnswer, extra: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
  res.writeHead(answer.status, { ...answer.headers, ...extra, 'content-length': payload.length });
  res.end(payload);
}

function safeUrl(target: string, origin: string): string {
  try {
    return new URL(target, origin).href;
  } catch {
    return `${origin}/`;
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function startBagMock(options: BagMockOptions = {}): Promise<BagMock> {
  const host = options.host ?? '127.0.0.1';
  const requests: ReceivedRequest[] = [];
  const failures: FailureInjection[] = [];
  // Build the data now, so a missing data/brp copy fails at start-up, not on the first call.
  const data = options.data ?? loadBagData();
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit, options.now ?? (() => new Date())) : undefined;
  let origin = '';

  /** Where the client reached us (Host), for _links and `instance`; else the listening address. */
  const originOf = (req: IncomingMessage): string => {
    const h = header(req, 'host');
    return h && /^[A-Za-z0-9.\-[\]:]+$/.test(h) ? `http://${h}` : origin;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path: target, headers: { ...req.headers }, receivedAt: new Date() });
    // GET has no body; whatever comes is read and dropped.
    req.resume();
    const here = originOf(req);
    const instance = safeUrl(target, here);

    const failed = await applyFailure(failures.shift(), req, (status, body) => {
      if (body === undefined) {
        const rateHeaders: Record<string, string> = status === 429 ? { 'RateLimit-Limit': String(options.rateLimit?.perSecond ?? 20), 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' } : {};
        send(res, problemAnswer(problemVoorStatus(status, instance)), rateHeaders);
      } else {
        send(res, { status, headers: { 'content-type': status >= 400 ? PROBLEM_CONTENT_TYPE : HAL_CONTENT_TYPE, 'api-version': API_VERSION }, body: body as BagAnswer['body'] });
      }
    });
    if (failed) return;

    const key = header(req, 'x-api-key');
    if (options.apiKey !== undefined && key !== options.apiKey) return send(res, problemAnswer(unauthorized(instance)));

    const verdict = limiter?.take(key ?? '');
    if (verdict?.exceeded) return send(res, problemAnswer(tooManyRequests(instance, verdict.headers)));

    send(res, answerBag({ method: req.method ?? 'GET', target, headers: req.headers, origin: here }, data), verdict?.headers);
  }

  const listening = await serveMock(
    handle,
    (req, res) => send(res, problemAnswer(problemVoorStatus(500, safeUrl(req.url ?? '/', originOf(req))))),
    { port: options.port, host, logger: options.logger },
  );
  origin = listening.origin;

  return {
    url: `${listening.origin}${BASE_PATH}`,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (f) => {
      failures.push(f);
    },
    close: () => listening.close(),
  };
}
