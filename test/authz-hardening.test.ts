// Ways around the document authorisation found in review, each closed and kept
// closed: variable defaults, exponential fragments, dry-run, introspection
// tricks, and what the protocol log says about them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness, RecordingProtocol } from './support/harness.ts';

const parkeren = { sub: 'medewerker-parkeren', client_id: 'procesapp', roles: ['parkeren'] };
const wmo = { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] };
const burgerzaken = { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] };
const saasOwn = { sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem', roles: [] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

describe('variables are decided with the values execution uses', () => {
  it('a search hidden in a variable default is still a search outside the purpose', async () => {
    const res = await h.query(
      `query($s: ZoekMetGeslachtsnaamEnGeboortedatum = { geslachtsnaam: "Moulin", geboortedatum: "1985-12-01" }) {
        zoekPersonen(geslachtsnaamEnGeboortedatum: $s) { burgerservicenummer } }`,
      { token: await h.token(parkeren) },
    );
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'QUERY_NOT_IN_PURPOSE', rows: 1 });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('a directive variable with a default works, and stays denied where denied', async () => {
    const res = await h.query(`query($n: Boolean = true) { persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten @include(if: $n) { type } } }`, {
      token: await h.token(wmo),
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' }, nationaliteiten: null } });
    expect(res.body.errors?.[0].extensions?.reason).toBe('FIELD_NOT_IN_PURPOSE');
  });
});

describe('limits', () => {
  it('answers fragments spread twice per level as execution merges them: once per level, not 2^n times', async () => {
    const n = 24;
    const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on Persoon { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ persoon(burgerservicenummer: "999993653") { ...F0 } }\n${fragments}\nfragment F${n} on Persoon { naam { voornamen } }`;
    const res = await h.query(query, { token: await h.token(wmo) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
  });

  it('refuses fragments whose aliases expand exponentially, before anything is fetched', async () => {
    // 6 levels of 8 aliases each: 48 aliases and 14 levels deep (within both limits), 8^6 positions.
    const n = 6;
    const aliases = (i: number) => Array.from({ length: 8 }, (_, k) => `a${k}: partners { persoon { ...F${i + 1} } }`).join(' ');
    const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on Persoon { ${aliases(i)} }`).join('\n');
    const query = `{ persoon(burgerservicenummer: "999993653") { ...F0 } }\n${fragments}\nfragment F${n} on Persoon { naam { voornamen } }`;
    h.mock.clearRequests();
    const res = await h.query(query, { token: await h.token(burgerzaken) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_POSITIONS' });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('refuses too many aliases and too deep a nesting', async () => {
    // Every limit answers with the one code QUERY_TOO_COMPLEX and a reason; the message says which limit.
    const aliases = Array.from({ length: 51 }, (_, i) => `p${i}: persoon(burgerservicenummer: "999993653") { burgerservicenummer }`).join(' ');
    const tooMany = await h.query(`{ ${aliases} }`, { token: await h.token(burgerzaken) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.[0].message).toBe('The operation uses 51 aliases; at most 50 are allowed.');
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_ALIASES' });
    let nested = 'burgerservicenummer';
    for (let i = 0; i < 8; i++) nested = `partners { persoon { ${nested} } }`;
    const tooDeep = await h.query(`{ persoon(burgerservicenummer: "999993653") { ${nested} } }`, { token: await h.token(burgerzaken) });
    expect(tooDeep.body.errors?.[0].message).toMatch(/^The operation nests 18 levels deep; at most 15 are allowed\.$/);
    expect(tooDeep.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_DEEP' });
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('introspection cannot be widened', () => {
  const persoonFields = async (query: string, claims: Record<string, unknown>) => {
    const res = await h.query(query, { token: await h.token(claims) });
    const type = JSON.stringify(res.body.data ?? {});
    return { names: [...type.matchAll(/"name":"([a-zA-Z]+)"/g)].map((m) => m[1]), res };
  };

  it.each([
    ['through a fragment', `query { ...F } fragment F on Query { __type(name: "Persoon") { name fields { name } } }`],
    ['through an inline fragment', `query { ... on Query { __type(name: "Persoon") { name fields { name } } } }`],
    ['without selecting the type name', `{ __type(name: "Persoon") { fields { name } } }`],
    ['with an aliased fields list', `{ __type(name: "Persoon") { name f: fields { name } } }`],
  ])('%s', async (_how, query) => {
    const { names } = await persoonFields(query, parkeren);
    expect(names).toEqual(expect.arrayContaining(['burgerservicenummer', 'naam', 'verblijfplaats']));
    expect(names).not.toContain('nationaliteiten');
    expect(names).not.toContain('geboorte');
  });

  it('introspection and data fields in one operation are refused', async () => {
    const res = await h.query(`{ __schema { queryType { name } } persoon(burgerservicenummer: "999993653") { burgerservicenummer } }`, { token: await h.token(wmo) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('dry-run still enforces root fields', () => {
  let dry: Harness;
  beforeAll(async () => {
    dry = await startHarness({ facade: { authzMode: 'dry-run' } });
  });
  afterAll(async () => dry?.close());

  it('a SaaS client without an employee gets no personal data, in dry-run too', async () => {
    const res = await dry.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token: await dry.token(saasOwn) });
    expect(res.body.data).toEqual({ persoon: null });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'CLIENT_REQUIRES_USER', rows: 1 });
    expect(dry.mock.requests).toHaveLength(0);
  });
});

describe('what the access and processing records say', () => {
  it('hashes the document the caller sent, not the pruned one', async () => {
    const rec = h.protocol as RecordingProtocol;
    const token = await h.token(wmo);
    await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token });
    await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } nationaliteiten { type } } }`, { token });
    const [a, b] = rec.access.slice(-2);
    expect(a.documentHash).not.toBe(b.documentHash);
    expect(b.fieldsPruned).toEqual(['nationaliteiten']);
  });

  it('records automatically delivered fields that were disclosed', async () => {
    const rec = h.protocol as RecordingProtocol;
    const res = await h.query(`{ persoon(burgerservicenummer: "999970239") { opschortingBijhouding { reden { code } } } }`, { token: await h.token(burgerzaken) });
    expect(res.body.data).toEqual({ persoon: { opschortingBijhouding: { reden: { code: 'O' } } } });
    // Recorded is what was delivered: the automatically delivered group, not the BSN that was not selected.
    expect(rec.processing.at(-1)).toMatchObject({ subjectId: '999970239', fields: ['opschortingBijhouding'] });
  });
});
