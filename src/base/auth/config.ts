// Which issuers the facade trusts, and how strictly it reads their tokens.
// Built from the environment at start-up (`authConfigFromEnv`) or programmatically
// (`createAuthConfig`), e.g. when the server trusts the embedded development IdP.
// Both paths run the same validation, so a verifier never sees a half-valid config.
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { ConfigError } from '../config/env.ts';

/**
 * Asymmetric algorithms only. `none` and every HS* are absent on purpose: with an
 * allow-list of public-key algorithms, a token "signed" with the issuer's public key as an
 * HMAC secret, or not signed at all, is refused before any key is looked up.
 */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

import { DEFAULT_CLOCK_TOLERANCE_SECONDS, MAX_CLOCK_TOLERANCE_SECONDS } from './limits.ts';
import { AUTH_VARIABLES } from './variables.ts';
import { readVariables, type Mode } from '../config/variables.ts';
import { ISSUER_PROFILES, type IssuerProfileName } from './profiles.ts';

export { DEFAULT_CLOCK_TOLERANCE_SECONDS, MAX_CLOCK_TOLERANCE_SECONDS };

export const JWKS_REQUIRED = 'required (or AUTH_JWKS_FILE): where the issuer keys are';

/**
 * One trusted issuer. Its keys come from exactly one of `jwksUrl` (fetched, cached and
 * refetched on an unknown `kid`: how issuers rotate keys), `jwksFile` (read once when the
 * verifier is created) or `jwks` (given in code, e.g. an embedded development IdP).
 */
export interface TrustedIssuer {
  /** Exact `iss` value. */
  issuer: string;
  /** The value `aud` must contain for tokens of this issuer. */
  audience: string;
  jwksUrl?: string;
  jwksFile?: string;
  jwks?: JSONWebKeySet;
  /** `exp - iat` at most this many seconds (default 2 hours). */
  maxTokenLifetimeSeconds?: number;
  /** How this IdP's tokens are read (default rfc9068). */
  profile?: IssuerProfileName;
  /** Where this issuer puts roles, when not the configured ROLES_CLAIM (profile default: keycloak realm_access.roles, entra roles). */
  rolesClaim?: string;
}

export interface AuthConfig {
  issuers: readonly TrustedIssuer[];
  /** Dotted path to the roles array, e.g. `roles` or Keycloak's `realm_access.roles`; unset: each issuer's profile's. */
  rolesClaim?: string;
  clockToleranceSeconds: number;
}

export interface AuthConfigInput {
  issuers: readonly TrustedIssuer[];
  rolesClaim?: string;
  clockToleranceSeconds?: number;
}

/** Programmatic constructor: validates like `authConfigFromEnv`, naming the option on error. */
export function createAuthConfig(input: AuthConfigInput): AuthConfig {
  const rolesClaim = input.rolesClaim;
  if (rolesClaim !== undefined) checkRolesClaim(rolesClaim, 'rolesClaim');
  const clockToleranceSeconds = input.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  checkClockTolerance(clockToleranceSeconds, 'clockToleranceSeconds');

  if (input.issuers.length === 0) throw new ConfigError('issuers', 'at least one trusted issuer is required');
  const seen = new Set<string>();
  input.issuers.forEach((trusted, i) => {
    const at = `issuers[${i}]`;
    if (!trusted.issuer) throw new ConfigError(`${at}.issuer`, 'must not be empty');
    if (seen.has(trusted.issuer)) throw new ConfigError(`${at}.issuer`, `"${trusted.issuer}" is listed twice`);
    seen.add(trusted.issuer);
    if (!trusted.audience) throw new ConfigError(`${at}.audience`, 'must not be empty');
    const sources = [trusted.jwksUrl, trusted.jwksFile, trusted.jwks].filter((v) => v !== undefined);
    if (sources.length !== 1) throw new ConfigError(`${at}.jwksUrl`, 'give exactly one of jwksUrl, jwksFile or jwks');
    if (trusted.jwksUrl !== undefined) checkHttpUrl(trusted.jwksUrl, `${at}.jwksUrl`);
    if (trusted.jwksFile !== undefined) readJwksFile(trusted.jwksFile, `${at}.jwksFile`);
    if (trusted.jwks !== undefined) checkPublicJwks(trusted.jwks, `${at}.jwks`);
  });

  return {
    issuers: input.issuers.map((t) => ({ ...t })),
    rolesClaim,
    clockToleranceSeconds,
  };
}

