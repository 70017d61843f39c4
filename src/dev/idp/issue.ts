// What the custom grants of the dev IdP share: reading single parameters, checking the
// requested resource, and minting an RFC 9068 JWT access token with extra claims.
import { errors, type BaseToken, type Client, type KoaContextWithOIDC, type Provider, type ResourceServer, type UnknownObject } from 'oidc-provider';

/**
 * Claims for tokens minted by our own grant handlers. oidc-provider asks `extraTokenClaims`
 * for every token it formats; this registry answers for the tokens we created ourselves.
 */
export class ExtraClaims {
  private readonly byToken = new WeakMap<BaseToken, UnknownObject>();

  set(token: BaseToken, claims: UnknownObject): void {
    this.byToken.set(token, claims);
  }

  get(token: BaseToken): UnknownObject | undefined {
    return this.byToken.get(token);
  }
}

export interface IssueContext {
  provider: Provider;
  audience: string;
  resourceServer(client: Client): ResourceServer;
  claims: ExtraClaims;
}

export function param(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = ctx.oidc.params?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function requiredParam(ctx: KoaContextWithOIDC, name: string): string {
  const value = param(ctx, name);
  if (value === undefined) throw new errors.InvalidRequest(`missing required parameter '${name}'`);
  return value;
}

export function authenticatedClient(ctx: KoaContextWithOIDC): Client {
  const client = ctx.oidc.client;
  // The token endpoint authenticates the client before any grant handler runs.
  if (!client) throw new errors.InvalidRequest('client authentication required');
  return client;
}

/** `resource` (RFC 8707) and `audience` (RFC 8693) may only name the facade. */
export function checkResource(ctx: KoaContextWithOIDC, audience: string): void {
  for (const name of ['resource', 'audience']) {
    const value = param(ctx, name);
    if (value !== undefined && value !== audience) {
      throw new errors.InvalidTarget(`this development IdP only issues tokens for ${audience}`);
    }
  }
}

export function invalidGrant(description: string): Error {
  return new errors.CustomOIDCProviderError('invalid_grant', description);
}

export async function issueAccessToken(
  issue: IssueContext,
  init: { client: Client; subject: string; gty: string; claims: UnknownObject; scope?: string; expiresIn?: number },
): Promise<{ value: string; expiresIn: number; scope?: string }> {
  const token = new issue.provider.AccessToken({
    client: init.client,
    accountId: init.subject,
    gty: init.gty,
    ...(init.scope ? { scope: init.scope } : {}),
    ...(init.expiresIn !== undefined ? { expiresIn: init.expiresIn } : {}),
  });
  token.resourceServer = issue.resourceServer(init.client);
  issue.claims.set(token, init.claims);
  const value = await token.save();
  return { value, expiresIn: token.expiration, ...(init.scope ? { scope: init.scope } : {}) };
}
