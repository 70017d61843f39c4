// Phase 2, "Authenticate": a bearer token in, a Principal out, or an AuthError naming the
// check that failed. The checks themselves live in checks.ts; this file only orders them
// and wires in the issuers' keys.
import { createHash } from 'node:crypto';
import { PROFILES } from './profiles.ts';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './limits.ts';
import { compactVerify, errors, type CryptoKey, type JWSHeaderParameters } from 'jose';
import { createAuthConfig, type AuthConfig, type TrustedIssuer } from './config.ts';
import {
  checkAlgorithm,
  checkAudience,
  checkClientId,
  checkIssuedAt,
  checkLifetime,
  checkIssuerTrusted,
  checkKeyId,
  checkMaxTokenAge,
  checkNotBefore,
  checkNotExpired,
  checkRequiredClaims,
  decodeToken,
  parseVerifiedPayload,
} from './checks.ts';
import { AuthError } from './errors.ts';
import { issuerKeys, type IssuerKeys, type RemoteJwksOptions } from './jwks.ts';
import { principalFromClaims, type Principal } from './principal.ts';

export interface VerifyOptions {
  /**
   * Refuse tokens whose `iat` is older than this many seconds, even if not yet expired.
   * Per call, because only some exchanges (Edu-V classes III and IV) demand it.
   */
  maxTokenAgeSeconds?: number;
}

export interface AccessTokenVerifier {
  verify(token: string, options?: VerifyOptions): Promise<Principal>;
  /** True when the key set of every trusted issuer is loaded or reachable. */
  ready(): Promise<boolean>;
}

export interface VerifierOptions {
  remoteJwks?: RemoteJwksOptions;
  /** Current time in seconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Where a verified principal keeps the key its token was verified with (not enumerable: never logged or copied). */
const VERIFIED_WITH = Symbol('verified with');

/** The issuer's public key that verified this principal's token, with the token's `alg` and `kid`. */
export function verificationKeyOf(principal: Principal): { key: CryptoKey; alg: string; kid?: string } | undefined {
  return (principal as Principal & { [VERIFIED_WITH]?: { key: CryptoKey; alg: string; kid?: string } })[VERIFIED_WITH];
}

export function createAccessTokenVerifier(config: AuthConfig, options: VerifierOptions = {}): AccessTokenVerifier {
  // Re-validated so that a hand-built config object gets the same guarantees as one from env.
  const valid = createAuthConfig(config);
  const tolerance = valid.clockToleranceSeconds;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const keysByIssuer = new Map<string, IssuerKeys>(
    valid.issuers.map((t) => [t.issuer, issuerKeys(t, options.remoteJwks)]),
  );

  async function verify(token: string, verifyOptions: VerifyOptions = {}): Promise<Principal> {
    const { maxTokenAgeSeconds } = verifyOptions;
    if (maxTokenAgeSeconds !== undefined && (!Number.isInteger(maxTokenAgeSeconds) || maxTokenAgeSeconds <= 0)) {
      throw new TypeError('maxTokenAgeSeconds must be a positive whole number');
    }
    if (typeof token !== 'string' || token.length === 0) throw new AuthError('TOKEN_MALFORMED', 'empty token');

    // 1. Header, before any key is fetched.
    const { header, unverifiedPayload } = decodeToken(token);
    const alg = checkAlgorithm(header);
    checkKeyId(header);

    // 2. The issuer picks the key set and its profile; the signature then proves the issuer said so.
    const trusted = checkIssuerTrusted(unverifiedPayload, valid.issuers);
    const profile = PROFILES[trusted.profile ?? 'rfc9068'];
    // An ID token (or another token type) is refused before any key is fetched; again below on the verified payload.
    profile.checkAccessToken(header, unverifiedPayload);
    const keys = keysByIssuer.get(trusted.issuer) as IssuerKeys;
    const { payload: payloadBytes, key: signingKey } = await verifySignature(token, header, alg, keys, trusted);

    // 3. Claims, from the verified payload only.
    const verified = parseVerifiedPayload(payloadBytes);
    profile.checkAccessToken(header, verified);
    const claims = checkRequiredClaims(verified, profile.tokenIdClaim);
    checkAudience(claims, trusted.audience);
    const t = now();
    checkNotExpired(claims, t, tolerance);
    checkLifetime(claims, trusted.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
    checkNotBefore(claims, t, tolerance);
    checkIssuedAt(claims, t, tolerance);
    if (maxTokenAgeSeconds !== undefined) checkMaxTokenAge(claims, t, tolerance, maxTokenAgeSeconds);
    const clientId = checkClientId(claims);

    const principal = principalFromClaims(claims, clientId, trusted.rolesClaim ?? valid.rolesClaim ?? profile.rolesClaim, profile);
    principal.tokenSha256 = createHash('sha256').update(token, 'ascii').digest('hex');
    // The key that verified it, for the protocol's token evidence (kept outside the database).
    Object.defineProperty(principal, VERIFIED_WITH, { value: { key: signingKey, alg, kid: typeof header.kid === 'string' ? header.kid : undefined }, enumerable: false });
    return principal;
  }

  async function ready(): Promise<boolean> {
    const results = await Promise.all([...keysByIssuer.values()].map((k) => k.ready()));
    return results.every(Boolean);
  }

  return { verify, ready };
}

async function verifySignature(
  token: string,
  header: JWSHeaderParameters,
  alg: string,
  keys: IssuerKeys,
  trusted: TrustedIssuer,
): Promise<{ payload: Uint8Array; key: CryptoKey }> {
  const [protectedHeader, payload, signature] = token.split('.');
  const candidates: CryptoKey[] = await keys.candidates(header, { protected: protectedHeader, payload, signature });
  let lastError: unknown;
  for (const key of candidates) {
    try {
      // `algorithms` again here: the allow-list is enforced by jose too, not only by our check.
      const result = await compactVerify(token, key, { algorithms: [alg] });
      return { payload: result.payload, key };
    } catch (error) {
      lastError = error;
      if (error instanceof errors.JWSInvalid) {
        throw new AuthError('TOKEN_MALFORMED', `JWS rejected: ${error.message}`, { cause: error });
      }
    }
  }
  throw new AuthError('SIGNATURE_INVALID', `signature does not verify with the keys of ${trusted.issuer}`, { cause: lastError });
}