/**
 * AUTH_ISSUER                  comma-separated issuers (required)
 * AUTH_JWKS_URL                comma-separated JWKS URLs, positionally matching AUTH_ISSUER
 * AUTH_JWKS_FILE               comma-separated JWKS files, positionally matching AUTH_ISSUER
 *                              (per position exactly one of URL or file; empty entries allowed
 *                              when both variables are used, e.g. "https://a/jwks," and ",b.json")
 * AUTH_AUDIENCE                one audience for all issuers, or one per issuer (required)
 * ROLES_CLAIM                  dotted claim path of the roles array (unset: the profile's — keycloak
 *                              `realm_access.roles`, rfc9068 and entra `roles`)
 * AUTH_CLOCK_TOLERANCE_SECONDS 0..60 (default 30)
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, mode: Mode = 'production'): AuthConfig {
  const v = readVariables(AUTH_VARIABLES, env, mode);
  const issuers = list(v.AUTH_ISSUER);
  if (issuers.length === 0) throw new ConfigError('AUTH_ISSUER', 'required: the issuer(s) whose access tokens are trusted');
  issuers.forEach((issuer) => {
    if (!issuer) throw new ConfigError('AUTH_ISSUER', 'contains an empty entry');
  });

  const urls = list(v.AUTH_JWKS_URL);
  const files = list(v.AUTH_JWKS_FILE);
  if (urls.length === 0 && files.length === 0) {
    throw new ConfigError('AUTH_JWKS_URL', JWKS_REQUIRED);
  }
  for (const [name, values] of [['AUTH_JWKS_URL', urls], ['AUTH_JWKS_FILE', files]] as const) {
    if (values.length > 0 && values.length !== issuers.length) {
      throw new ConfigError(name, `has ${values.length} entries but AUTH_ISSUER has ${issuers.length}; they match by position`);
    }
  }

  const profiles = list(v.AUTH_PROFILE);
  if (profiles.some((p) => !(ISSUER_PROFILES as readonly string[]).includes(p))) {
    throw new ConfigError('AUTH_PROFILE', `must be ${ISSUER_PROFILES.join(', ')} (one, or one per issuer by position)`);
  }
  if (profiles.length > 1 && profiles.length !== issuers.length) {
    throw new ConfigError('AUTH_PROFILE', `give one profile, or one per issuer (${issuers.length}), not ${profiles.length}`);
  }
  const lifetimes = list(v.AUTH_MAX_TOKEN_LIFETIME_SECONDS).map(Number);
  if (lifetimes.some((n) => !Number.isInteger(n) || n < 60 || n > 86_400)) {
    throw new ConfigError('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 'must be whole numbers of seconds between 60 and 86400');
  }
  if (lifetimes.length > 1 && lifetimes.length !== issuers.length) {
    throw new ConfigError('AUTH_MAX_TOKEN_LIFETIME_SECONDS', `give one lifetime, or one per issuer (${issuers.length}), not ${lifetimes.length}`);
  }
  const audiences = list(v.AUTH_AUDIENCE);
  if (audiences.length === 0) throw new ConfigError('AUTH_AUDIENCE', 'required: the audience this facade expects in tokens');
  if (audiences.length !== 1 && audiences.length !== issuers.length) {
    throw new ConfigError('AUTH_AUDIENCE', `give one audience, or one per issuer (${issuers.length}), not ${audiences.length}`);
  }
  if (audiences.some((a) => !a)) throw new ConfigError('AUTH_AUDIENCE', 'contains an empty entry');

  const trusted: TrustedIssuer[] = issuers.map((issuer, i) => {
    const url = urls[i] ?? '';
    const file = files[i] ?? '';
    if (url && file) throw new ConfigError('AUTH_JWKS_FILE', `position ${i + 1} has both a URL and a file; give one`);
    if (!url && !file) throw new ConfigError('AUTH_JWKS_URL', `no JWKS URL or file for issuer "${issuer}"`);
    const audience = audiences.length === 1 ? audiences[0] : audiences[i];
    const maxTokenLifetimeSeconds = lifetimes.length === 0 ? undefined : lifetimes.length === 1 ? lifetimes[0] : lifetimes[i];
    const profile = (profiles.length === 0 ? undefined : profiles.length === 1 ? profiles[0] : profiles[i]) as IssuerProfileName | undefined;
    if (url) {
      checkHttpUrl(url, 'AUTH_JWKS_URL');
      return { issuer, audience, jwksUrl: url, maxTokenLifetimeSeconds, ...(profile ? { profile } : {}) };
    }
    // Read here as well, so that a bad file is reported under the variable's own name.
    readJwksFile(file, 'AUTH_JWKS_FILE');
    return { issuer, audience, jwksFile: file, maxTokenLifetimeSeconds, ...(profile ? { profile } : {}) };
  });

  const rolesClaim = v.ROLES_CLAIM;
  if (rolesClaim !== undefined) checkRolesClaim(rolesClaim, 'ROLES_CLAIM');
  const clockToleranceSeconds = v.AUTH_CLOCK_TOLERANCE_SECONDS ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;

  return createAuthConfig({ issuers: trusted, ...(rolesClaim !== undefined ? { rolesClaim } : {}), clockToleranceSeconds });
}

/**
 * Reads a JWKS file once, at start-up. Rotating keys in a file means a restart; use a
 * JWKS URL where the issuer rotates on its own.
 */
