// Phase 1, HTTP: a plain node:http server that routes health endpoints itself
// and hands /graphql to Apollo Server through its integration API
// (executeHTTPGraphQLRequest), so no web framework sits in between.
import type { Drain } from './drain.ts';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';
import type { Logger } from '../../base/log/logger.ts';
import type { AccessMark } from '../../base/http/access-mark.ts';
import { handleCors } from './cors.ts';
import { setSecurityHeaders } from './security-headers.ts';

import { logAccess } from '../../base/log/access-log.ts';
import { beginTrace, idsOnlyTracer, traceresponse, type RequestTrace } from '../../base/http/trace.ts';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';

export type { AccessMark };

export type ReadinessCheck = () => Promise<boolean>;


export interface HttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the context (phases 2 and 3); gets the parsed body too, to record refused requests. */
  context: (req: IncomingMessage, body: unknown, mark: AccessMark) => ContextThunk<TContext>;
  /** Writes the access record of an exchange that ended without one (see AccessMark). */
  recordUnrecorded: (req: IncomingMessage, body: unknown, status: number, mark: AccessMark) => Promise<void>;
  readiness: Record<string, ReadinessCheck>;
  logger: Logger;
  /** Extra GET routes (e.g. the development sandbox). Return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** HTTPS with these PEMs; with `clientCa`, client certificates are requested and verified against it. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Maximum request body in bytes. */
  maxBodyBytes?: number;
  /** Browser origins allowed to call /graphql (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** How long a sender may take, in milliseconds: see `hardenTimeouts`. */
  timeouts?: HttpTimeouts;
  /** Counts requests in flight and turns readiness off on SIGTERM (drain.ts). */
  drain?: Drain;
  /** Makes each /graphql request's server span (ids only, nothing exported, when not given). */
  tracer?: Tracer;
}

/**
 * When the exchange is over (answered, or the connection gone): its server span ends and its one
 * access-log line is written, with what the access record said.
 */
function endExchange(req: IncomingMessage, res: ServerResponse, logger: Logger, trace: RequestTrace, mark: AccessMark, started: number): void {
  res.once('close', () => {
    const status = res.writableFinished ? res.statusCode : 499;
    trace.span.setAttribute('http.response.status_code', status);
    if (status >= 500) trace.span.setStatus({ code: SpanStatusCode.ERROR });
    trace.span.end();
    logAccess(logger, {
      method: req.method ?? 'GET',
      path: '/graphql',
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      traceId: trace.traceId,
      ...mark.outcome,
    });
  });
}

export interface HttpTimeouts {
  /** All request headers must arrive within this time. */
  headersMs: number;
  /** The whole request, body included, must arrive within this time (a trickled body, a Content-Length larger than the body). */
  requestMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

/**
 * Slow senders are cut within seconds, not Node's default minutes: the server drops a request
 * whose headers or body do not arrive in time, and idle keep-alive connections.
 */
function hardenTimeouts(server: Server, timeouts: HttpTimeouts): Server {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // Node checks both timeouts on this interval: keep it well below the shortest.
  (server as Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(1000, timeouts.headersMs / 2, timeouts.requestMs / 2);
  return server;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpServer<TContext extends BaseContext>(options: HttpServerOptions<TContext>): Server {
  const { apollo, logger } = options;
  const maxBody = options.maxBodyBytes ?? 256 * 1024;

  async function readiness(res: ServerResponse): Promise<void> {
    // Draining: not ready, whatever the checks say, so the load balancer sends nothing new.
    if (options.drain?.draining) return sendJson(res, 503, { status: 'draining' });
    const entries = await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
    );
    const checks = Object.fromEntries(entries.map(([name, ok]) => [name, ok ? 'up' : 'down']));
    const ready = entries.every(([, ok]) => ok);
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    // Every answer, also a 401, names its trace: the key to the protocol log.
    const trace = beginTrace(req, options.tracer ?? idsOnlyTracer);
    res.setHeader('traceresponse', traceresponse(trace));
    const mark: AccessMark = { recorded: false };
    endExchange(req, res, logger, trace, mark, started);
    const refuse = async (status: number, message: string) => {
      await options.recordUnrecorded(req, undefined, status, mark);
      sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    };
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, maxBody);
      } catch (err) {
        if (err instanceof BodyTooLarge) return refuse(413, 'The request body is too large.');
        throw err;
      }
      if ((req.headers['content-type'] ?? '').includes('application/json') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          return refuse(400, 'The request body is not valid JSON.');
        }
      } else {
        body = text;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: options.context(req, body, mark),
    });
    // Refused by Apollo before the request pipeline (and its protocol phase) ran.
    if (!mark.recorded) await options.recordUnrecorded(req, body, response.status ?? 200, mark);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const corsOrigins = new Set(options.corsOrigins ?? []);
  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://facade.invalid');
    options.drain?.track(res);
    setSecurityHeaders(res, Boolean(options.tls));
    const route = async (): Promise<void> => {
      if (req.method === 'GET' && url.pathname === '/health/live') return sendJson(res, 200, { status: 'live' });
      if (req.method === 'GET' && url.pathname === '/health/ready') return readiness(res);
      if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
      if (url.pathname === '/graphql') {
        if (handleCors(req, res, corsOrigins)) return;
        return graphql(req, res, url);
      }
      sendJson(res, 404, { error: 'not found' });
    };
    route().catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled error in HTTP handler');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };
  const timeouts = options.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  if (!options.tls) return hardenTimeouts(createServer(handler), timeouts);
  // A client without a certificate is still served (BRP callers need none); a certificate-bound
  // Edu-V token then fails its layer check, which reads socket.authorized.
  return hardenTimeouts(
    createHttpsServer(
      {
        cert: options.tls.cert,
        key: options.tls.key,
        ca: options.tls.clientCa,
        requestCert: Boolean(options.tls.clientCa),
        rejectUnauthorized: false,
        // A connection that never completes its TLS handshake is cut like a slow sender.
        handshakeTimeout: timeouts.headersMs,
      },
      handler,
    ),
    timeouts,
  );
}

export async function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const scheme = 'setSecureContext' in server ? 'https' : 'http';
  return { url: `${scheme}://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`, port: address.port };
}
