// The operation plan end to end: the five failures it was built against, and
// that planning stays linear in the document. Black-box through HTTP where a
// caller sees it; the linearity is counted (selections visited), not timed.
import { readFileSync } from 'node:fs';
import { Kind, getOperationAST, parse, specifiedRules, validate, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { facadeVocabulary } from '../src/pipeline/6-execute/vocabulary.ts';
import { isValidBsn } from '../src/domains/brp/input.ts';
import { compilePlan } from '../src/engine/plan/compile-plan.ts';
import { allowAll } from '../src/engine/plan/decisions.ts';
import { executableDocument } from '../src/engine/plan/executable-document.ts';
import { PlanCache } from '../src/engine/plan/plan-cache.ts';
import { normalizeAccess } from '../src/engine/protocol/hash-chain.ts';
import { DepthLimitRule, type VisitCounter } from '../src/pipeline/4-validate/DepthLimitRule.ts';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const burgerzaken = { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] };
const wmo = { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] };
const parkeren = { sub: 'medewerker-parkeren', client_id: 'procesapp', roles: ['parkeren'] };

let h: Harness;
const planCache = new PlanCache();
beforeAll(async () => {
  h = await startHarness({ facade: { planCache } });
});
afterAll(async () => h?.close());

const rec = () => h.protocol as RecordingProtocol;
const lastAccess = () => rec().access.at(-1)!;
const processingOf = (operationId: string) => rec().processing.filter((p) => p.operationId === operationId);

