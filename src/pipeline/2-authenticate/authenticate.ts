// Phase 2, authenticate: the bearer token becomes a Principal, or the request
// ends with HTTP 401 and `WWW-Authenticate: Bearer error="invalid_token"` —
// or, when the issuer's keys cannot be fetched (not the token's fault), with
// 503 AUTHENTICATION_UNAVAILABLE and Retry-After, so that the client retries.
// Why a token failed goes to the application log, never to the caller.
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Principal } from '../../base/auth/principal.ts';
import type { Logger } from '../../base/log/logger.ts';

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  ready(): Promise<boolean>;
}

export function unauthenticated(): GraphQLError {
  return new GraphQLError('A valid access token is required.', {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) },
    },
  });
}

export function authenticationUnavailable(): GraphQLError {
  return new GraphQLError('Access tokens cannot be checked at the moment; retry shortly.', {
    extensions: { code: 'AUTHENTICATION_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '5']]) } },
  });
}

export async function authenticate(req: IncomingMessage, verifier: TokenVerifier, logger: Logger): Promise<Principal> {
  // RFC 6750 allows tokens in the query string; we refuse them: they end up in proxy and access logs.
  const query = new URL(req.url ?? '/', 'http://facade.invalid').searchParams;
  if (query.has('access_token')) {
    logger.warn({ check: 'TOKEN_IN_QUERY' }, 'token refused');
    throw unauthenticated();
  }
  return authenticateBearer(req.headers.authorization, verifier, logger);
}

/** `Bearer <token>` (the Authorization header, or a WebSocket's connection_init payload) as a Principal. */
export async function authenticateBearer(header: string | undefined, verifier: TokenVerifier, logger: Logger): Promise<Principal> {
  const match = header ? /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header) : null;
  if (!match) {
    logger.info({ check: header ? 'MALFORMED_AUTHORIZATION' : 'NO_TOKEN' }, 'token refused');
    throw unauthenticated();
  }
  try {
    return await verifier.verify(match[1]);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'TOKEN_INVALID';
    if ((err as { transient?: boolean }).transient === true) {
      logger.warn({ check: code }, 'token keys unavailable');
      throw authenticationUnavailable();
    }
    logger.info({ check: code }, 'token refused');
    throw unauthenticated();
  }
}
