// Which issuers the facade trusts, declared once (read by config.ts, which also checks that the
// lists match by position).
import { defineVariables, text, wholeNumber } from '../config/variables.ts';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MAX_CLOCK_TOLERANCE_SECONDS } from './limits.ts';

export const AUTH_VARIABLES = defineVariables({
  AUTH_ISSUER: { description: 'trusted token issuer(s), comma-separated; development: the embedded identity provider', schema: text(), requiredIn: 'production' },
  AUTH_JWKS_URL: { description: 'JWKS URL per issuer, comma-separated by position; production: this or AUTH_JWKS_FILE is required', schema: text() },
  AUTH_JWKS_FILE: { description: 'JWKS file per issuer, comma-separated by position (or AUTH_JWKS_URL)', schema: text() },
  AUTH_AUDIENCE: { description: 'the audience tokens must carry: one, or one per issuer', schema: text(), default: { development: 'urn:nl:facade:api' }, requiredIn: 'production' },
  AUTH_MAX_TOKEN_LIFETIME_SECONDS: { description: `longest \`exp - iat\` accepted: one for all issuers, or one per issuer by position (unset: ${DEFAULT_MAX_TOKEN_LIFETIME_SECONDS})`, schema: text() },
  AUTH_PROFILE: { description: 'how each issuer\'s tokens are read, by position like AUTH_ISSUER: rfc9068 (strict, default), keycloak or entra', schema: text() },
  ROLES_CLAIM: { description: 'dotted claim path of the roles array; unset: the profile\'s (keycloak `realm_access.roles`, rfc9068 and entra `roles`)', schema: text() },
  AUTH_CLOCK_TOLERANCE_SECONDS: { description: 'clock skew allowed on exp / nbf / iat', schema: wholeNumber(0, MAX_CLOCK_TOLERANCE_SECONDS), default: String(DEFAULT_CLOCK_TOLERANCE_SECONDS) },
});
