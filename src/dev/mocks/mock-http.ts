// What the mock upstreams share: a keep-alive HTTP server that closes every
// connection on close(), and failure injection for tests of the facade's
// error handling.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { logAccess, traceIdOf } from '../../base/log/access-log.ts';
import type { Logger } from '../../base/log/logger.ts';

export interface FailureInjection {
  /** Respond with this status instead of handling the request (the mock's problem body unless a body is given). */
  status?: number;
  /** Respond with this JSON body (status default 500). */
  body?: unknown;
  /** Wait this long first; with neither status nor body, the request is then handled normally. */
  delayMs?: number;
  /** Drop the connection without any response. */
  destroySocket?: boolean;
}

/**
 * Applies a queued failure. Returns true when the request is done with (answered
 * by `answer` or dropped), false when it should be handled normally.
 */
export async function applyFailure(
  failure: FailureInjection | undefined,
  req: IncomingMessage,
  answer: (status: number, body: unknown | undefined) => void,
): Promise<boolean> {
  if (!failure) return false;
  if (failure.delayMs) await sleep(failure.delayMs);
  if (failure.destroySocket) {
    req.socket.destroy();
    return true;
  }
  if (failure.status === undefined && failure.body === undefined) return false;
  answer(failure.status ?? 500, failure.body);
  return true;
}

export interface ListeningMock {
  /** `http://host:port`, IPv6 hosts bracketed. */
  origin: string;
  close(): Promise<void>;
}

/** Serves `handle`; a handler that throws answers with `onCrash` (or drops a half-sent response). */
export async function serveMock(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onCrash: (req: IncomingMessage, res: ServerResponse) => void,
  options: { port?: number; host: string; logger?: Logger },
): Promise<ListeningMock> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // One access-log line per request, in the facade's format; the trace id joins the facade's line.
    if (options.logger) {
      const started = performance.now();
      const logger = options.logger;
      res.once('close', () =>
        logAccess(logger, {
          method: req.method ?? 'GET',
          path: (req.url ?? '/').split('?')[0],
          status: res.writableFinished ? res.statusCode : 499,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          traceId: traceIdOf(req.headers.traceparent),
        }),
      );
    }
    handle(req, res).catch(() => {
      if (!res.headersSent) onCrash(req, res);
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
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    origin: `http://${hostInUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
