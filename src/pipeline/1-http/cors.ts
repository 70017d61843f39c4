// CORS by an explicit allow-list (CORS_ORIGINS): a browser front end on another
// origin may call /graphql only when its exact origin is listed; nothing is
// allowed by default. A preflight from an origin on the list is answered here
// (204); from any other origin it gets 403 without CORS headers.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request headers a front end may send to /graphql. */
const ALLOWED_HEADERS = 'authorization, content-type, x-doelbinding, x-verwerking, x-authz-mode, traceparent, apollo-require-preflight';

/** Returns true when the request was a preflight and has been answered. */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const listed = typeof origin === 'string' && allowed.has(origin);
  if (listed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (!listed) {
    res.writeHead(403, { 'content-length': '0' });
    res.end();
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
