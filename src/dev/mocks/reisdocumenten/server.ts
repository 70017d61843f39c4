import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../base/log/logger.ts';
import { isAcceptable, isSupportedContentType } from '../brp/http.ts';
import { applyFailure, serveMock, type FailureInjection } from '../mock-http.ts';
import { buildData, loadTestData, type ReisdocumentenData } from './data.ts';
import {
  invalidJson,
  methodNotAllowed,
  notAcceptable,
  notFound,
  ONDERSTEUND_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  problemVoorStatus,
  unsupportedMediaType,
  type Problem,
} from './errors.ts';
import { answerReisdocumenten } from './reisdocumenten.ts';
import type { StoredReisdocument } from './storage.ts';

// A real HTTP server for the BRP Reisdocumenten bevragen API on the official test data, for tests
// and local runs of the facade. Besides the API it records what it received and can be told to fail.

export { answerReisdocumenten, REISDOCUMENTEN_INSTANCE, type ReisdocumentenAntwoord } from './reisdocumenten.ts';
export { AUTOMATISCH_GELEVERD, REISDOCUMENT_FIELDS } from './fields.ts';
export type { FailureInjection };
export type { StoredReisdocument };
export type { ReisdocumentenData };

export const BASE_PATH = '/haalcentraal/api/reisdocumenten';
const REISDOCUMENTEN_PATH = `${BASE_PATH}/reisdocumenten`;
const MAX_BODY_BYTES = 1024 * 1024;

export interface ReceivedRequest {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

export interface ReisdocumentenMock {
  /** Base URL, e.g. http://127.0.0.1:4005/haalcentraal/api/reisdocumenten; clients append /reisdocumenten. */
  url: string;
  /** Every request received, in order, including the ones answered by failure injection. */
  requests: ReceivedRequest[];
  clearRequests(): void;
  /** Queues a failure for the next request not yet affected by an earlier failNext. */
  failNext(f: FailureInjection): void;
  close(): Promise<void>;
}

export interface ReisdocumentenMockOptions {
  port?: number;
  host?: string;
  /** The moment of each request, handed to answerReisdocumenten; default: the real clock. */
  now?: () => Date;
  /** Writes one access-log line per request (the facade's format); none when not given. */
  logger?: Logger;
  /**
   * Rows to serve instead of the official test data, in its storage shape (tests that replay a
   * feature file's own Gegeven data). Served as given, without the houder enrichment.
   */
  testData?: readonly StoredReisdocument[];
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length });
  res.end(payload);
}

function sendProblem(res: ServerResponse, p: Problem, extraHeaders: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
  send(res, p.status, PROBLEM_CONTENT_TYPE, p.body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Parsed = { ok: true; value: unknown } | { ok: false; raw: string };

function parseJson(raw: string): Parsed {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, raw };
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

export async function startReisdocumentenMock(options: ReisdocumentenMockOptions = {}): Promise<ReisdocumentenMock> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const requests: ReceivedRequest[] = [];
  const failures: FailureInjection[] = [];
  // Load the data now, so a missing data/brp-reisdocumenten copy fails at start-up, not on the first call.
  const data: ReisdocumentenData = options.testData ? buildData(options.testData) : loadTestData();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const raw = (await readBody(req)).toString('utf8');
    const parsed = parseJson(raw);
    requests.push({
      body: parsed.ok ? parsed.value : parsed.raw,
      headers: { ...req.headers },
      receivedAt: new Date(),
    });

    const failed = await applyFailure(failures.shift(), req, (status, body) => {
      if (body === undefined) sendProblem(res, problemVoorStatus(status, path));
      else send(res, status, status >= 400 ? PROBLEM_CONTENT_TYPE : ONDERSTEUND_CONTENT_TYPE, body);
    });
    if (failed) return;

    if (path !== REISDOCUMENTEN_PATH) return sendProblem(res, notFound(path));
    if (req.method !== 'POST') return sendProblem(res, methodNotAllowed(path), { allow: 'POST' });
    if (!isSupportedContentType(header(req, 'content-type'))) return sendProblem(res, unsupportedMediaType(path));
    if (!isAcceptable(header(req, 'accept'))) return sendProblem(res, notAcceptable(path));
    if (!parsed.ok) return sendProblem(res, invalidJson(path));

    const result = answerReisdocumenten(parsed.value, now(), data, path);
    if (result.status === 200) send(res, 200, ONDERSTEUND_CONTENT_TYPE, result.body);
    else sendProblem(res, result);
  }

  const listening = await serveMock(handle, (req, res) => sendProblem(res, problemVoorStatus(500, req.url ?? '/')), {
    port: options.port,
    host,
    logger: options.logger,
  });

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
