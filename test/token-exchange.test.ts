// RFC 8693 token exchange as a SaaS application uses it in production: it receives an
// employee's access token, exchanges it at the IdP as itself (`saas-zaaksysteem`), and calls
// the facade with the delegated token. Everything over real HTTP: the facade started as
// `npm start` starts it, tokens from its embedded development IdP's token endpoint.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverDevIdp, requestPersonaToken, requestTokenExchange, type DevIdpEndpoint } from '../src/dev/idp/token-client.ts';
import { startFacadeProcess, type FacadeProcess } from './support/browser.ts';

const AUDIENCE = 'urn:nl:facade:api';
const QUERY = `{
  persoon(burgerservicenummer: "999993653") {
    naam { volledigeNaam voornamen }
    nationaliteiten { ... on Nationaliteit { nationaliteit { omschrijving } } }
  }
}`;

interface Answer {
  status: number;
  body: {
    data?: { persoon?: { naam?: { volledigeNaam?: string } | null; nationaliteiten?: unknown } | null } | null;
    errors?: Array<{ path?: Array<string | number>; extensions?: { code?: string; reason?: string } }>;
  };
}

let facade: FacadeProcess;
let endpoint: DevIdpEndpoint;

beforeAll(async () => {
  facade = await startFacadeProcess();
  const discovered = await discoverDevIdp(facade.idpIssuer);
  endpoint = { issuer: discovered.issuer, tokenEndpoint: discovered.tokenEndpoint, audience: AUDIENCE };
});

afterAll(async () => {
  await facade?.stop();
});

async function query(token: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(facade.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('token exchange (RFC 8693): a SaaS application acting for an employee', () => {
  it('exchanges the WMO consultant’s token and gets exactly the WMO field set', async () => {
    const employeeToken = await requestPersonaToken(endpoint, 'wmo-consulent');
    const delegated = await requestTokenExchange(endpoint, employeeToken, 'saas-zaaksysteem');

    // The employee stays the subject; the SaaS client is the actor and the token's client.
    expect(decodeJwt(delegated)).toMatchObject({
      iss: facade.idpIssuer,
      aud: AUDIENCE,
      sub: 'medewerker-wmo',
      client_id: 'saas-zaaksysteem',
      act: { sub: 'saas-zaaksysteem' },
      roles: ['wmo-consulent'],
    });

    const { status, body } = await query(delegated);
    expect(status).toBe(200);
    expect(body.data?.persoon?.naam?.volledigeNaam).toBe('Suzanne Moulin');
    expect(body.data?.persoon?.nationaliteiten).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['persoon', 'nationaliteiten'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE' }) }),
    ]);
  });

  it('the delegated token cannot name a purpose the employee does not hold', async () => {
    const delegated = await requestTokenExchange(endpoint, await requestPersonaToken(endpoint, 'wmo-consulent'), 'saas-zaaksysteem');
    const { status, body } = await query(delegated, { 'x-doelbinding': 'brp-volledig' });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
    expect(body.data ?? null).toBeNull();
  });

  it('the SaaS application’s own token, with no employee behind it, gets no personal data', async () => {
    const own = await requestPersonaToken(endpoint, 'saas-zaaksysteem');
    expect(decodeJwt(own)).toMatchObject({ sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem' });
    expect(decodeJwt(own).act).toBeUndefined();

    const { body } = await query(own);
    expect(body.data?.persoon?.naam ?? null).toBeNull();
    expect(JSON.stringify(body)).not.toContain('Suzanne');
    expect(body.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER' }) }));
  });
});
