import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../base/log/logger.ts';
import { isAcceptable, isSupportedContentType } from '../brp/http.ts';
import { applyFailure, serveMock, type FailureInjection } from '../mock-http.ts';
import { loadBewoningData } from './data.ts';
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
import { answerBewoningen, BEWONINGEN_PATH } from './bewoningen.ts';

// A real HTTP server for BRP Bewoning 2.1 (POST /bewoningen) on the official test data, for tests and
// local runs of the facade. Besides the API it records what it received and can be told to fail.

export { answerBewoningen, BEWONINGEN_PATH, type AnswerOptions, type BewoningAntwoord } from './bewoningen.ts';
export { bewoningData, type BewoningData } from './data.ts';
export type { FailureInjection };

export const BASE_PATH = '/haalcentraal/api/bewoning';
const MAX_BODY_BYTES = 1024 * 1024;

export interface ReceivedRequest {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

export interface BewoningMock {
  /** Base URL, e.g. http://127.0.0.1:4006/haalcentraal/api/bewoning; clients append /bewoningen. */
  url: string;
  /** Every request received, in order, including the ones answered by failure injection. */
  requests: ReceivedRequest[];
  clearRequests(): void;
  /** Queues a failure for the next request not yet affected by an earlier failNext. */
  failNext(f: FailureInjection): void;
  close(): Promise<void>;
}

export interface BewoningMockOptions {
  port?: number;
  host?: string;
  /** Writes one access-log line per request (the facade's format); none when not given. */
  logger?: Logger;
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

export async function startBewoningMock(options: BewoningMockOptions = {}): Promise<BewoningMock> {
  const host = options.host ?? '127.0.0.1';
  const requests: ReceivedRequest[] = [];
  const failures: FailureInjection[] = [];
  // Parse the test data now, so a missing data/brp-bewoning copy fails at start-up, not on the first call.
  loadBewoningData();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const raw = (await readBody(req)).toString('utf8');
    const parsed = parseJson(raw);
    requests.push({ body: parsed.ok ? parsed.value : parsed.raw, headers: { ...req.headers }, receivedAt: new Date() });

    const failed = await applyFailure(failures.shift(), req, (status, body) => {
      if (body === undefined) sendProblem(res, problemVoorStatus(status, path));
      else send(res, status, status >= 400 ? PROBLEM_CONTENT_TYPE : ONDERSTEUND_CONTENT_TYPE, body);
    });
    if (failed) return;

    if (path !== BEWONINGEN_PATH) return sendProblem(res, notFound(path));
    if (req.method !== 'POST') return sendProblem(res, methodNotAllowed(path), { allow: 'POST' });
    if (!isSupportedContentType(header(req, 'content-type'))) return sendProblem(res, unsupportedMediaType(path));
    if (!isAcceptable(header(req, 'accept'))) return sendProblem(res, notAcceptable(path));
    if (!parsed.ok) return sendProblem(res, invalidJson(path));

    const result = answerBewoningen(parsed.value, { instance: path });
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
