// The Keycloak realm export (deploy/keycloak/) is current, typed against Keycloak's own
// RealmRepresentation (npm test's typecheck), and issues what the facade's keycloak profile reads.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACADE_AUDIENCE, realm } from '../deploy/keycloak/realm.ts';
import { realmJson } from '../deploy/keycloak/write-realm.ts';
import { examplePolicy, startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

describe('Keycloak realm export', () => {
  it('gemeente-realm.json is what realm.ts says', () => {
    expect(readFileSync('deploy/keycloak/gemeente-realm.json', 'utf8')).toBe(realmJson());
  });

  it('registers every client and role of the policy, gives every client the facade audience, and no act mapper', () => {
    const clients = new Map((realm.clients ?? []).map((c) => [c.clientId, c]));
    for (const id of examplePolicy.clients.keys()) expect(clients.has(id), id).toBe(true);
    const roles = new Set((realm.roles?.realm ?? []).map((r) => r.name));
    for (const role of examplePolicy.roles.keys()) expect(roles.has(role), role).toBe(true);
    const scope = (realm.clientScopes ?? []).find((s) => s.name === 'facade');
    expect(scope?.protocolMappers?.[0].config?.['included.custom.audience']).toBe(FACADE_AUDIENCE);
    for (const c of clients.values()) {
      expect(c.defaultClientScopes).toContain('facade');
      expect(JSON.stringify(c)).not.toMatch(/"act"/);
    }
    expect(clients.get('saas-zaaksysteem')?.attributes?.['standard.token.exchange.enabled']).toBe('true');
  });
});

// The access token Keycloak 26 issues to a client of this realm, built only from what the realm
// configures: the client's default client scopes and their mappers. Keycloak's built-in scopes do
// what its documentation says (https://www.keycloak.org/docs/latest/server_admin/#_client_scopes,
// "Protocol mappers" and "Default client scopes"): `roles` maps realm roles to `realm_access.roles`,
// `basic` adds `sub` and `auth_time`, `acr` adds `acr`; every access token carries `typ: Bearer`,
// `azp` (the client), and for a user `sid` (the session); a service-account token has no session
// and `preferred_username: service-account-<client>`.
function realmToken(clientId: string, as: { group: string } | 'service-account'): Record<string, unknown> {
  const client = (realm.clients ?? []).find((c) => c.clientId === clientId);
  if (!client) throw new Error(`no client ${clientId} in the realm`);
  const scopes = client.defaultClientScopes ?? [];
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { typ: 'Bearer', azp: clientId, iat: now, exp: now + (realm.accessTokenLifespan ?? 300), jti: `kc-${clientId}` };
  const audiences = (realm.clientScopes ?? [])
    .filter((s) => scopes.includes(s.name ?? ''))
    .flatMap((s) => s.protocolMappers ?? [])
    .filter((m) => m.protocolMapper === 'oidc-audience-mapper' && m.config?.['access.token.claim'] === 'true')
    .map((m) => m.config?.['included.custom.audience']);
  claims.aud = audiences.length === 1 ? audiences[0] : audiences;
  if (as === 'service-account') {
    if (!client.serviceAccountsEnabled) throw new Error(`${clientId} has no service account`);
    Object.assign(claims, { sub: '5f0c-service-account', preferred_username: `service-account-${clientId}` });
  } else {
    if (!client.standardFlowEnabled) throw new Error(`${clientId} signs no user in`);
    const group = (realm.groups ?? []).find((g) => g.name === as.group);
    Object.assign(claims, { sub: '2c9d-employee', sid: 'kc-session-1', preferred_username: 'medewerker' });
    if (scopes.includes('roles')) claims.realm_access = { roles: group?.realmRoles ?? [] };
    if (scopes.includes('basic')) claims.auth_time = now - 10;
    if (scopes.includes('acr')) claims.acr = '1';
  }
  return claims;
}

describe('tokens the realm issues, read by the keycloak profile without further settings', () => {
  const PERSOON = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';
  let h: Harness;
  beforeAll(async () => {
    // ROLES_CLAIM unset: the keycloak profile reads realm_access.roles.
    h = await startHarness({ authProfile: 'keycloak', rolesClaim: null });
  });
  afterAll(async () => h?.close());
  const ask = async (claims: Record<string, unknown>, purpose?: string) => {
    const token = await h.issuer.sign(claims, { typ: 'JWT', omit: ['client_id'] });
    return h.query(PERSOON, { token, headers: purpose ? { 'x-doelbinding': purpose } : {} });
  };

  it('an employee of group Wmo in the process application gets the Wmo purpose', async () => {
    const res = await ask(realmToken('procesapp', { group: 'Wmo' }));
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    const access = (h.protocol as RecordingProtocol).access.at(-1)!;
    expect(access.principal).toMatchObject({ kind: 'user', clientId: 'procesapp' });
    expect(access.purpose).toBe('wmo-aanvraag');
  });

  it('an employee of a group whose roles grant no purpose of the process application gets nothing', async () => {
    const res = await ask({ ...realmToken('procesapp', { group: 'Wmo' }), realm_access: { roles: ['offline_access'] } });
    expect(res.body.data?.persoon ?? null).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_PURPOSE' });
  });

  it('an employee signed in to the SaaS application is served, with the SaaS as actor', async () => {
    const res = await ask(realmToken('saas-zaaksysteem', { group: 'Wmo' }));
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    expect((h.protocol as RecordingProtocol).access.at(-1)!.principal).toMatchObject({ clientId: 'saas-zaaksysteem', actor: 'saas-zaaksysteem' });
  });

  it("the SaaS application's service account gets no personal data", async () => {
    const res = await ask(realmToken('saas-zaaksysteem', 'service-account'));
    expect(res.body.data?.persoon ?? null).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER' });
  });

  it('a token of the realm for another audience is refused', async () => {
    const res = await ask({ ...realmToken('procesapp', { group: 'Wmo' }), aud: 'account' });
    expect(res.status).toBe(401);
  });
});
