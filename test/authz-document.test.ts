// The document is authorised as written: fragments, aliases, inline fragments
// and variables cannot smuggle a denied field past the rules. Modes, explain
// and introspection per purpose.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

const wmo = { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

const sentFields = () => h.upstreamRequests().flatMap((r) => r.fields as string[]);

describe('a denied field stays denied', () => {
  it.each([
    ['a named fragment', `{ persoon(burgerservicenummer: "999993653") { ...F } } fragment F on Persoon { naam { voornamen } nationaliteiten { type } }`, ['persoon', 'nationaliteiten']],
    ['an alias', `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nat: nationaliteiten { type } } }`, ['persoon', 'nat']],
    [
      'an inline fragment on a concrete type',
      `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten { ... on Nationaliteit { nationaliteit { code } } } } }`,
      ['persoon', 'nationaliteiten'],
    ],
    ['a fragment on a relative', `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } partners { ...P } } } fragment P on Partner { naam { voornamen } geboorte { datum { langFormaat } } }`, ['persoon', 'partners', 0, 'geboorte']],
  ])('through %s', async (_how, query, path) => {
    const res = await h.query(query, { token: await h.token(wmo) });
    expect(res.body.errors).toEqual([expect.objectContaining({ path, extensions: { code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE', rows: 1 } })]);
    expect(sentFields().some((f) => f.startsWith('nationaliteiten') || f.startsWith('partners.geboorte'))).toBe(false);
  });

  it('through a variable that switches it on', async () => {
    const res = await h.query(`query($n: Boolean!) { persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten @include(if: $n) { type } } }`, {
      token: await h.token(wmo),
      variables: { n: true },
    });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' }, nationaliteiten: null } });
    expect(res.body.errors?.[0].path).toEqual(['persoon', 'nationaliteiten']);
    expect(sentFields()).not.toContain('nationaliteiten');
  });

  it('one fragment used at two positions is decided per position', async () => {
    // NaamGerelateerde under partners (permitted) and under ouders (not).
    const res = await h.query(
      `{ persoon(burgerservicenummer: "999993653") { partners { naam { ...N } } ouders { naam { ...N } } } } fragment N on NaamGerelateerde { voornamen }`,
      { token: await h.token(wmo) },
    );
    expect(res.body.data).toEqual({ persoon: { partners: [{ naam: { voornamen: 'Jean Marie' } }], ouders: null } });
    expect(sentFields()).toEqual(['burgerservicenummer', 'partners.naam.voornamen']);
  });

  it('denials under one concrete type of an interface leave the other types alone', async () => {
    const parkeren = { sub: 'p', client_id: 'procesapp', roles: ['parkeren'] };
    const res = await h.query(
      `{ persoon(burgerservicenummer: "999993653") { verblijfplaats { ... on Adres { verblijfadres { postcode } functieAdres { code } } } } }`,
      { token: await h.token(parkeren) },
    );
    expect(res.body.data).toEqual({ persoon: { verblijfplaats: { verblijfadres: { postcode: '3077AW' }, functieAdres: null } } });
    expect(res.body.errors?.map((e) => e.path)).toEqual([['persoon', 'verblijfplaats', 'functieAdres']]);
  });
});

describe('modes', () => {
  const Q = `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten { type } aNummer } }`;

  it('reject (per request, stricter than the deployment): the whole operation fails, listing every denied path, nothing fetched', async () => {
    const res = await h.query(Q, { token: await h.token(wmo), headers: { 'x-authz-mode': 'reject' } });
    expect(res.status).toBe(403);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OPERATION_REJECTED',
      denied: [
        { path: 'persoon.nationaliteiten', reason: 'FIELD_NOT_IN_PURPOSE' },
        { path: 'persoon.aNummer', reason: 'FIELD_NOT_IN_PURPOSE' },
      ],
    });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('a request cannot loosen the deployment mode: dry-run asked under filter still filters', async () => {
    const res = await h.query(Q, { token: await h.token(wmo), headers: { 'x-authz-mode': 'dry-run' } });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' }, nationaliteiten: null, aNummer: null } });
    expect(sentFields()).toEqual(['burgerservicenummer', 'naam.voornamen']);
  });

  it('explain lists each field with allow/deny, rule and reason', async () => {
    const response = await fetch(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(wmo)}` },
      body: JSON.stringify({ query: Q, extensions: { explain: true } }),
    });
    const body = (await response.json()) as { extensions: { explain: { purpose: string; fields: Array<Record<string, unknown>> } } };
    expect(body.extensions.explain.purpose).toBe('wmo-aanvraag');
    expect(body.extensions.explain.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'persoon.naam.voornamen', decision: 'allow', rule: 'fieldInPurpose', upstreamPath: 'naam.voornamen' }),
        expect.objectContaining({ path: 'persoon.nationaliteiten', decision: 'deny', rule: 'groupInPurpose', reason: 'FIELD_NOT_IN_PURPOSE' }),
        expect.objectContaining({ path: 'persoon', decision: 'allow', rule: 'and(hasPurpose, tokenFreshForPurpose, queryTypeInPurpose:RaadpleegMetBurgerservicenummer)' }),
      ]),
    );
  });
});

describe('dry-run deployment', () => {
  let dry: Harness;
  beforeAll(async () => {
    dry = await startHarness({ facade: { authzMode: 'dry-run' } });
  });
  afterAll(async () => dry?.close());

  it('executes as asked and reports what would be denied', async () => {
    const res = await dry.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten { type } } }`, { token: await dry.token(wmo) });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' }, nationaliteiten: [{ type: 'Nationaliteit' }] } });
    expect(res.body.extensions?.wouldDeny).toEqual([{ path: 'persoon.nationaliteiten', reason: 'FIELD_NOT_IN_PURPOSE', rule: 'groupInPurpose' }]);
  });
});

describe('introspection per purpose', () => {
  const fieldsOf = async (claims: Record<string, unknown>, type: string) => {
    const res = await h.query(`{ __type(name: "${type}") { name fields { name } } }`, { token: await h.token(claims) });
    return (res.body.data?.__type as { fields: Array<{ name: string }> } | null)?.fields.map((f) => f.name) ?? null;
  };

  it('shows each principal only the fields it may query', async () => {
    expect(await fieldsOf(wmo, 'Persoon')).toEqual(
      expect.arrayContaining(['burgerservicenummer', 'naam', 'geboorte', 'leeftijd', 'geslacht', 'verblijfplaats', 'adressering', 'partners']),
    );
    expect(await fieldsOf(wmo, 'Persoon')).not.toContain('nationaliteiten');
    expect(await fieldsOf(wmo, 'Partner')).toEqual(['burgerservicenummer', 'naam', 'persoon']);
    expect(await fieldsOf({ sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] }, 'Persoon')).toContain('nationaliteiten');
    expect(await fieldsOf({ sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem' }, 'Query')).toEqual(['facadeVersion', 'myPermissions']);
  });

  it('the full introspection of a purpose is a valid client schema', async () => {
    const { getIntrospectionQuery, buildClientSchema } = await import('graphql');
    const res = await h.query(getIntrospectionQuery(), { token: await h.token(wmo) });
    expect(res.body.errors).toBeUndefined();
    const schema = buildClientSchema(res.body.data as never);
    expect(Object.keys((schema.getType('Persoon') as never as { getFields(): object }).getFields())).not.toContain('nationaliteiten');
    expect(schema.getType('AbstractNationaliteit')).toBeUndefined();
  });
});
