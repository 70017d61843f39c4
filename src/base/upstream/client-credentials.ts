// The facade's own access token towards an upstream that wants one: OAuth 2.0
// client credentials with `private_key_jwt` client authentication (RFC 7523,
// section 2.2), as the NL GOV Assurance profile for OAuth 2.0 asks of
// confidential clients — no shared secret, a short-lived assertion signed with
// the participant's key instead.
//
// One token is cached and handed to every call until shortly before it
// expires; callers that arrive while it is being fetched wait for that one
// fetch (no stampede on the authorisation server). A token the upstream refuses
// is dropped (`invalidate`). Neither the assertion nor the token is ever logged
// or put in an error.
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { request, type Dispatcher } from 'undici';
import { UpstreamError } from './upstream-error.ts';

/** Client-assertion signatures of the NL GOV OAuth profile. */
export const CLIENT_ASSERTION_ALGS = ['RS256', 'PS256', 'ES256'] as const;
export type ClientAssertionAlg = (typeof CLIENT_ASSERTION_ALGS)[number];

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  /** Signs the client assertion; its public key is registered with the authorisation server. */
  privateKey: KeyObject | CryptoKey;
  /** `kid` of the key in the JWKS the authorisation server knows. */
  keyId?: string;
  alg: ClientAssertionAlg;
  scope?: string;
  /** mTLS towards the token endpoint (RFC 8705 certificate-bound tokens), when the upstream asks it. */
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  /** A cached token is renewed this long before it expires (clock skew, calls in flight). */
  refreshBeforeSeconds?: number;
}

/** An assertion is good for one request: a minute is ample and keeps a stolen one worthless. */
const ASSERTION_LIFETIME_SECONDS = 60;
/** When the answer names no lifetime, assume a short one rather than keep a token too long. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
/** RFC 6749 §5.2 limits `error` to these characters: anything else is not an error code, and stays out of our errors. */
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

export class ClientCredentials {
  // `#` fields, not `private`: they show in neither util.inspect nor JSON.stringify, so logging
  // this object by mistake does not put the token in the log.
  #cached?: { token: string; renewAt: number };
  #inFlight?: Promise<string>;
  /** Tokens fetched, for tests and metrics. */
  fetched = 0;

  constructor(private readonly options: ClientCredentialsOptions) {}

  token(): Promise<string> {
    const now = this.now();
    if (this.#cached && now < this.#cached.renewAt) return Promise.resolve(this.#cached.token);
    this.#inFlight ??= this.fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** The upstream refused `token` (401): the next call fetches a fresh one. */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private async assertion(): Promise<string> {
    const { clientId, tokenUrl, alg, keyId, privateKey } = this.options;
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
      .sign(privateKey);
  }

  private async fetch(): Promise<string> {
    const { tokenUrl, clientId, scope } = this.options;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await this.assertion(),
      ...(scope ? { scope } : {}),
    });
    let response: Dispatcher.ResponseData;
    try {
      response = await request(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        dispatcher: this.options.dispatcher,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (err) {
      throw new UpstreamError('unavailable', { cause: `token endpoint: ${err instanceof Error ? err.name : 'unknown'}` });
    }
    const status = response.statusCode;
    const body = (await response.body.json().catch(() => undefined)) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (status !== 200) {
      // The OAuth error code (invalid_client, invalid_scope) says what to fix; the rest of the body stays out.
      const code = typeof body?.error === 'string' && OAUTH_ERROR_CODE.test(body.error) ? body.error : undefined;
      throw new UpstreamError(status === 400 || status === 401 ? 'forbidden' : 'unavailable', { status, code, cause: 'token endpoint refused' });
    }
    if (typeof body?.access_token !== 'string' || typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
      throw new UpstreamError('unexpected', { status, cause: 'token endpoint: no bearer token in the answer' });
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_LIFETIME_SECONDS;
    // Renew early, but never so early that a short-lived token is fetched on every call.
    const margin = Math.min(this.options.refreshBeforeSeconds ?? 30, lifetime / 2);
    this.#cached = { token: body.access_token, renewAt: this.now() + (lifetime - margin) * 1000 };
    this.fetched++;
    return body.access_token;
  }
}

