// RFC 8693 token exchange: a client (e.g. `saas-zaaksysteem`) presents an employee's access
// token and receives a delegated token — `sub` stays the employee, the employee's roles come
// along, and `act.sub` names the client that now acts for them (`client_id` is that client).
// The subject token must be an access token of this IdP: signature, issuer, audience and
// expiry are checked with the facade's own verifier, so both sides apply the same rules.
import { decodeJwt } from 'jose';
import { errors, type GrantTypeHandler, type UnknownObject } from 'oidc-provider';
import type { AccessTokenVerifier } from '../../base/auth/verify-access-token.ts';
import { isAuthError } from '../../base/auth/errors.ts';
import type { Principal } from '../../base/auth/principal.ts';
import { GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_ACCESS_TOKEN } from './grant-types.ts';
import { authenticatedClient, checkResource, invalidGrant, issueAccessToken, param, requiredParam, type IssueContext } from './issue.ts';

export const TOKEN_EXCHANGE_PARAMETERS = [
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'actor_token',
  'actor_token_type',
  'resource',
  'audience',
];

export function tokenExchangeGrant(issue: IssueContext, subjectVerifier: AccessTokenVerifier, ttlSeconds: number): GrantTypeHandler {
  return async function tokenExchangeHandler(ctx) {
    const client = authenticatedClient(ctx);
    const subjectToken = requiredParam(ctx, 'subject_token');
    if (requiredParam(ctx, 'subject_token_type') !== TOKEN_TYPE_ACCESS_TOKEN) {
      throw new errors.InvalidRequest(`subject_token_type must be ${TOKEN_TYPE_ACCESS_TOKEN}`);
    }
    const requested = param(ctx, 'requested_token_type');
    if (requested !== undefined && requested !== TOKEN_TYPE_ACCESS_TOKEN) {
      throw new errors.InvalidRequest(`requested_token_type must be ${TOKEN_TYPE_ACCESS_TOKEN}`);
    }
    // The authenticated client is the actor; a separate actor token would let it claim another.
    if (param(ctx, 'actor_token') !== undefined) {
      throw new errors.InvalidRequest('actor_token is not supported: the authenticated client is the actor');
    }
    checkResource(ctx, issue.audience);

    let subject: Principal;
    try {
      subject = await subjectVerifier.verify(subjectToken);
    } catch (error) {
      const code = isAuthError(error) ? error.code : 'UNVERIFIABLE';
      throw invalidGrant(`subject_token is not a valid access token of this issuer (${code})`);
    }
    if (subject.kind === 'client') {
      // Delegation needs an employee behind it; a client's own token has none.
      throw invalidGrant('subject_token must be an employee token, not a client-credentials token');
    }

    const remaining = subject.expiresAt - Math.floor(Date.now() / 1000);
    // A delegated token never outlives the employee's token it was made from.
    const expiresIn = Math.min(ttlSeconds, remaining);
    if (expiresIn <= 0) throw invalidGrant('subject_token has expired');

    // Already verified above; decoded again only to carry its raw claims along.
    const raw = decodeJwt(subjectToken);
    const act: UnknownObject = { sub: client.clientId, client_id: client.clientId };
    // An exchanged token exchanged once more: earlier actors nest inside (RFC 8693 §4.1).
    if (raw.act !== undefined) act.act = raw.act;

    const token = await issueAccessToken(issue, {
      client,
      subject: subject.subject,
      gty: GRANT_TYPE_TOKEN_EXCHANGE,
      expiresIn,
      claims: {
        roles: subject.roles,
        ...(subject.acr ? { acr: subject.acr } : {}),
        ...(subject.organisation ? { organisation: subject.organisation } : {}),
        act,
      },
    });
    ctx.body = {
      access_token: token.value,
      issued_token_type: TOKEN_TYPE_ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
    };
  };
}
