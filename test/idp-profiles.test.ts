// Tokens as Keycloak 26 and Microsoft Entra ID v2 issue them, for each flow a
// municipality uses, through HTTP against an issuer with that profile. Claim
// sets follow the IdPs' documentation (named beside each fixture), signed by
// the test's own keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const PERSOON = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';
const now = () => Math.floor(Date.now() / 1000);

async function asked(h: Harness, claims: Record<string, unknown>, typ: string | null = 'JWT') {
  const token = await h.issuer.sign({ iat: now(), exp: now() + 300, ...claims }, { typ, omit: ['client_id'] });
  const res = await h.query(PERSOON, { token });
  return { res, access: (h.protocol as RecordingProtocol).access.at(-1)! };
}

describe('keycloak profile (Keycloak 26)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authProfile: 'keycloak' });
  });
  afterAll(async () => h?.close());
  // https://www.keycloak.org/docs/latest/server_admin/#_oidc_token_and_claims: access tokens carry `typ: Bearer`,
  // `azp`, `sid` of the user session; the header is `typ: JWT`.
  const employee = { sub: 'f1b2c3d4-user', typ: 'Bearer', azp: 'procesapp', sid: 'sess-1', roles: ['wmo-consulent'], jti: 'kc-1' };

  it('an employee in a process application gets the purpose of its roles', async () => {
    const { res, access } = await asked(h, employee);
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    expect(access.principal).toMatchObject({ kind: 'user', subject: 'f1b2c3d4-user', clientId: 'procesapp', actor: 'procesapp' });
  });

  it('an employee signed in to a SaaS application, or a token exchanged for it (azp = the SaaS, same session), is served with the SaaS as actor', async () => {
    // https://www.keycloak.org/securing-apps/token-exchange — standard token exchange issues to the requesting client.
    const { res, access } = await asked(h, { ...employee, azp: 'saas-zaaksysteem' });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    expect(access.principal).toMatchObject({ subject: 'f1b2c3d4-user', clientId: 'saas-zaaksysteem', actor: 'saas-zaaksysteem' });
  });

  it('the SaaS application\'s own service-account token gets no personal data', async () => {
    // Service-account tokens: no user session, preferred_username `service-account-<client>`, a UUID sub.
    const { res } = await asked(h, { sub: '0a9e-uuid', typ: 'Bearer', azp: 'saas-zaaksysteem', preferred_username: 'service-account-saas-zaaksysteem', jti: 'kc-2' });
    expect(res.body.data?.persoon ?? null).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER' });
  });

  it('an ID token presented as an access token is refused', async () => {
    const { res } = await asked(h, { ...employee, typ: 'ID' });
    expect(res.status).toBe(401);
  });
});

describe('entra profile (Entra ID v2)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authProfile: 'entra' });
  });
  afterAll(async () => h?.close());
  // https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference: `ver: 2.0`, `azp`,
  // `oid`, `scp` for delegated tokens, `roles` (app roles), `uti`, `idtyp: app` for app-only tokens; header `typ: JWT`.
  const delegated = { sub: 'pairwise-sub', oid: 'oid-employee-7', ver: '2.0', azp: 'procesapp', scp: 'access_as_user', roles: ['wmo-consulent'], uti: 'entra-1' };

  it('an employee in a process application (scp) gets the purpose of its app roles; the record names the oid', async () => {
    const { res, access } = await asked(h, delegated);
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    expect(access.principal).toMatchObject({ kind: 'user', subject: 'oid-employee-7', clientId: 'procesapp' });
  });

  it('an on-behalf-of token for the SaaS (azp = the SaaS, the user kept) is served with the SaaS as actor', async () => {
    const { res, access } = await asked(h, { ...delegated, azp: 'saas-zaaksysteem' });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    expect(access.principal).toMatchObject({ clientId: 'saas-zaaksysteem', actor: 'saas-zaaksysteem' });
  });

  it('an app-only token (idtyp app, roles, no scp) of the SaaS gets no personal data', async () => {
    const { res } = await asked(h, { sub: 'sp-oid', oid: 'sp-oid', ver: '2.0', azp: 'saas-zaaksysteem', idtyp: 'app', roles: ['wmo-consulent'], uti: 'entra-2' });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER' });
  });

  it('an ID token (no scp, no app roles) is refused', async () => {
    const { res } = await asked(h, { sub: 'pairwise-sub', oid: 'oid-employee-7', ver: '2.0', azp: 'procesapp', uti: 'entra-3', nonce: 'n' });
    expect(res.status).toBe(401);
  });
});

describe('a token of one profile under another issuer\'s profile', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('a Keycloak-style (typ JWT) or Entra token is refused by a strict rfc9068 issuer', async () => {
    expect((await asked(h, { sub: 'u', typ: 'Bearer', azp: 'procesapp', sid: 's', roles: ['wmo-consulent'], jti: 'x' })).res.status).toBe(401);
    expect((await asked(h, { sub: 'u', ver: '2.0', azp: 'procesapp', scp: 'a', roles: ['wmo-consulent'], uti: 'y' })).res.status).toBe(401);
  });
});
