// The mock Edu-V supplier's authorisation server, as far as the facade meets
// it: a token endpoint for client credentials with `private_key_jwt` (RFC 7523)
// that checks the client assertion as a real one must — signed by the client's
// registered key, iss = sub = the client, aud = this endpoint, short-lived, its
// jti never seen before — and the check of the access tokens it issued, which
// the mock's API asks on every call. Development and tests only.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

export const TOKEN_PATH = '/oauth2/token';
/** The audience of the access tokens: the API, not the token endpoint. */
const API_AUDIENCE = 'eduv';
/** An assertion valid for longer than this is refused: it would be worth stealing. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_FORM_BYTES = 16 * 1024;

export interface MockAuthorizationOptions {
  /** The mock's origin, e.g. http://127.0.0.1:4003; the token endpoint is origin + /oauth2/token. */
  issuer: string;
  /** Registered clients: their public key, and the scopes they may be given (default: any asked). */
  clients: Record<string, { jwk: JWK; scopes?: readonly string[] }>;
  tokenLifetimeSeconds?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

export interface MockAuthorization {
  tokenUrl: string;
  handleToken(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** True for `Bearer <token>` with a token this server issued, valid now. */
  verify(authorization: string | undefined): Promise<boolean>;
  /** Tokens issued so far. */
  issued(): number;
}

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function createMockAuthorization(options: MockAuthorizationOptions): Promise<MockAuthorization> {
  const tokenUrl = `${options.issuer}${TOKEN_PATH}`;
  const now = () => options.now?.() ?? Date.now();
  const lifetime = options.tokenLifetimeSeconds ?? 300;
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const clientKeys = new Map<string, CryptoKey | Uint8Array>();
  for (const [clientId, { jwk }] of Object.entries(options.clients)) {
    clientKeys.set(clientId, await importJWK(jwk, jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256')));
  }
  /** jti → when it may be forgotten (the assertion has expired by then). */
  const seen = new Map<string, number>();
  let issued = 0;

  async function clientOf(form: URLSearchParams): Promise<{ clientId: string } | { error: OAuthError }> {
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return { error: 'invalid_client' };
    const clientId = form.get('client_id') ?? '';
    const key = clientKeys.get(clientId);
    const assertion = form.get('client_assertion');
    if (!key || !assertion) return { error: 'invalid_client' };
    try {
      const { payload } = await jwtVerify(assertion, key, {
        issuer: clientId,
        subject: clientId,
        audience: tokenUrl,
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(now()),
        algorithms: ['RS256', 'PS256', 'ES256'],
      });
      // jose accepts an audience array that holds the endpoint; the NL GOV profile wants the endpoint alone.
      if (payload.aud !== tokenUrl) return { error: 'invalid_client' };
      const nowSeconds = Math.floor(now() / 1000);
      if (payload.exp! - nowSeconds > MAX_ASSERTION_LIFETIME_SECONDS) return { error: 'invalid_client' };
      for (const [jti, forgetAt] of seen) if (forgetAt < nowSeconds) seen.delete(jti);
      if (seen.has(payload.jti!)) return { error: 'invalid_client' };
      seen.set(payload.jti!, payload.exp!);
      return { clientId };
    } catch {
      return { error: 'invalid_client' };
    }
  }

  return {
    tokenUrl,
    issued: () => issued,
    async handleToken(req, res) {
      if (req.method !== 'POST') return answer(res, 405, { error: 'invalid_request' });
      const form = await readForm(req);
      if (!form) return answer(res, 400, { error: 'invalid_request' });
      const grant = form.get('grant_type');
      if (!grant) return answer(res, 400, { error: 'invalid_request' });
      if (grant !== 'client_credentials') return answer(res, 400, { error: 'unsupported_grant_type' });
      const client = await clientOf(form);
      if ('error' in client) return answer(res, 401, { error: client.error });
      const allowed = options.clients[client.clientId]?.scopes;
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (allowed && asked.some((s) => !allowed.includes(s))) return answer(res, 400, { error: 'invalid_scope' });
      const scope = (asked.length ? asked : (allowed ?? [])).join(' ');
      const iat = Math.floor(now() / 1000);
      const token = await new SignJWT({ client_id: client.clientId, scope })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
        .setIssuer(options.issuer)
        .setSubject(client.clientId)
        .setAudience(API_AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetime)
        .sign(privateKey);
      issued++;
      answer(res, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope });
    },
    async verify(authorization) {
      const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '');
      if (!match) return false;
      try {
        await jwtVerify(match[1], publicKey, { issuer: options.issuer, audience: API_AUDIENCE, currentDate: new Date(now()), typ: 'at+jwt' });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A key pair for a client of this server: the private key for the client, the public JWK to register. */
export async function mockClientKeys(alg: 'ES256' | 'RS256' = 'ES256'): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), alg } };
}
