// The keys of one trusted issuer: a remote JWKS (cached, refetched when an unknown `kid`
// shows up, which is how issuers rotate keys) or a fixed local key set.
// Key lookup failures are classified here, because "this kid does not exist" (the token's
// fault: 401) and "the issuer cannot be reached" (an outage: retry) call for different answers.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from 'jose';
import { readJwksFile, type TrustedIssuer } from './config.ts';
import { AuthError } from './errors.ts';

export interface IssuerKeys {
  /**
   * Every key of the set that matches the header's `kid` and `alg`. Usually one; several only
   * when an issuer publishes a `kid` twice, in which case each is tried.
   */
  candidates(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey[]>;
  /** True when the key set is (or can now be) loaded. Used by the readiness probe. */
  ready(): Promise<boolean>;
}

export interface RemoteJwksOptions {
  /** HTTP timeout per fetch. */
  timeoutMs?: number;
  /** Minimum time between refetches triggered by unknown `kid`s: a flood of forged kids cannot hammer the issuer. */
  cooldownMs?: number;
  /** Keys older than this are refetched before use. */
  cacheMaxAgeMs?: number;
}

const DEFAULT_REMOTE: Required<RemoteJwksOptions> = {
  timeoutMs: 5_000,
  cooldownMs: 30_000,
  cacheMaxAgeMs: 10 * 60_000,
};

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export function issuerKeys(trusted: TrustedIssuer, options: RemoteJwksOptions = {}): IssuerKeys {
  if (trusted.jwksUrl === undefined) {
    const jwks = trusted.jwks ?? readJwksFile(trusted.jwksFile as string);
    const origin = trusted.jwksFile ?? `the key set configured for ${trusted.issuer}`;
    const local = createLocalJWKSet(jwks);
    return {
      candidates: (header, token) => resolveCandidates(local, header, token, origin),
      ready: async () => true,
    };
  }

  const url = trusted.jwksUrl;
  const opts = { ...DEFAULT_REMOTE, ...options };
  const remote = createRemoteJWKSet(new URL(url), {
    timeoutDuration: opts.timeoutMs,
    cooldownDuration: opts.cooldownMs,
    cacheMaxAge: opts.cacheMaxAgeMs,
  });
  return {
    candidates: (header, token) => resolveCandidates(remote, header, token, url),
    async ready() {
      // A fresh cache answers without a request, so frequent readiness probes stay cheap.
      if (remote.fresh) return true;
      try {
        await remote.reload();
        return remote.jwks() !== undefined;
      } catch {
        return false;
      }
    },
  };
}

async function resolveCandidates(
  resolve: KeyResolver,
  header: JWSHeaderParameters,
  token: FlattenedJWSInput,
  origin: string,
): Promise<CryptoKey[]> {
  try {
    return [await resolve(header, token)];
  } catch (error) {
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      const keys: CryptoKey[] = [];
      for await (const key of error) keys.push(key);
      if (keys.length > 0) return keys;
      throw new AuthError('KEY_NOT_FOUND', `no usable key for kid "${String(header.kid)}" in ${origin}`, { cause: error });
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      throw new AuthError('KEY_NOT_FOUND', `no key with kid "${String(header.kid)}" for ${String(header.alg)} in ${origin}`, { cause: error });
    }
    // Timeouts, connection errors, non-200 answers, malformed key sets: the issuer's side.
    throw new AuthError('JWKS_UNAVAILABLE', `key set ${origin} unavailable: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

