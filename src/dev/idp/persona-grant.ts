// DEV-ONLY grant `urn:nl:facade:dev:persona`: an employee's user token without a browser.
//
// In production an employee signs in at the municipality's IdP (authorization code flow) and
// the process application receives a token with `sub` = the employee. Here the application
// client authenticates itself (private_key_jwt) and names a persona; the IdP looks the persona
// up in its own data, so a caller cannot choose roles, only a persona that was configured.
// No other IdP knows this grant: nothing built on it works outside development.
import type { GrantTypeHandler } from 'oidc-provider';
import { findPersona, type Persona } from '../personas.ts';
import { GRANT_TYPE_PERSONA } from './grant-types.ts';
import { authenticatedClient, checkResource, invalidGrant, issueAccessToken, requiredParam, type IssueContext } from './issue.ts';

export const PERSONA_GRANT_PARAMETERS = ['persona', 'resource'];

export function personaGrant(issue: IssueContext, personas: readonly Persona[]): GrantTypeHandler {
  return async function personaGrantHandler(ctx) {
    const client = authenticatedClient(ctx);
    const name = requiredParam(ctx, 'persona');
    const persona = findPersona(name, personas);
    if (persona?.kind !== 'user') throw invalidGrant(`"${name}" is not a user persona`);
    if (persona.clientId !== client.clientId) {
      throw invalidGrant(`persona "${name}" signs in through client "${persona.clientId}", not "${client.clientId}"`);
    }
    checkResource(ctx, issue.audience);

    const token = await issueAccessToken(issue, {
      client,
      subject: persona.subject,
      gty: GRANT_TYPE_PERSONA,
      scope: persona.scopes?.join(' '),
      claims: {
        ...persona.claims,
        roles: [...persona.roles],
        ...(persona.acr ? { acr: persona.acr } : {}),
      },
    });
    ctx.body = {
      access_token: token.value,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
      ...(token.scope ? { scope: token.scope } : {}),
    };
  };
}
