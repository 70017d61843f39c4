import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../base/log/logger.ts';
import { applyFailure, serveMock, type FailureInjection } from '../mock-http.ts';
import { loadEduvContract } from '../../../domains/eduv/contract.ts';
import { indexDataset } from './dataset-index.ts';
import { DEFAULT_EDUV_SEED, generateEduvDataset } from './generate.ts';
import { CursorCodec } from './paging.ts';
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE, methodNotAllowed, notFound, problemForStatus, type Problem } from './problems.ts';
import { findRoute, handleRoute } from './routes.ts';
import { createMockAuthorization, TOKEN_PATH, type MockAuthorization, type MockAuthorizationOptions } from './authorization.ts';
import type { EduvDataset } from './types.ts';
import { MockChangeLog } from './changes.ts';

// A real HTTP server for the Edu-V upstream of data/eduv/openapi.yaml, on generated data, for tests
// and local runs of the facade. Besides the API it records what it received and can be told to fail.

export const BASE_PATH = '/eduv';

export interface ReceivedRequest {
  method: string;
  /** Full path as received, e.g. /eduv/students/school. */
  path: string;
  /** Query parameters; a repeated parameter's values joined with ','. */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

export type { FailureInjection };

export interface EduvMock {
  /** Base URL, e.g. http://127.0.0.1:4003/eduv; clients append /students/school etc. */
  url: string;
  /** Every request received, in order, including the ones answered by failure injection. */
  requests: ReceivedRequest[];
  clearRequests(): void;
  /** Queues a failure for the next request not yet affected by an earlier failNext. */
  failNext(f: FailureInjection): void;
  /** The data served; the same object generateEduvDataset(seed) returns. */
  data: EduvDataset;
  /** The change feed (GET /changes): say here what changed at the source. */
  changes: MockChangeLog;
  /** With `authorization`: the token endpoint, and the tokens it issued so far. */
  tokenUrl?: string;
  tokensIssued(): number;
  close(): Promise<void>;
}

export interface EduvMockOptions {
  port?: number;
  host?: string;
  /** Seed of the generated data (default DEFAULT_EDUV_SEED); ignored when `dataset` is given. */
  seed?: number;
  /** Serve this dataset instead of generating one, e.g. generateEduvDataset(seed, { scale: 6 }). */
  dataset?: EduvDataset;
  /** Writes one access-log line per request (the facade's format); none when not given. */
  logger?: Logger;
  /**
   * Require a bearer token of the mock's own token endpoint on every API call (as a supplier's
   * service under the NL GOV OAuth profile does), issued to these clients by `private_key_jwt`.
   */
  authorization?: Omit<MockAuthorizationOptions, 'issuer'>;
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { ...extraHeaders, 'content-type': contentType, 'content-length': payload.length });
  res.end(payload);
}

function sendProblem(res: ServerResponse, p: Problem, extraHeaders: Record<string, string> = {}): void {
  send(res, p.status, PROBLEM_CONTENT_TYPE, p.body, extraHeaders);
}

function queryRecord(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key).join(',');
  return out;
}

export async function startEduvMock(options: EduvMockOptions = {}): Promise<EduvMock> {
  const host = options.host ?? '127.0.0.1';
  const data = options.dataset ?? generateEduvDataset(options.seed ?? DEFAULT_EDUV_SEED);
  // Read the contract now, so a broken data/eduv/openapi.yaml fails at start-up, not on a request.
  loadEduvContract();
  const index = indexDataset(data);
  const codec = new CursorCodec(`${data.seed}:${data.scale}`);
  const requests: ReceivedRequest[] = [];
  const failures: FailureInjection[] = [];
  const changes = new MockChangeLog();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;
    requests.push({ method: req.method ?? '', path, query: queryRecord(url.searchParams), headers: { ...req.headers }, receivedAt: new Date() });
    if (options.authorization && path === TOKEN_PATH) {
      if (!authorization) return sendProblem(res, problemForStatus(503, path));
      return authorization.handleToken(req, res);
    }
    // The API reads no request body; drain it so keep-alive connections stay usable.
    req.resume();
    // Only the API wants a token; elsewhere the mock answers as without `authorization` (404).
    if (options.authorization && path.startsWith(`${BASE_PATH}/`) && !(await authorization?.verify(req.headers.authorization))) {
      return sendProblem(res, problemForStatus(401, path), { 'www-authenticate': 'Bearer' });
    }

    const failed = await applyFailure(failures.shift(), req, (status, body) => {
      if (body === undefined) sendProblem(res, problemForStatus(status, path));
      else send(res, status, status >= 400 ? PROBLEM_CONTENT_TYPE : JSON_CONTENT_TYPE, body);
    });
    if (failed) return;

    const found = path.startsWith(`${BASE_PATH}/`) ? findRoute(path.slice(BASE_PATH.length)) : undefined;
    if (!found) return sendProblem(res, notFound(path));
    if (req.method !== 'GET') return sendProblem(res, methodNotAllowed(path), { allow: 'GET' });
    const result = handleRoute(found.route, url.searchParams, { index, codec, changes, instance: path, ...(found.pathId === undefined ? {} : { pathId: found.pathId }) });
    if ('json' in result) send(res, 200, JSON_CONTENT_TYPE, result.json);
    else sendProblem(res, result);
  }

  let authorization: MockAuthorization | undefined;
  const listening = await serveMock(handle, (req, res) => sendProblem(res, problemForStatus(500, req.url?.split('?')[0] ?? '/')), { port: options.port, host, logger: options.logger });

  if (options.authorization) authorization = await createMockAuthorization({ ...options.authorization, issuer: listening.origin });

  return {
    url: `${listening.origin}${BASE_PATH}`,
    tokenUrl: authorization?.tokenUrl,
    tokensIssued: () => authorization?.issued() ?? 0,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (f) => {
      failures.push(f);
    },
    data,
    changes,
    close: () => listening.close(),
  };
}
