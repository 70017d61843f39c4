// Public surface of phase 2. Import from here; the files behind it may move.
export {
  ALLOWED_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  MAX_CLOCK_TOLERANCE_SECONDS,
  authConfigFromEnv,
  createAuthConfig,
  readJwksFile,
  type AllowedAlgorithm,
  type AuthConfig,
  type AuthConfigInput,
  type TrustedIssuer,
} from './config.ts';
export { AUTH_ERROR_CODES, AuthError, isAuthError, type AuthErrorCode } from './errors.ts';
export type { Principal, PrincipalKind } from './principal.ts';
export {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
  type VerifierOptions,
  type VerifyOptions,
} from './verify-access-token.ts';