describe('the record is what the response delivers', () => {
  it('records the domestic aliases under the fields the BRP answers with', async () => {
    const res = await h.query(
      `{ persoon(burgerservicenummer: "999993653") {
          verblijfplaatsBinnenland { ... on Adres { verblijfadres { officieleStraatnaam huisnummer postcode } } }
          adresseringBinnenland { adresregel1 adresregel2 }
      } }`,
      { token: await h.token(burgerzaken) },
    );
    expect(res.body.errors).toBeUndefined();
    const persoon = res.body.data?.persoon as { verblijfplaatsBinnenland: { verblijfadres: { officieleStraatnaam: string } }; adresseringBinnenland: { adresregel1: string } };
    expect(persoon.verblijfplaatsBinnenland.verblijfadres.officieleStraatnaam).toBe('Boterdiep');
    expect(persoon.adresseringBinnenland.adresregel1).toMatch(/^Boterdiep 31/);
    expect(processingOf(lastAccess().operationId)).toEqual([
      expect.objectContaining({
        subjectId: '999993653',
        status: 'disclosed',
        fields: [
          'adressering.adresregel1',
          'adressering.adresregel2',
          'verblijfplaats.verblijfadres.huisnummer',
          'verblijfplaats.verblijfadres.officieleStraatnaam',
          'verblijfplaats.verblijfadres.postcode',
        ],
      }),
    ]);
  });

  it('answers a lone __typename of a union from its discriminator, and records what it reveals', async () => {
    h.mock.clearRequests();
    const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { verblijfplaats { __typename } } }`, { token: await h.token(wmo) });
    expect(res.body.data).toEqual({ persoon: { verblijfplaats: { __typename: 'Adres' } } });
    expect(h.upstreamRequests()[0].fields).toEqual(['burgerservicenummer', 'verblijfplaats.type']);
    expect(processingOf(lastAccess().operationId)[0].fields).toEqual(['verblijfplaats.type']);
  });

  it('records no person of a batch when another batch failed and nothing was delivered', async () => {
    const data = JSON.parse(readFileSync('data/brp/test-data.json', 'utf8')) as Array<{ burgerservicenummer: string }>;
    const bsns = data.map((p) => p.burgerservicenummer).filter(isValidBsn).slice(0, 25); // two upstream calls: 20 + 5
    // The first call is answered, the second fails after it: the first batch's persons were fetched.
    h.mock.failNext({});
    h.mock.failNext({ status: 503, delayMs: 50 });
    const res = await h.query(`query($b: [String!]!) { personen(burgerservicenummers: $b) { naam { voornamen } } }`, { variables: { b: bsns }, token: await h.token(burgerzaken) });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(lastAccess()).toMatchObject({ outcome: 'error', fieldsReturned: [] });
    expect(processingOf(lastAccess().operationId)).toEqual([]);
  });
});

describe('the record cannot be steered by the caller', () => {
  it.each(['__authz_subject: __typename', '__authz_subject: aNummer', '__authz_type: aNummer', '__x: burgerservicenummer'])('refuses the reserved alias in %s before anything is fetched', async (field) => {
    h.mock.clearRequests();
    const res = await h.query(`{ personen(burgerservicenummers: ["999993653"]) { ${field} naam { volledigeNaam } } }`, { token: await h.token(burgerzaken) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ reason: 'RESERVED_ALIAS' });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('a fragment spread under a narrower type and again on the interface applies to every type, as execution has it', () => {
    const schema = buildFacadeSchema();
    const document = parse(`{ persoon(burgerservicenummer: "999993653") { verblijfplaats { ... on Adres { ...V } ...V } } } fragment V on AbstractVerblijfplaats { datumVan { type } }`);
    const plan = compilePlan({ schema, document, operation: getOperationAST(document)!, variables: {}, vocabulary: facadeVocabulary });
    const verblijfplaats = plan.root.fields[0].children!.fields[0].children!;
    const datumVan = verblijfplaats.fields.filter((f) => f.fieldName === 'datumVan');
    expect(datumVan.map((f) => [f.onType.name, f.narrowed])).toEqual([
      ['Adres', true],
      ['AbstractVerblijfplaats', false],
    ]);
  });
});

describe('search criteria are disclosures', () => {
  it('refuses a criterion that reveals a field outside the purpose, naming it, before any upstream call', async () => {
    h.mock.clearRequests();
    // Ten candidate dates in one request (more would reach more than 100 persons: refused as too complex).
    const candidates = Array.from({ length: 10 }, (_, i) => `d${i}: zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31, geboortedatum: "1985-12-${String((i % 28) + 1).padStart(2, '0')}" }) { naam { volledigeNaam } }`);
    const res = await h.query(`{ ${candidates.join(' ')} }`, { token: await h.token(parkeren) });
    expect(res.status).toBe(200);
    expect(Object.values(res.body.data ?? {}).every((v) => v === null)).toBe(true);
    expect(res.body.errors).toHaveLength(10);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CRITERION_NOT_IN_PURPOSE', argumentName: 'postcodeEnHuisnummer.geboortedatum' });
    expect(h.mock.requests).toHaveLength(0);
  });

  it('refuses optional criteria too, and allows those whose field the purpose holds', async () => {
    h.mock.clearRequests();
    const search = (criterion: string) => `{ zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31, ${criterion} }) { burgerservicenummer } }`;
    const byName = await h.query(search('geslachtsnaam: "Moulin"'), { token: await h.token(parkeren) });
    expect(byName.body.errors?.[0].extensions).toMatchObject({ reason: 'CRITERION_NOT_IN_PURPOSE', argumentName: 'postcodeEnHuisnummer.geslachtsnaam' });
    expect(h.mock.requests).toHaveLength(0);
    // huisletter reveals verblijfplaats.verblijfadres.huisletter, which parkeervergunning holds.
    const byLetter = await h.query(search('huisletter: "a"'), { token: await h.token(parkeren) });
    expect(byLetter.body.errors).toBeUndefined();
    expect(h.upstreamRequests()[0]).toMatchObject({ type: 'ZoekMetPostcodeEnHuisnummer', huisletter: 'a' });
  });

  it('lists the criteria in the access record, and their values only in the records of the persons found', async () => {
    const res = await h.query(`{ zoekPersonen(postcodeEnHuisnummer: { postcode: "3077AW", huisnummer: 31 }) { naam { volledigeNaam } } }`, { token: await h.token(wmo) });
    expect(res.body.errors).toBeUndefined();
    const access = lastAccess();
    expect(access.searchCriteria).toEqual(['postcodeEnHuisnummer.huisnummer', 'postcodeEnHuisnummer.postcode']);
    // The values are in `asked` only, which the protocol log stores sealed, never in plain text
    // (test/protocol-subjects.test.ts searches a dump).
    const { asked, ...rest } = access;
    expect(JSON.stringify(rest)).not.toContain('3077AW');
    expect(asked).toEqual([{ field: 'zoekPersonen', arguments: { postcodeEnHuisnummer: { postcode: '3077AW', huisnummer: 31 } } }]);
    const hits = processingOf(access.operationId);
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.fields).toEqual(expect.arrayContaining(['verblijfplaats.verblijfadres.huisnummer', 'verblijfplaats.verblijfadres.postcode']));
  });
});

describe('limits on the plan', () => {
  it('refuses an operation that reaches more persons than allowed, before any upstream call', async () => {
    const data = JSON.parse(readFileSync('data/brp/test-data.json', 'utf8')) as Array<{ burgerservicenummer: string }>;
    const bsns = data.map((p) => p.burgerservicenummer).filter(isValidBsn).slice(0, 100);
    const aliases = Array.from({ length: 50 }, (_, i) => `p${i}: personen(burgerservicenummers: $b) { burgerservicenummer }`).join(' ');
    h.mock.clearRequests();
    const res = await h.query(`query($b: [String!]!) { ${aliases} }`, { variables: { b: bsns }, token: await h.token(burgerzaken) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_PERSONS' });
    expect(h.mock.requests).toHaveLength(0);
    // Links count: 40 persons with their parents and partners are 40 × (1 + 2 + 2) = 200.
    const linked = await h.query(`query($b: [String!]!) { personen(burgerservicenummers: $b) { ouders { persoon { burgerservicenummer } } partners { persoon { burgerservicenummer } } } }`, {
      variables: { b: bsns.slice(0, 40) },
      token: await h.token(burgerzaken),
    });
    expect(linked.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_PERSONS' });
  });

  it('shares one plan between requests that differ only in values', async () => {
    const before = planCache.stats();
    for (const bsn of ['999993653', '999990378', '999991036']) {
      await h.query(`query($bsn: String!) { persoon(burgerservicenummer: $bsn) { naam { voornamen } } }`, { variables: { bsn }, token: await h.token(wmo) });
    }
    const after = planCache.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(2);
  });
});

describe('every refused or failed request leaves its access record', () => {
  const long = 'X'.repeat(5000);

  it('bounds an operation name, a task description and token claims that are too long for the log', async () => {
    const res = await h.query(`query ${long} { persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, {
      token: await h.token({ ...wmo, sub: `medewerker-${long}` }),
      headers: { 'x-verwerking': long },
    });
    expect(res.status).toBe(200);
    const access = lastAccess();
    expect(() => normalizeAccess(access)).not.toThrow();
    expect(access.operationName!.length).toBeLessThanOrEqual(256);
    expect(access.operationName).toMatch(/…\[5000 characters, sha256 [0-9a-f]{16}\]$/);
    expect(access.principal.subject!.length).toBeLessThanOrEqual(512);
    expect(access.taskDescription!.length).toBeLessThanOrEqual(200);
  });

  it.each([
    ['a batch', 'application/json', JSON.stringify([{ query: '{ facadeVersion }' }, { query: '{ facadeVersion }' }])],
    ['a query that is no string', 'application/json', JSON.stringify({ query: 123 })],
    ['variables that are no object', 'application/json', JSON.stringify({ query: '{ facadeVersion }', variables: 'x' })],
    ['a body that is no JSON', 'application/json', '{"query": '],
    ['a body too large', 'application/json', JSON.stringify({ query: `{ facadeVersion } # ${'x'.repeat(300 * 1024)}` })],
    ['a CSRF-blocked content type', 'text/plain', '{ facadeVersion }'],
  ])('also for %s, refused before Apollo runs the operation', async (_case, contentType, body) => {
    const before = rec().access.length;
    const response = await fetch(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${await h.token(burgerzaken)}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(rec().access.length).toBe(before + 1);
    expect(lastAccess().outcome).toBe('denied');
    expect(() => normalizeAccess(lastAccess())).not.toThrow();
  });

  it('also when the request is refused before execution', async () => {
    const before = rec().access.length;
    const response = await fetch(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query ${long} { facadeVersion }`, operationName: long }),
    });
    expect(response.status).toBe(401);
    expect(rec().access.length).toBe(before + 1);
    expect(() => normalizeAccess(lastAccess())).not.toThrow();
    expect(lastAccess()).toMatchObject({ outcome: 'denied', reason: 'UNAUTHENTICATED' });
  });
});

describe('planning is linear in the document', () => {
  const schema = buildFacadeSchema();

  /** Fragments that each spread the next one twice: 2^levels positions if expanded naively. */
  function fragmentDag(levels: number): string {
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Persoon { ...F${i + 1} ...F${i + 1} }`).join('\n');
    return `{ persoon(burgerservicenummer: "999993653") { ...F0 } }\n${fragments}\nfragment F${levels} on Persoon { naam { voornamen geslachtsnaam } geboorte { datum { langFormaat } } }`;
  }

  const astNodes = (document: ReturnType<typeof parse>) => {
    let n = 0;
    visit(document, { enter: () => void n++ });
    return n;
  };

  it.each([10, 20, 24])('a %i-level fragment DAG: validation, planning and the executed document stay within a constant times its size', (levels) => {
    const document = parse(fragmentDag(levels));
    const size = astNodes(document);
    const depth: VisitCounter = { visits: 0 };
    expect(validate(schema, document, [...specifiedRules, DepthLimitRule(15, depth)])).toEqual([]);
    const operation = getOperationAST(document)!;
    const plan = compilePlan({ schema, document, operation, variables: {}, vocabulary: facadeVocabulary });
    const executed = executableDocument(plan, operation, allowAll(plan), () => true).document;
    const executedSize = astNodes(executed);
    expect(depth.visits).toBeLessThanOrEqual(2 * size);
    expect(plan.visits).toBeLessThanOrEqual(2 * size);
    // persoon, naam, voornamen, geslachtsnaam, geboorte, datum, langFormaat: merged as execution merges them.
    expect(plan.positions).toBe(7);
    expect(executedSize).toBeLessThanOrEqual(2 * size);
    expect(executed.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION)).toBe(true);
  });
});
