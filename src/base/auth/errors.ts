// Why a token was refused. The `code` is stable and meant for logs and metrics; callers
// show users nothing but UNAUTHENTICATED (HTTP 401, `error="invalid_token"`), so that a
// probing client learns nothing about which check failed.

export const AUTH_ERROR_CODES = [
  /** Not a compact JWS: wrong number of segments, undecodable header or payload. */
  'TOKEN_MALFORMED',
  /** JOSE header `alg` is not one of RS256, PS256, ES256 (this covers `none` and HS*). */
  'ALGORITHM_NOT_ALLOWED',
  /** JOSE header `typ` is not `at+jwt`: an ID token, a logout token, a client assertion... */
  'TOKEN_TYPE_NOT_ACCESS_TOKEN',
  /** JOSE header `kid` is absent; without it key rotation is guesswork. */
  'KEY_ID_MISSING',
  /** `iss` is not one of the trusted issuers. */
  'ISSUER_NOT_TRUSTED',
  /** The issuer's JWKS has no key with that `kid` (and algorithm). */
  'KEY_NOT_FOUND',
  /** The issuer's JWKS could not be fetched: an outage, not the caller's fault. */
  'JWKS_UNAVAILABLE',
  /** The signature does not verify with the issuer's key. */
  'SIGNATURE_INVALID',
  /** A required claim is absent. */
  'CLAIM_MISSING',
  /** A claim is present but of the wrong type or shape. */
  'CLAIM_INVALID',
  /** `aud` does not contain the audience configured for the issuer. */
  'AUDIENCE_MISMATCH',
  /** `exp` has passed (beyond the clock tolerance). */
  'TOKEN_EXPIRED',
  /** `nbf` is in the future (beyond the clock tolerance). */
  'TOKEN_NOT_YET_VALID',
  /** `iat` is in the future (beyond the clock tolerance). */
  'TOKEN_ISSUED_IN_FUTURE',
  /** `iat` is older than the maximum token age asked for by the caller. */
  'TOKEN_TOO_OLD',
  /** `exp - iat` exceeds the issuer's maximum token lifetime (a token made to live for ever). */
  'TOKEN_LIFETIME_TOO_LONG',
  /** Neither `client_id` nor `azp`, or both and they differ. */
  'CLIENT_ID_MISSING',
  'CLIENT_ID_MISMATCH',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends Error {
  override readonly name = 'AuthError';

  /**
   * True when the refusal is not the token's fault (the issuer's JWKS is unreachable):
   * the facade answers 503 AUTHENTICATION_UNAVAILABLE instead of 401, so that clients retry
   * rather than log in again (src/pipeline/2-authenticate/).
   */
  readonly transient: boolean;

  constructor(
    readonly code: AuthErrorCode,
    /** Detail for the application log. Never contains the token itself. */
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.transient = code === 'JWKS_UNAVAILABLE';
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
