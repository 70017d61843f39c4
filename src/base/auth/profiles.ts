// Issuer profiles: how the tokens of one kind of identity provider are read.
// Each states how an access token is told from an ID token, which claim names
// the token and the client, and how an app-only (client-credentials) token and
// a user session are recognised. Every profile keeps the same algorithm
// allow-list, issuer, audience, lifetime and `kid` checks (verify-access-token.ts).
//
// - rfc9068 (default): `typ: at+jwt` (RFC 9068 §2.1), `jti`, `client_id`; a client token has sub = client id.
// - keycloak: Keycloak 26 access tokens carry the header `typ: JWT` and the claim `typ: Bearer` (ID tokens:
//   `ID`); the client is `azp`; a user session shows as `sid`; service-account tokens have no session and a
//   `preferred_username` of `service-account-<client>`. Standard token exchange (V2) issues the new token to the
//   requesting client (`azp`) for the same user and session, without an `act` claim
//   (https://www.keycloak.org/securing-apps/token-exchange).
// - entra: Microsoft Entra ID v2 access tokens (`ver: 2.0`) carry `scp` for delegated (user) tokens and
//   `roles` without `scp` for app-only ones (optional claim `idtyp: app`); the client is `azp`, the token id
//   `uti`, the stable user id `oid`; on-behalf-of tokens keep the user with `azp` = the middle-tier client
//   (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
import type { JWSHeaderParameters, JWTPayload } from 'jose';
import { AuthError } from './errors.ts';

export const ISSUER_PROFILES = ['rfc9068', 'keycloak', 'entra'] as const;
export type IssuerProfileName = (typeof ISSUER_PROFILES)[number];

export interface IssuerProfile {
  name: IssuerProfileName;
  /** Refuses what is not an access token of this IdP (an ID token, a refresh token). */
  checkAccessToken(header: JWSHeaderParameters, payload: JWTPayload): void;
  /** The claim that identifies the token (for the access log). */
  tokenIdClaim: 'jti' | 'uti';
  /** The stable subject of the token (Entra: `oid`, else `sub`). */
  subject(payload: JWTPayload): string | undefined;
  /** An app-only (client-credentials) token: no employee behind it. */
  appOnly(payload: JWTPayload, clientId: string): boolean;
  /** A user session stands behind the token (the employee signed in; kept through exchange / on-behalf-of). */
  userSession(payload: JWTPayload): boolean;
  /** Where this IdP puts roles by default, used when ROLES_CLAIM is not set. */
  rolesClaim: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function headerTyp(header: JWSHeaderParameters): string | undefined {
  return typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
}

const rfc9068: IssuerProfile = {
  name: 'rfc9068',
  // RFC 9068 §2.1: `typ: at+jwt` keeps an ID token (`JWT`) or a client assertion of the same issuer from
  // passing as an access token. Media types are case-insensitive; the `application/` prefix may be present.
  checkAccessToken(header) {
    const typ = headerTyp(header);
    if (typ !== 'at+jwt' && typ !== 'application/at+jwt') throw new AuthError('TOKEN_TYPE_NOT_ACCESS_TOKEN', `typ "${String(header.typ)}" is not at+jwt`);
  },
  tokenIdClaim: 'jti',
  subject: (p) => str(p.sub),
  appOnly: (p, clientId) => p.sub === clientId,
  userSession: () => false,
  rolesClaim: 'roles',
};

const keycloak: IssuerProfile = {
  name: 'keycloak',
  checkAccessToken(header, payload) {
    // Keycloak names its token types in the `typ` claim; the header may also say at+jwt where a client asks for it.
    const typ = headerTyp(header);
    if (typ === 'at+jwt' || typ === 'application/at+jwt') return;
    if (payload.typ !== 'Bearer') throw new AuthError('TOKEN_TYPE_NOT_ACCESS_TOKEN', `Keycloak token type "${String(payload.typ)}" is not Bearer`);
  },
  tokenIdClaim: 'jti',
  subject: (p) => str(p.sub),
  appOnly: (p, clientId) => !str(p.sid) && (str(p.preferred_username)?.startsWith('service-account-') === true || p.sub === clientId),
  userSession: (p) => Boolean(str(p.sid)),
  // The realm roles, as the built-in `roles` client scope maps them.
  rolesClaim: 'realm_access.roles',
};

const entra: IssuerProfile = {
  name: 'entra',
  checkAccessToken(_header, payload) {
    if (payload.ver !== '2.0') throw new AuthError('TOKEN_TYPE_NOT_ACCESS_TOKEN', 'not an Entra ID v2.0 access token (ver)');
    const delegated = str(payload.scp) !== undefined;
    const appOnly = payload.idtyp === 'app' || (!delegated && Array.isArray(payload.roles) && payload.roles.length > 0 && payload.idtyp !== 'user');
    // An ID token has neither `scp` nor (app-only) `roles` for this API.
    if (!delegated && !appOnly) throw new AuthError('TOKEN_TYPE_NOT_ACCESS_TOKEN', 'an Entra ID token without scp or app roles is no access token');
  },
  tokenIdClaim: 'uti',
  subject: (p) => str(p.oid) ?? str(p.sub),
  appOnly: (p) => p.idtyp === 'app' || str(p.scp) === undefined,
  userSession: (p) => str(p.scp) !== undefined && p.idtyp !== 'app',
  // App roles of the facade's app registration.
  rolesClaim: 'roles',
};

export const PROFILES: Readonly<Record<IssuerProfileName, IssuerProfile>> = { rfc9068, keycloak, entra };
