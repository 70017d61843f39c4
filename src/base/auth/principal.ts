// Who is calling, as the rest of the pipeline sees it. Built only from a verified token:
// nothing here is trusted before `verifyAccessToken` has checked signature and claims.
import { AuthError } from './errors.ts';
import type { AccessTokenClaims } from './checks.ts';
import { PROFILES, type IssuerProfile } from './profiles.ts';

export type PrincipalKind = 'user' | 'client' | 'delegated';

export interface Principal {
  /** 'delegated' when an `act` claim is present; 'client' when sub === client id (client credentials); else 'user'. */
  kind: PrincipalKind;
  /** `sub`: the employee for user and delegated tokens, the client for client tokens. */
  subject: string;
  /** `client_id`, else `azp`. */
  clientId: string;
  issuer: string;
  /** From the configured claim path (default `roles`; Keycloak: `realm_access.roles`). */
  roles: string[];
  /** From `scope` (space separated) or `scp` (array). */
  scopes: string[];
  /**
   * Who acts for the subject (RFC 8693 §4.1 `act`): the outermost `act` is the current actor and
   * the one that decides; `earlier` are the nested ones, prior actors of the chain, outermost first.
   * `id` is the actor's identity wherever it is decided or recorded: its `client_id`, else its `sub`.
   */
  actor?: Actor;
  acr?: string;
  /** Organisation identification number (OIN), from an `oin` claim. */
  oin?: string;
  /** From `organisation` or `org`, e.g. an onderwijsaanbieder id. */
  organisation?: string;
  /** `jti`: for the access log, never the token itself. */
  tokenId: string;
  /** Hex SHA-256 of the compact token as presented: the access log's evidence of which token it was. */
  tokenSha256?: string;
  issuedAt: number;
  expiresAt: number;
  /** `auth_time`: when the employee signed in (a refreshed token keeps it; `iat` does not). */
  authTime?: number;
  /** `cnf["x5t#S256"]`: the certificate a sender-constrained token is bound to. */
  certificateThumbprint?: string;
  /**
   * The issuer's profile proves an employee's session behind this token (Keycloak `sid`, Entra delegated `scp`):
   * an employee signed in to this client, also when the token came by exchange or on-behalf-of. Then the client
   * is the actor, and a client that acts only for employees (requiresUser) may be served.
   */
  userSession?: true;
}

export interface Actor {
  id: string;
  subject: string;
  clientId?: string;
  earlier: Array<{ id: string; subject: string; clientId?: string }>;
}

/** At most this many nested actors are read: a longer chain is refused, not truncated. */
const MAX_ACTOR_CHAIN = 8;

export function principalFromClaims(claims: AccessTokenClaims, clientId: string, rolesClaim: string, profile: IssuerProfile = PROFILES.rfc9068): Principal {
  const actor = readActor(claims.act);
  const kind: PrincipalKind = actor ? 'delegated' : profile.appOnly(claims, clientId) ? 'client' : 'user';

  const principal: Principal = {
    kind,
    subject: profile.subject(claims) ?? claims.sub,
    clientId,
    issuer: claims.iss,
    roles: readRoles(claimAtPath(claims, rolesClaim), rolesClaim),
    scopes: readScopes(claims),
    tokenId: claims.jti,
    issuedAt: claims.iat,
    expiresAt: claims.exp,
  };
  if (actor) principal.actor = actor;
  if (typeof claims.auth_time === 'number' && Number.isFinite(claims.auth_time)) principal.authTime = claims.auth_time;
  if (kind === 'user' && profile.userSession(claims)) principal.userSession = true;
  const acr = optionalString(claims.acr, 'acr');
  if (acr !== undefined) principal.acr = acr;
  const oin = optionalString(claims.oin, 'oin');
  if (oin !== undefined) principal.oin = oin;
  const organisation = optionalString(claims.organisation, 'organisation') ?? optionalString(claims.org, 'org');
  if (organisation !== undefined) principal.organisation = organisation;
  const thumbprint = readThumbprint(claims.cnf);
  if (thumbprint !== undefined) principal.certificateThumbprint = thumbprint;
  return principal;
}

/** `realm_access.roles` → claims.realm_access.roles. Undefined when any step is missing. */
export function claimAtPath(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function readRoles(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  // A single-valued mapper (Keycloak "multivalued: off") emits a plain string.
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value) && value.every((r): r is string => typeof r === 'string')) return [...value];
  throw new AuthError('CLAIM_INVALID', `claim "${path}" must be an array of strings`);
}

function readScopes(claims: AccessTokenClaims): string[] {
  if (claims.scope !== undefined) {
    if (typeof claims.scope !== 'string') throw new AuthError('CLAIM_INVALID', 'claim "scope" must be a space-separated string');
    return splitSpaces(claims.scope);
  }
  const scp = claims.scp;
  if (scp === undefined) return [];
  if (typeof scp === 'string') return splitSpaces(scp);
  if (Array.isArray(scp) && scp.every((s): s is string => typeof s === 'string')) return [...scp];
  throw new AuthError('CLAIM_INVALID', 'claim "scp" must be an array of strings');
}

function readActor(act: unknown): Actor | undefined {
  if (act === undefined) return undefined;
  const chain: Array<{ id: string; subject: string; clientId?: string }> = [];
  let at: unknown = act;
  let path = 'act';
  while (at !== undefined) {
    if (chain.length === MAX_ACTOR_CHAIN) throw new AuthError('CLAIM_INVALID', `claim "act" nests more than ${MAX_ACTOR_CHAIN} actors`);
    if (typeof at !== 'object' || at === null || Array.isArray(at)) throw new AuthError('CLAIM_INVALID', `claim "${path}" must be an object`);
    const { sub, client_id: clientId, act: earlier } = at as Record<string, unknown>;
    if (typeof sub !== 'string' || !sub) throw new AuthError('CLAIM_INVALID', `claim "${path}.sub" must be a non-empty string`);
    if (clientId !== undefined && (typeof clientId !== 'string' || !clientId)) throw new AuthError('CLAIM_INVALID', `claim "${path}.client_id" must be a non-empty string`);
    chain.push(clientId ? { id: clientId, subject: sub, clientId } : { id: sub, subject: sub });
    at = earlier;
    path += '.act';
  }
  const [current, ...earlier] = chain;
  return { ...current, earlier };
}

function readThumbprint(cnf: unknown): string | undefined {
  if (cnf === undefined) return undefined;
  if (typeof cnf !== 'object' || cnf === null) throw new AuthError('CLAIM_INVALID', 'claim "cnf" must be an object');
  return optionalString((cnf as Record<string, unknown>)['x5t#S256'], 'cnf.x5t#S256');
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AuthError('CLAIM_INVALID', `claim "${name}" must be a string`);
  return value;
}

function splitSpaces(value: string): string[] {
  return value.split(' ').filter((s) => s.length > 0);
}
