// Every check a token passes, one named function each, in the order the verifier runs
// them. Cheap header checks come first, so a token with `alg: none` or the wrong `typ`
// never costs a key lookup. Each failure throws an AuthError with its own stable code.
import { decodeJwt, decodeProtectedHeader, type JWSHeaderParameters, type JWTPayload } from 'jose';
import { ALLOWED_ALGORITHMS, type AllowedAlgorithm, type TrustedIssuer } from './config.ts';
import { AuthError } from './errors.ts';

/** The claims every accepted access token has, with their types checked. */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  exp: number;
  iat: number;
  jti: string;
}

export interface DecodedToken {
  header: JWSHeaderParameters;
  /** Not yet verified: only used to choose the issuer whose keys verify the signature. */
  unverifiedPayload: JWTPayload;
}

export function decodeToken(token: string): DecodedToken {
  const segments = token.split('.');
  if (segments.length === 5) throw new AuthError('TOKEN_MALFORMED', 'encrypted tokens (JWE) are not accepted');
  if (segments.length !== 3) throw new AuthError('TOKEN_MALFORMED', 'not a compact JWS');
  try {
    return { header: decodeProtectedHeader(token) as JWSHeaderParameters, unverifiedPayload: decodeJwt(token) };
  } catch (error) {
    throw new AuthError('TOKEN_MALFORMED', 'header or payload cannot be decoded', { cause: error });
  }
}

export function checkAlgorithm(header: JWSHeaderParameters): AllowedAlgorithm {
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new AuthError('ALGORITHM_NOT_ALLOWED', `alg "${String(alg)}" is not one of ${ALLOWED_ALGORITHMS.join(', ')}`);
  }
  return alg as AllowedAlgorithm;
}

export function checkKeyId(header: JWSHeaderParameters): string {
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw new AuthError('KEY_ID_MISSING', 'header has no kid');
  }
  return header.kid;
}

export function checkIssuerTrusted(payload: JWTPayload, issuers: readonly TrustedIssuer[]): TrustedIssuer {
  if (typeof payload.iss !== 'string' || !payload.iss) throw new AuthError('CLAIM_MISSING', 'claim "iss" is missing');
  const trusted = issuers.find((t) => t.issuer === payload.iss);
  if (!trusted) throw new AuthError('ISSUER_NOT_TRUSTED', `issuer "${payload.iss}" is not trusted`);
  return trusted;
}

export function parseVerifiedPayload(bytes: Uint8Array): JWTPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new AuthError('TOKEN_MALFORMED', 'payload is not JSON', { cause: error });
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AuthError('TOKEN_MALFORMED', 'payload is not a JSON object');
  }
  return payload as JWTPayload;
}

export function checkRequiredClaims(payload: JWTPayload, tokenIdClaim: 'jti' | 'uti' = 'jti'): AccessTokenClaims {
  for (const name of ['iss', 'sub', tokenIdClaim] as const) {
    const value = payload[name];
    if (value === undefined) throw new AuthError('CLAIM_MISSING', `claim "${name}" is missing`);
    if (typeof value !== 'string' || value.length === 0) throw new AuthError('CLAIM_INVALID', `claim "${name}" must be a non-empty string`);
  }
  for (const name of ['exp', 'iat'] as const) {
    const value = payload[name];
    if (value === undefined) throw new AuthError('CLAIM_MISSING', `claim "${name}" is missing`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new AuthError('CLAIM_INVALID', `claim "${name}" must be a number`);
  }
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf))) {
    throw new AuthError('CLAIM_INVALID', 'claim "nbf" must be a number');
  }
  // The token id as `jti`, whichever claim this issuer names it with (Entra: `uti`).
  return (tokenIdClaim === 'jti' ? payload : { ...payload, jti: payload[tokenIdClaim] }) as AccessTokenClaims;
}

export function checkAudience(claims: AccessTokenClaims, expected: string): void {
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expected)) {
    throw new AuthError('AUDIENCE_MISMATCH', `aud does not contain "${expected}"`);
  }
}

export function checkNotExpired(claims: AccessTokenClaims, now: number, tolerance: number): void {
  if (claims.exp <= now - tolerance) throw new AuthError('TOKEN_EXPIRED', `expired ${now - claims.exp} s ago`);
}

export function checkNotBefore(claims: AccessTokenClaims, now: number, tolerance: number): void {
  if (claims.nbf !== undefined && claims.nbf > now + tolerance) {
    throw new AuthError('TOKEN_NOT_YET_VALID', `not valid for another ${claims.nbf - now} s`);
  }
}

export function checkIssuedAt(claims: AccessTokenClaims, now: number, tolerance: number): void {
  if (claims.iat > now + tolerance) throw new AuthError('TOKEN_ISSUED_IN_FUTURE', `issued ${claims.iat - now} s in the future`);
}

/** A token may live at most this long (`exp - iat`): an `exp` of 1e308 is no access token. */
export function checkLifetime(claims: AccessTokenClaims, maxLifetimeSeconds: number): void {
  const lifetime = claims.exp - claims.iat;
  if (lifetime > maxLifetimeSeconds) {
    throw new AuthError('TOKEN_LIFETIME_TOO_LONG', `lives ${lifetime} s; at most ${maxLifetimeSeconds} s allowed for this issuer`);
  }
}

/** Edu-V "extra" for confidential exchanges: a short-lived token, whatever its `exp` says. */
export function checkMaxTokenAge(claims: AccessTokenClaims, now: number, tolerance: number, maxAgeSeconds: number): void {
  const age = now - claims.iat;
  if (age - tolerance > maxAgeSeconds) {
    throw new AuthError('TOKEN_TOO_OLD', `issued ${age} s ago; at most ${maxAgeSeconds} s allowed`);
  }
}

/**
 * RFC 9068 names the client `client_id`; OpenID Connect style issuers (Keycloak) use `azp`.
 * When both are present they must agree, or the token names two different clients.
 */
export function checkClientId(claims: AccessTokenClaims): string {
  // Entra v1 tokens name the client `appid`; v2 `azp`.
  const clientId = nonEmptyString(claims.client_id, 'client_id') ?? nonEmptyString(claims.appid, 'appid');
  const azp = nonEmptyString(claims.azp, 'azp');
  if (clientId !== undefined && azp !== undefined && clientId !== azp) {
    throw new AuthError('CLIENT_ID_MISMATCH', 'client_id and azp name different clients');
  }
  const id = clientId ?? azp;
  if (id === undefined) throw new AuthError('CLIENT_ID_MISSING', 'neither client_id nor azp is present');
  return id;
}

function nonEmptyString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new AuthError('CLAIM_INVALID', `claim "${name}" must be a non-empty string`);
  return value;
}
