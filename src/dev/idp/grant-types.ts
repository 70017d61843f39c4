// Grant type identifiers of the development IdP.

/**
 * DEV-ONLY. Issues an employee's user token for a named persona, without a browser login.
 * No real IdP has it; production user tokens come from the municipality's IdP after a
 * real sign-in (authorization code flow).
 */
export const GRANT_TYPE_PERSONA = 'urn:nl:facade:dev:persona';

/** RFC 8693 OAuth 2.0 Token Exchange. */
export const GRANT_TYPE_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

export const TOKEN_TYPE_ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
