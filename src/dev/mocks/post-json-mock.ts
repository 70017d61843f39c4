// What the mocks of the Haal Centraal POST APIs (BRP Personen, Verblijfplaatshistorie, Bewoning,
// Reisdocumenten) share: one JSON endpoint answered by a pure `answer` function, a log of what was
// received, failure injection, and the transport checks in the APIs' order (path 404, method 405,
// content-type 415, accept 406, invalid JSON). Each API passes in its own problem+json bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../base/log/logger.ts';
import { isAcceptable, isSupportedContentType } from './brp/http.ts';
import { applyFailure, serveMock, type FailureInjection } from './mock-http.ts';

export type { FailureInjection };

const MAX_BODY_BYTES = 1024 * 1024;

export interface ReceivedRequest {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: Date;
}

/** A problem+json answer (or a 200 answer of `answer`): status and JSON body. */
export interface MockAnswer {
  status: number;
  body: unknown;
}

export interface PostJsonMock {
  /** Base URL (origin and base path); clients append the endpoint. */
  url: string;
  /** Every request received, in order, including the ones answered by failure injection. */
  requests: ReceivedRequest[];
  clearRequests(): void;
  /** Queues a failure for the next request not yet affected by an earlier failNext. */
  failNext(f: FailureInjection): void;
  close(): Promise<void>;
}

export interface PostJsonListenOptions {
  port?: number;
  host?: string;
  /** Writes one access-log line per request (the facade's format); none when not given. */
  logger?: Logger;
}

export interface PostJsonProblems {
  notFound(instance: string): MockAnswer;
  methodNotAllowed(instance: string): MockAnswer;
  unsupportedMediaType(instance: string): MockAnswer;
  notAcceptable(instance: string): MockAnswer;
  invalidJson(instance: string): MockAnswer;
  /** The body for a bare status (failure injection without a body, a crashed handler: 500). */
  forStatus(status: number, instance: string): MockAnswer;
}

export interface PostJsonMockConfig extends PostJsonListenOptions {
  /** Appended to the origin to make `url`. */
  basePath: string;
  /** The one path answered (with POST); any other is 404. */
  endpoint: string;
  contentTypes: { json: string; problem: string };
  isSupportedContentType(header: string | undefined): boolean;
  isAcceptable(header: string | undefined): boolean;
  problems: PostJsonProblems;
  /** Answers a parsed body; `instance` is the request path. Status 200 is sent as JSON, any other as a problem. */
  answer(body: unknown, instance: string): MockAnswer;
}

/** An API's errors.ts in the BRP Personen mock's shape (brp/errors.ts, or one re-exporting it). */
export interface HaalCentraalErrors extends Omit<PostJsonProblems, 'forStatus'> {
  ONDERSTEUND_CONTENT_TYPE: string;
  PROBLEM_CONTENT_TYPE: string;
  problemVoorStatus(status: number, instance: string): MockAnswer;
}

/** The transport part of the config for a Haal Centraal BRP API: its content types and header checks (brp/http.ts), `errors`' bodies. */
export function haalCentraalTransport(
  errors: HaalCentraalErrors,
): Pick<PostJsonMockConfig, 'contentTypes' | 'isSupportedContentType' | 'isAcceptable' | 'problems'> {
  return {
    contentTypes: { json: errors.ONDERSTEUND_CONTENT_TYPE, problem: errors.PROBLEM_CONTENT_TYPE },
    isSupportedContentType,
    isAcceptable,
    problems: {
      notFound: errors.notFound,
      methodNotAllowed: errors.methodNotAllowed,
      unsupportedMediaType: errors.unsupportedMediaType,
      notAcceptable: errors.notAcceptable,
      invalidJson: errors.invalidJson,
      forStatus: errors.problemVoorStatus,
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length });
  res.end(payload);
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

export async function startPostJsonMock(config: PostJsonMockConfig): Promise<PostJsonMock> {
  const host = config.host ?? '127.0.0.1';
  const { json, problem } = config.contentTypes;
  const problems = config.problems;
  const requests: ReceivedRequest[] = [];
  const failures: FailureInjection[] = [];

  function sendProblem(res: ServerResponse, p: MockAnswer, extraHeaders: Record<string, string> = {}): void {
    for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
    send(res, p.status, problem, p.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const raw = (await readBody(req)).toString('utf8');
    const parsed = parseJson(raw);
    requests.push({ body: parsed.ok ? parsed.value : parsed.raw, headers: { ...req.headers }, receivedAt: new Date() });

    const failed = await applyFailure(failures.shift(), req, (status, body) => {
      if (body === undefined) sendProblem(res, problems.forStatus(status, path));
      else send(res, status, status >= 400 ? problem : json, body);
    });
    if (failed) return;

    if (path !== config.endpoint) return sendProblem(res, problems.notFound(path));
    if (req.method !== 'POST') return sendProblem(res, problems.methodNotAllowed(path), { allow: 'POST' });
    if (!config.isSupportedContentType(header(req, 'content-type'))) return sendProblem(res, problems.unsupportedMediaType(path));
    if (!config.isAcceptable(header(req, 'accept'))) return sendProblem(res, problems.notAcceptable(path));
    if (!parsed.ok) return sendProblem(res, problems.invalidJson(path));

    const result = config.answer(parsed.value, path);
    if (result.status === 200) send(res, 200, json, result.body);
    else sendProblem(res, result);
  }

  const listening = await serveMock(handle, (req, res) => sendProblem(res, problems.forStatus(500, req.url ?? '/')), {
    port: config.port,
    host,
    logger: config.logger,
  });

  return {
    url: `${listening.origin}${config.basePath}`,
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
