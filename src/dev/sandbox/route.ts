// The development sandbox, served by the facade itself beside /graphql:
//
//   GET  /graphql (Accept: text/html)   the sandbox page: GraphiQL with persona and purpose pickers
//   GET  /sandbox/assets/<id>/<file>    its script and stylesheet (bundle.ts), cacheable for good
//   GET  /sandbox/personas              the development personas with the purposes they hold
//   POST /sandbox/token                 {"persona": "..."} → a token from the development IdP
//
// Tokens are fetched server-side because the dev IdP authenticates clients with
// private_key_jwt, and a client's private key has no business in a browser. Everything the
// page needs comes from this origin; it works without internet.
//
// Development only: creating the route with NODE_ENV=production throws, and main.ts only
// creates it when it embeds the development IdP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Logger } from '../../base/log/logger.ts';
import { facadeConfigFromEnv } from '../../pipeline/config.ts';
import { loadPolicy, type Policy } from '../../../rules/policy.ts';
import type { DevIdp } from '../idp/server.ts';
import { DevTokenRequestError, UnknownPersonaError } from '../idp/token-client.ts';
import { PERSONAS, findPersona } from '../personas.ts';
import { createSandboxBundle, type SandboxBundle } from './bundle.ts';
import { matrixHtml } from '../../../rules/review/matrix.ts';
import { SANDBOX_CSP, sandboxPage } from './page.ts';
import { sandboxPersonas } from './personas.ts';
import type { SandboxPersona, SandboxTokenResponse } from './types.ts';

export type SandboxRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface SandboxRouteOptions {
  idp: DevIdp;
  logger: Logger;
  /** The policy the facade enforces; default: the file POLICY_FILE names (rules/policy.yaml). */
  policy?: Policy;
  /** Where NODE_ENV and POLICY_FILE are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Bundle cache folder; default node_modules/.cache/facade-sandbox. */
  cacheDir?: string;
}

export class SandboxRefusedError extends Error {
  override readonly name = 'SandboxRefusedError';
}

/**
 * Apollo's hosted Sandbox, offered on the page as an external option for those online. It
 * calls the facade from the developer's browser, so it needs CORS for exactly its origin.
 */
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';

const ASSET_PREFIX = '/sandbox/assets/';
const MAX_TOKEN_BODY = 1024;

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^::ffff:/, '');
  return bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * DNS rebinding: a web page on evil.example whose name later resolves to 127.0.0.1 is
 * same-origin with this server as far as the browser knows, and could read tokens from
 * /sandbox/token. Its requests carry its own name in Host; so when the facade listens on
 * loopback, only loopback names are accepted. Bound elsewhere (HOST=0.0.0.0 in a container),
 * the developer chose the exposure and any Host is accepted.
 */
function hostAllowed(req: IncomingMessage): boolean {
  if (!isLoopbackAddress(req.socket.localAddress)) return true;
  const name = hostnameOf(req.headers.host);
  return name === 'localhost' || isLoopbackAddress(name);
}

function wantsHtml(req: IncomingMessage, url: URL): boolean {
  // GraphQL over GET (?query=…) stays GraphQL; a browser navigating here asks for HTML.
  return (req.method === 'GET' || req.method === 'HEAD') && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** CORS for Apollo's hosted Sandbox only; every other origin gets no CORS headers at all. */
function apolloStudioCors(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.origin !== APOLLO_STUDIO_ORIGIN) return false;
  res.setHeader('access-control-allow-origin', APOLLO_STUDIO_ORIGIN);
  res.setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS') return false; // the request itself goes on to /graphql
  const requested = req.headers['access-control-request-headers'];
  send(res, 204, '', {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': typeof requested === 'string' ? requested : 'authorization, content-type, x-doelbinding',
    // Chrome asks before a public site may reach a loopback address (Private Network Access).
    ...(req.headers['access-control-request-private-network'] === 'true' ? { 'access-control-allow-private-network': 'true' } : {}),
    'access-control-max-age': '600',
  });
  return true;
}

