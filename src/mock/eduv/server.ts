import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadEduvContract } from '../../eduv/contract.ts';
import { indexDataset } from './dataset-index.ts';
import { DEFAULT_EDUV_SEED, generateEduvDataset } from './generate.ts';
import { CursorCodec } from './paging.ts';
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE, methodNotAllowed, notFound, problemForStatus, type Problem } from './problems.ts';
import { ROUTES, handleRoute } from './routes.ts';
import type { EduvDataset } from './types.ts';

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

export interface FailureInjection {
  /** Respond with this status instead of handling the request (problem+json unless a body is given). */
  status?: number;
  /** Respond with this JSON body (status default 500). */
  body?: unknown;
  /** Wait this long first; with neither status nor body, the request is then handled normally. */
  delayMs?: number;
  /** Drop the connection without any response. */
  destroySocket?: boolean;
}

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
  close(): Promise<void>;
}

export interface EduvMockOptions {
  port?: number;
  host?: string;
  /** Seed of the generated data (default DEFAULT_EDUV_SEED); ignored when `dataset` is given. */
  seed?: number;
  /** Serve this dataset instead of generating one, e.g. generateEduvDataset(seed, { scale: 6 }). */
  dataset?: EduvDataset;
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
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;
    requests.push({ method: req.method ?? '', path, query: queryRecord(url.searchParams), headers: { ...req.headers }, receivedAt: new Date() });
    // The mock reads no request body; drain it so keep-alive connections stay usable.
    req.resume();

    const failure = failures.shift();
    if (failure) {
      if (failure.delayMs) await sleep(failure.delayMs);
      if (failure.destroySocket) {
        req.socket.destroy();
        return;
      }
      if (failure.status !== undefined || failure.body !== undefined) {
        const status = failure.status ?? 500;
        if (failure.body === undefined) sendProblem(res, problemForStatus(status, path));
        else send(res, status, status >= 400 ? PROBLEM_CONTENT_TYPE : JSON_CONTENT_TYPE, failure.body);
        return;
      }
    }

    const route = path.startsWith(`${BASE_PATH}/`) ? ROUTES.get(path.slice(BASE_PATH.length)) : undefined;
    if (!route) return sendProblem(res, notFound(path));
    if (req.method !== 'GET') return sendProblem(res, methodNotAllowed(path), { allow: 'GET' });
    const result = handleRoute(route, url.searchParams, { index, codec, instance: path });
    if ('page' in result) send(res, 200, JSON_CONTENT_TYPE, result.page);
    else sendProblem(res, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendProblem(res, problemForStatus(500, req.url?.split('?')[0] ?? '/'));
      else res.destroy();
    });
  });
  // Clients such as undici keep connections alive between requests; make that cheap and safe.
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${hostInUrl}:${port}${BASE_PATH}`,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (f) => {
      failures.push(f);
    },
    data,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
    }),
  };
}