export function readJwksFile(path: string, variable = 'jwksFile'): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, `"${path}" is not JSON`);
  }
  checkPublicJwks(parsed, variable);
  return parsed;
}

function list(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.split(',').map((s) => s.trim());
}

function checkHttpUrl(value: string, variable: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(variable, `must be an http(s) URL, got "${url.protocol}"`);
  }
}

function checkRolesClaim(path: string, variable: string): void {
  if (!/^[^.\s]+(\.[^.\s]+)*$/.test(path)) {
    throw new ConfigError(variable, `must be a dotted claim path such as "roles" or "realm_access.roles", got "${path}"`);
  }
}

function checkClockTolerance(seconds: number, variable: string): void {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new ConfigError(variable, `must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS} seconds, got ${seconds}`);
  }
}

/**
 * A trust anchor holds public keys with a `kid` and nothing else: private or symmetric key
 * material in it is a leak (and a symmetric key would invite HS256 forgeries).
 */
function checkPublicJwks(value: unknown, variable: string): asserts value is JSONWebKeySet {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new ConfigError(variable, 'is not a JSON Web Key Set (an object with a "keys" array)');
  }
  const keys = (value as { keys: unknown[] }).keys;
  if (keys.length === 0) throw new ConfigError(variable, 'the key set is empty');
  keys.forEach((key, i) => {
    if (typeof key !== 'object' || key === null) throw new ConfigError(variable, `keys[${i}] is not an object`);
    const jwk = key as Record<string, unknown>;
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new ConfigError(variable, `keys[${i}] has kty "${String(jwk.kty)}"; only RSA and EC public keys are accepted`);
    if ('d' in jwk || 'p' in jwk || 'q' in jwk || 'k' in jwk) throw new ConfigError(variable, `keys[${i}] contains private key material; publish public keys only`);
    if (typeof jwk.kid !== 'string' || !jwk.kid) throw new ConfigError(variable, `keys[${i}] has no "kid"; tokens are matched to keys by kid`);
  });
}