export async function createSandboxRoute(opts: SandboxRouteOptions): Promise<SandboxRoute> {
  const env = opts.env ?? process.env;
  if (env.NODE_ENV === 'production') {
    throw new SandboxRefusedError('the sandbox is a development tool and is not served with NODE_ENV=production');
  }
  const { idp, logger } = opts;
  const policy = opts.policy ?? loadPolicy(facadeConfigFromEnv(env).policyFile);
  const personas: SandboxPersona[] = sandboxPersonas(policy);
  const bundle: SandboxBundle = await createSandboxBundle({ logger, cacheDir: opts.cacheDir });
  const assetBase = `${ASSET_PREFIX}${bundle.id}/`;
  const page = sandboxPage({ script: assetBase + bundle.script, stylesheet: assetBase + bundle.stylesheet });

  // Build (or read from the cache) right away, without holding up the start-up: by the time a
  // browser asks for the script it is usually there. A failure is logged, and retried on request.
  bundle.assets().catch((err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'sandbox bundle failed to build');
  });

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // JSON only: a cross-site form or a "simple" fetch cannot send this content type without a
    // CORS preflight, which this route never answers.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { error: 'unsupported_media_type', error_description: 'send {"persona": "<name>"} as application/json' });
      return;
    }
    const body = await readJson(req, MAX_TOKEN_BODY);
    const name = typeof body === 'object' && body !== null && 'persona' in body ? body.persona : undefined;
    if (typeof name !== 'string' || !findPersona(name)) {
      sendJson(res, 400, { error: 'unknown_persona', error_description: `known personas: ${PERSONAS.map((p) => p.name).join(', ')}` });
      return;
    }
    try {
      const accessToken = await idp.tokenFor(name);
      logger.info({ persona: name }, 'sandbox token issued by the development IdP');
      const answer: SandboxTokenResponse = { access_token: accessToken, token_type: 'Bearer', persona: name };
      sendJson(res, 200, answer);
    } catch (err) {
      // OAuth error codes only; the messages of these errors never carry a token.
      const description = err instanceof DevTokenRequestError || err instanceof UnknownPersonaError ? err.message : 'the development IdP did not answer';
      logger.warn({ persona: name, err: err instanceof Error ? err.message : String(err) }, 'sandbox token request failed');
      sendJson(res, 502, { error: 'token_request_failed', error_description: description });
    }
  }

  async function asset(res: ServerResponse, path: string): Promise<void> {
    const [id, name, ...rest] = path.slice(ASSET_PREFIX.length).split('/');
    const assets = id === bundle.id && rest.length === 0 && name ? await bundle.assets() : undefined;
    const found = name ? assets?.get(name) : undefined;
    if (!found) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    // The id is a hash of the inputs: a URL never changes content, so browsers may keep it.
    send(res, 200, found.body, { 'content-type': found.contentType, 'cache-control': 'public, max-age=31536000, immutable' });
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://facade.invalid');
    if (url.pathname === '/graphql') {
      if (apolloStudioCors(req, res)) return true;
      if (!wantsHtml(req, url)) return false;
    } else if (!url.pathname.startsWith('/sandbox/')) {
      return false;
    }

    if (!hostAllowed(req)) {
      send(res, 403, 'The sandbox answers only to localhost names.\n', { 'content-type': 'text/plain; charset=utf-8' });
      return true;
    }
    if (url.pathname === '/graphql') {
      send(res, 200, req.method === 'HEAD' ? '' : page, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': SANDBOX_CSP,
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      return true;
    }
    // The policy as the privacy officer reviews it (npm run policy:matrix), beside the sandbox.
    if (url.pathname === '/sandbox/policy' && req.method === 'GET' && opts.policy) {
      send(res, 200, matrixHtml(opts.policy), { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" });
      return true;
    }
    if (url.pathname === '/sandbox/personas' && req.method === 'GET') {
      sendJson(res, 200, personas);
      return true;
    }
    if (url.pathname === '/sandbox/token') {
      if (req.method === 'POST') await token(req, res);
      else send(res, 405, '', { allow: 'POST' });
      return true;
    }
    if (url.pathname.startsWith(ASSET_PREFIX) && req.method === 'GET') {
      await asset(res, url.pathname);
      return true;
    }
    sendJson(res, 404, { error: 'not found' });
    return true;
  };
}
