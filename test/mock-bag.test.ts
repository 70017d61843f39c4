// The mock BAG API Individuele Bevragingen v2 (src/dev/mocks/bag/) answers in the shapes of
// data/bag/openapi.yaml (lvbag/BAG-API, archived resolved spec; see data/bag/SOURCES.md) on data
// generated for the addresses of the BRP test data. Over real HTTP (port 0):
//   - every adresseerbaar object and adres the mock knows validates against the response schema the
//     spec declares for its operation, plain and with expand=true; searches against AdresIOHalCollection,
//     every error against Error;
//   - every adresseerbaarObjectIdentificatie and nummeraanduidingIdentificatie of data/brp/test-data.json
//     is found, with the address fields the BRP gives (three malformed identificaties of the data are
//     answered 400, as the spec's patterns say, and named here);
//   - generation is deterministic: pinned values, the same object whatever else the data holds;
//   - searches (adresseerbaar object, postcode + huisnummer with exacteMatch, woonplaats + openbare
//     ruimte, pand, paging), errors (400 invalid-params, 401, 404, 405, 406), failure injection and
//     rate-limiting.feature's headers and 429 on a fake clock.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bagAdres,
  bagObject,
  bagPand,
  buildBagData,
  loadBagData,
  readSources,
  startBagMock,
  type BagMock,
  type SourceRows,
} from '../src/dev/mocks/bag/server.ts';
import { bagSchemaValidators } from './support/mock-bag-schema.ts';

const KEY = 'test-key';
const AO_PATH = '/adresseerbareobjecten/{adresseerbaarObjectIdentificatie}';
const NA_PATH = '/adressen/{nummeraanduidingIdentificatie}';
const SEARCH_PATH = '/adressen';

let mock: BagMock;
beforeAll(async () => {
  mock = await startBagMock({ port: 0, apiKey: KEY });
});
afterAll(async () => mock?.close());

type Obj = Record<string, any>;
interface Antwoord {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: Obj;
  text: string;
}

async function get(path: string, headers: Record<string, string> = {}, base = mock.url): Promise<Antwoord> {
  const res = await fetch(`${base}${path}`, { headers: { 'x-api-key': KEY, accept: 'application/hal+json', ...headers } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body: body as Obj, text };
}

/** A request with exactly these headers (fetch adds its own and cannot send every method). */
function raw(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Obj }> {
  const url = new URL(`${mock.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: `${url.pathname}${url.search}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Obj }));
    });
    req.on('error', reject);
    req.end();
  });
}

const schemas = bagSchemaValidators();
function expectValid(specPath: string, res: Antwoord): void {
  const errors = schemas.validateResponse(specPath, res.status, res.body);
  expect(errors, `${specPath} ${res.status}: ${JSON.stringify(errors.slice(0, 3))}\n${res.text.slice(0, 400)}`).toEqual([]);
}

function expectProblem(specPath: string, res: Antwoord, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.contentType).toBe('application/problem+json');
  expect(res.headers.get('api-version')).toBe('2.0.0');
  expect(res.body).toMatchObject({ status, code });
  expectValid(specPath, res);
}

// --- the BRP test data ------------------------------------------------------------------------

interface BrpVerblijfplaats {
  adresseerbaarObjectIdentificatie?: string;
  nummeraanduidingIdentificatie?: string;
  straat?: string;
  naamOpenbareRuimte?: string;
  huisnummer?: string;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  woonplaats?: string;
}
interface BrpPersoon {
  burgerservicenummer: string;
  verblijfplaats?: BrpVerblijfplaats;
  gemeenteVanInschrijving?: { code?: string; omschrijving?: string };
}
const personen = JSON.parse(readFileSync(new URL('../data/brp/test-data.json', import.meta.url), 'utf8')) as BrpPersoon[];
const metAdres = personen.filter((p) => p.verblijfplaats?.adresseerbaarObjectIdentificatie !== undefined || p.verblijfplaats?.nummeraanduidingIdentificatie !== undefined);
const brpAo = [...new Set(metAdres.map((p) => p.verblijfplaats?.adresseerbaarObjectIdentificatie).filter((x): x is string => x !== undefined))];
const brpNa = [...new Set(metAdres.map((p) => p.verblijfplaats?.nummeraanduidingIdentificatie).filter((x): x is string => x !== undefined))];

/** Values in data/brp/test-data.json the spec's patterns reject: answered 400, not served. */
const MALFORMED_AO = [' 036301000059975' /* 15 digits */, '0518100001753738' /* objecttypecode 10: a pand */];
const MALFORMED_NA = [' 051820000162525' /* 15 digits */];

const data = loadBagData();
const conflicting = (na: string, veld: string) => data.conflicts.some((c) => c.identificatie === na && c.veld === veld);

describe('the generated data covers the BRP test data', () => {
  it('reads data/brp and, when present, data/brp-historie and data/brp-bewoning', () => {
    expect(data.sources[0]).toMatchObject({ bron: 'brp', rows: personen.length });
    expect(data.sources.map((s) => s.bron)).toEqual(['brp', 'brp-historie', 'brp-bewoning']);
    expect(data.objecten.size).toBeGreaterThan(300);
    expect(data.adressen.size).toBeGreaterThan(300);
  });

  it('tolerates absent optional sources and an unreadable one (being written)', () => {
    const root = mkdtempSync(join(tmpdir(), 'mock-bag-'));
    try {
      mkdirSync(join(root, 'data/brp'), { recursive: true });
      writeFileSync(join(root, 'data/brp/test-data.json'), JSON.stringify(personen.filter((p) => p.burgerservicenummer === '999993653')));
      const absent = readSources(root);
      expect(absent.info.map((i) => [i.bron, i.note])).toEqual([['brp', undefined], ['brp-historie', 'absent'], ['brp-bewoning', 'absent']]);
      mkdirSync(join(root, 'data/brp-bewoning'), { recursive: true });
      writeFileSync(join(root, 'data/brp-bewoning/test-data.json'), '[{"burgerservicenummer": "99');
      const half = readSources(root);
      expect(half.info[2].note).toMatch(/^unreadable/);
      const small = buildBagData(half.sources, half.info);
      expect([...small.objecten.keys()]).toEqual(['0599010000208579']);
      expect(() => readSources(join(root, 'nowhere'))).toThrow(/data\/brp\/test-data.json: missing/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds every adresseerbaarObjectIdentificatie of data/brp/test-data.json', async () => {
    expect(brpAo.length).toBeGreaterThan(200);
    for (const raw of brpAo) {
      const res = await get(`/adresseerbareobjecten/${encodeURIComponent(raw)}`);
      if (MALFORMED_AO.includes(raw)) {
        expectProblem(AO_PATH, res, 400, 'paramsValidation');
        expect(data.skipped.some((s) => s.waarde === raw && s.bron === 'brp')).toBe(true);
        continue;
      }
      expect(res.status, raw).toBe(200);
      const [kind] = Object.keys(res.body).filter((k) => k !== '_links');
      const object = res.body[kind][kind];
      expect(object.identificatie).toBe(raw);
      // Every person's nummeraanduiding is one the object carries.
      for (const p of metAdres.filter((x) => x.verblijfplaats?.adresseerbaarObjectIdentificatie === raw)) {
        const na = p.verblijfplaats?.nummeraanduidingIdentificatie?.trim();
        if (na && data.adressen.has(na)) expect([object.heeftAlsHoofdAdres, ...(object.heeftAlsNevenAdres ?? [])], p.burgerservicenummer).toContain(na);
      }
    }
  });

  it('finds every nummeraanduidingIdentificatie of data/brp/test-data.json, with the BRP address', async () => {
    expect(brpNa.length).toBeGreaterThan(200);
    const differing: string[] = [];
    let compared = 0;
    for (const raw of brpNa) {
      const res = await get(`/adressen/${encodeURIComponent(raw)}`);
      if (MALFORMED_NA.includes(raw)) {
        expectProblem(NA_PATH, res, 400, 'paramsValidation');
        continue;
      }
      expect(res.status, raw).toBe(200);
      const adres = res.body;
      expect(adres.nummeraanduidingIdentificatie).toBe(raw);
      for (const p of metAdres.filter((x) => x.verblijfplaats?.nummeraanduidingIdentificatie === raw)) {
        const v = p.verblijfplaats as BrpVerblijfplaats;
        const ao = v.adresseerbaarObjectIdentificatie;
        const served = {
          adresseerbaarObjectIdentificatie: adres.adresseerbaarObjectIdentificatie,
          openbareRuimteNaam: adres.openbareRuimteNaam,
          huisnummer: adres.huisnummer,
          huisletter: adres.huisletter,
          huisnummertoevoeging: adres.huisnummertoevoeging,
          postcode: adres.postcode,
          woonplaatsNaam: adres.woonplaatsNaam,
        };
        const brp = {
          adresseerbaarObjectIdentificatie: ao && !MALFORMED_AO.includes(ao) ? ao : undefined,
          // Trimmed: the test data has trailing spaces here and there.
          openbareRuimteNaam: (v.naamOpenbareRuimte ?? v.straat)?.trim(),
          huisnummer: Number(v.huisnummer),
          huisletter: v.huisletter?.trim(),
          huisnummertoevoeging: v.huisnummertoevoeging?.trim(),
          postcode: v.postcode?.trim(),
          // A verblijfplaats without woonplaats lies in the gemeente van inschrijving.
          woonplaatsNaam: (v.woonplaats ?? p.gemeenteVanInschrijving?.omschrijving)?.trim(),
        };
        compared++;
        if (JSON.stringify(served) === JSON.stringify(brp)) continue;
        differing.push(p.burgerservicenummer);
        // Only where the test data gives this nummeraanduiding more than one address or object.
        expect(conflicting(raw, 'adres') || conflicting(raw, 'adresseerbaarObjectIdentificatie'), `${p.burgerservicenummer}: ${JSON.stringify({ served, brp })}`).toBe(true);
      }
    }
    expect(compared).toBe(metAdres.length - metAdres.filter((p) => MALFORMED_NA.includes(p.verblijfplaats?.nummeraanduidingIdentificatie ?? '') || !p.verblijfplaats?.nummeraanduidingIdentificatie).length);
    // The persons whose nummeraanduiding the test data also gives another address: a handful.
    expect(differing.length, differing.join(' ')).toBeLessThanOrEqual(10);
  });

  it('names what it left out and what it chose between', () => {
    for (const s of data.skipped) expect(s.reden).toMatch(/16 cijfers|standaardwaarde|objecttypecode|nummeraanduiding/);
    expect([...new Set(data.skipped.filter((s) => s.bron === 'brp').map((s) => s.waarde))].sort()).toEqual([...MALFORMED_AO, ...MALFORMED_NA].sort());
    // Leyweg 1485: one nummeraanduiding, two objects in the data; the second borrows it.
    expect(data.objecten.get('0518010000817227')).toMatchObject({ heeftAlsHoofdAdres: '0518200000617226', sharedHoofdadres: true });
    expect(bagAdres('0518200000617226')?.adresseerbaarObjectIdentificatie).toBe('0518010000617227');
  });

  it('links objects and addresses both ways', async () => {
    for (const [id, record] of data.objecten) {
      const adres = bagAdres(record.heeftAlsHoofdAdres);
      expect(adres, id).toBeDefined();
      if (!record.sharedHoofdadres) expect(adres?.adresseerbaarObjectIdentificatie, id).toBe(id);
      for (const n of record.heeftAlsNevenAdres) expect(bagAdres(n)).toMatchObject({ adresseerbaarObjectIdentificatie: id, indicatieNevenadres: true });
    }
    for (const [na, a] of data.adressen) {
      if (!a.adresseerbaarObjectIdentificatie) continue;
      const object = data.objecten.get(a.adresseerbaarObjectIdentificatie);
      expect([object?.heeftAlsHoofdAdres, ...(object?.heeftAlsNevenAdres ?? [])], na).toContain(na);
    }
  });
});

describe('every response validates against the spec', () => {
  it('GET /adresseerbareobjecten/{id}, plain and with expand=true: AdresseerbaarObjectIOHal', async () => {
    expect(schemas.responseSchema(AO_PATH, 200)).toBe('AdresseerbaarObjectIOHal');
    for (const id of data.objecten.keys()) {
      for (const query of ['', '?expand=true']) {
        const res = await get(`/adresseerbareobjecten/${id}${query}`);
        expect(res.status).toBe(200);
        expect(res.contentType).toBe('application/hal+json');
        expect(res.headers.get('api-version')).toBe('2.0.0');
        expect(res.headers.get('content-crs')).toBe('epsg:28992');
        expectValid(AO_PATH, res);
        // "wordt er altijd slechts één van deze objecten geretourneerd"
        expect(Object.keys(res.body).filter((k) => ['verblijfsobject', 'ligplaats', 'standplaats'].includes(k))).toHaveLength(1);
      }
    }
  });

  it('GET /adressen/{id}, plain and with expand=true: AdresIOHal', async () => {
    expect(schemas.responseSchema(NA_PATH, 200)).toBe('AdresIOHal');
    for (const id of data.adressen.keys()) {
      for (const query of ['', '?expand=true']) {
        const res = await get(`/adressen/${id}${query}`);
        expect(res.status).toBe(200);
        expectValid(NA_PATH, res);
        if (query) expect(Object.keys(res.body._embedded).sort()).toEqual(['nummeraanduiding', 'openbareRuimte', 'woonplaats']);
      }
    }
  });

  it('GET /adressen?adresseerbaarObjectIdentificatie=…: AdresIOHalCollection with the object\'s adressen', async () => {
    expect(schemas.responseSchema(SEARCH_PATH, 200)).toBe('AdresIOHalCollection');
    for (const [id, record] of data.objecten) {
      const res = await get(`/adressen?adresseerbaarObjectIdentificatie=${id}&expand=true`);
      expect(res.status).toBe(200);
      expectValid(SEARCH_PATH, res);
      expect(res.body._embedded.adressen.map((a: Obj) => a.nummeraanduidingIdentificatie)).toEqual([record.heeftAlsHoofdAdres, ...record.heeftAlsNevenAdres]);
    }
  });

  it('the validators are strict: an undefined property or a missing required one fails', async () => {
    const adres = (await get('/adressen/0599200000219678')).body;
    expect(schemas.validateResponse(NA_PATH, 200, { ...adres, adresregel1: 'Boterdiep 31' })).not.toEqual([]);
    const { korteNaam: _korteNaam, ...zonderKorteNaam } = adres;
    expect(schemas.validateResponse(NA_PATH, 200, zonderKorteNaam)).not.toEqual([]);
    const object = (await get('/adresseerbareobjecten/0599010000208579')).body;
    object.verblijfsobject.verblijfsobject.bouwjaar = 1999;
    expect(schemas.validateResponse(AO_PATH, 200, object)).not.toEqual([]);
  });

  it('the object\'s adres agrees with its embedded nummeraanduiding, openbare ruimte and woonplaats', async () => {
    const res = await get('/adressen/0599200000219678?expand=true');
    const { nummeraanduiding, openbareRuimte, woonplaats } = res.body._embedded;
    expect(nummeraanduiding.nummeraanduiding).toMatchObject({ identificatie: '0599200000219678', huisnummer: 31, postcode: '3077AW', ligtAan: res.body.openbareRuimteIdentificatie, typeAdresseerbaarObject: 'Verblijfsobject' });
    expect(openbareRuimte.openbareRuimte).toMatchObject({ identificatie: res.body.openbareRuimteIdentificatie, naam: 'Boterdiep', korteNaam: 'Boterdiep', ligtIn: res.body.woonplaatsIdentificatie });
    expect(woonplaats.woonplaats).toMatchObject({ identificatie: res.body.woonplaatsIdentificatie, naam: 'Rotterdam' });
    expect(res.body.openbareRuimteIdentificatie).toMatch(/^059930\d{10}$/);
  });
});

describe('generation', () => {
  it('gives plausible objects: oppervlakte 25–250, bouwjaar 1900–2020 via the pand, woonfunctie, in gebruik', () => {
    const types = new Set<string>();
    for (const id of data.objecten.keys()) {
      const object = bagObject(id);
      types.add(object?.type ?? '');
      if (object?.type !== 'Verblijfsobject') {
        expect(object?.status).toBe('Plaats aangewezen');
        continue;
      }
      expect(object.oppervlakte).toBeGreaterThanOrEqual(25);
      expect(object.oppervlakte).toBeLessThanOrEqual(250);
      expect(object.gebruiksdoelen[0]).toBe('woonfunctie');
      expect(object.status).toMatch(/^Verblijfsobject in gebruik/);
      const pand = bagPand(object.maaktDeelUitVan[0]);
      const bouwjaar = Number(pand?.oorspronkelijkBouwjaar);
      expect(bouwjaar).toBeGreaterThanOrEqual(1900);
      expect(bouwjaar).toBeLessThanOrEqual(2020);
      expect(Number(object.documentdatum.slice(0, 4))).toBeGreaterThanOrEqual(Math.max(2009, bouwjaar));
    }
    expect([...types].sort()).toEqual(['Ligplaats', 'Verblijfsobject']);
  });

  it('is deterministic: pinned values for the address of 999993653', () => {
    const object = bagObject('0599010000208579');
    expect(object).toMatchObject({
      type: 'Verblijfsobject',
      identificatie: '0599010000208579',
      heeftAlsHoofdAdres: '0599200000219678',
      oppervlakte: 184,
      gebruiksdoelen: ['woonfunctie'],
      status: 'Verblijfsobject in gebruik',
      geconstateerd: 'N',
      documentdatum: '2013-10-27',
      maaktDeelUitVan: ['0599100000208579'],
      geometrie: { punt: { type: 'Point', coordinates: [252222.418, 378792.281, 0] } },
    });
    expect(bagPand('0599100000208579')?.oorspronkelijkBouwjaar).toBe('1999');
  });

  it('gives the same object for an identificatie whatever else the data holds', async () => {
    const persoon = personen.find((p) => p.burgerservicenummer === '999993653') as BrpPersoon;
    const alone: SourceRows[] = [{ bron: 'brp', rows: [persoon] }];
    const small = buildBagData(alone);
    expect(bagObject('0599010000208579', small)).toEqual(bagObject('0599010000208579'));
    expect(adresZonderAfgeleideIds(small)).toEqual(adresZonderAfgeleideIds(data));
    // …and the same bytes over HTTP, request after request.
    const [a, b] = await Promise.all([get('/adresseerbareobjecten/0599010000208579?expand=true'), get('/adresseerbareobjecten/0599010000208579?expand=true')]);
    expect(a.text).toBe(b.text);
  });
});

/** The adres of 999993653 without the openbare ruimte and woonplaats identificaties (derived from all names). */
function adresZonderAfgeleideIds(d: ReturnType<typeof loadBagData>) {
  const { openbareRuimteIdentificatie: _or, woonplaatsIdentificatie: _wpl, ...rest } = bagAdres('0599200000219678', d) ?? {};
  return rest;
}

describe('searches', () => {
  it('postcode + huisnummer; the postcode in any case', async () => {
    for (const postcode of ['3077AW', '3077aw']) {
      const res = await get(`/adressen?postcode=${postcode}&huisnummer=31`);
      expectValid(SEARCH_PATH, res);
      expect(res.body._embedded.adressen.map((a: Obj) => a.nummeraanduidingIdentificatie)).toEqual(['0599200000219678']);
      expect(res.headers.get('x-pagination-page')).toBe('1');
      expect(res.headers.get('x-pagination-limit')).toBe('20');
    }
    expect((await get('/adressen?postcode=3077AW&huisnummer=32')).body._embedded.adressen).toEqual([]);
  });

  it('huisletter and exacteMatch (Turfmarkt 25 and 25 a)', async () => {
    const ids = async (q: string) => ((await get(`/adressen?postcode=2511CA&huisnummer=25${q}`)).body._embedded.adressen as Obj[]).map((a) => `${a.huisnummer}${a.huisletter ?? ''}`);
    expect(await ids('')).toEqual(['25', '25a']);
    expect(await ids('&huisletter=A')).toEqual(['25a']);
    expect(await ids('&huisletter=b')).toEqual([]);
    expect(await ids('&exacteMatch=true')).toEqual(['25']);
    expect(await ids('&exacteMatch=true&huisletter=a')).toEqual(['25a']);
    expect(await ids('&exacteMatch=false&huisnummertoevoeging=2')).toEqual([]);
  });

  it('woonplaatsNaam + openbareRuimteNaam + huisnummer; pandIdentificatie', async () => {
    const byName = await get('/adressen?woonplaatsNaam=rotterdam&openbareRuimteNaam=Boterdiep&huisnummer=31');
    expectValid(SEARCH_PATH, byName);
    expect(byName.body._embedded.adressen.map((a: Obj) => a.nummeraanduidingIdentificatie)).toEqual(['0599200000219678']);
    const byPand = await get('/adressen?pandIdentificatie=0599100000208579');
    expect(byPand.body._embedded.adressen.map((a: Obj) => a.nummeraanduidingIdentificatie)).toEqual(['0599200000219678']);
    expect((await get('/adressen?zoekresultaatIdentificatie=adr-123')).body._embedded.adressen).toEqual([]);
  });

  it('pages with page and pageSize, with first/previous/next links', async () => {
    const rows = 'ABCDEFGHIJKLMNOPQRSTUVWXY'.split('').map((letter, i) => ({
      burgerservicenummer: String(i),
      verblijfplaats: {
        adresseerbaarObjectIdentificatie: `0599010000${String(900000 + i)}`,
        nummeraanduidingIdentificatie: `0599200000${String(900000 + i)}`,
        straat: 'Proefstraat', huisnummer: '7', huisletter: letter, postcode: '3011AA', woonplaats: 'Rotterdam',
      },
    }));
    const own = await startBagMock({ port: 0, data: buildBagData([{ bron: 'brp', rows }]) });
    try {
      const page = async (q: string) => {
        const res = await get(`/adressen?postcode=3011AA&huisnummer=7${q}`, {}, own.url);
        expectValid(SEARCH_PATH, res);
        return res;
      };
      const first = await page('&pageSize=10');
      expect(first.body._embedded.adressen.map((a: Obj) => a.huisletter).join('')).toBe('ABCDEFGHIJ');
      expect(first.body._links.next.href).toContain('page=2');
      expect(first.body._links.previous).toBeUndefined();
      const last = await page('&pageSize=10&page=3');
      expect(last.body._embedded.adressen.map((a: Obj) => a.huisletter).join('')).toBe('UVWXY');
      expect(last.body._links.previous.href).toContain('page=2');
      expect(last.body._links.next).toBeUndefined();
      expect(last.headers.get('x-pagination-page')).toBe('3');
      expect(last.headers.get('x-pagination-limit')).toBe('10');
      expect((await page('')).body._embedded.adressen).toHaveLength(20);
    } finally {
      await own.close();
    }
  });
});

describe('errors', () => {
  it('404 notFound for an unknown identificatie, with the full request URL as instance', async () => {
    const ao = await get('/adresseerbareobjecten/0599010000000001');
    expectProblem(AO_PATH, ao, 404, 'notFound');
    expect(ao.body).toMatchObject({ title: 'Opgevraagde resource bestaat niet.', instance: `${mock.url}/adresseerbareobjecten/0599010000000001` });
    expect(decodeURIComponent(ao.body.type)).toBe('https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#/10.4.5 404 Not Found');
    expectProblem(NA_PATH, await get('/adressen/0599200000000001'), 404, 'notFound');
    // 16 digits pass the path pattern; objecttypecode 01 is no nummeraanduiding, so there is none.
    expectProblem(NA_PATH, await get('/adressen/0599010000208579'), 404, 'notFound');
    expectProblem(AO_PATH, await get('/panden/0599100000208579'), 404, 'notFound');
    expectProblem(AO_PATH, await get('/elders', {}, new URL(mock.url).origin), 404, 'notFound');
  });

  it('400 with invalid-params for a malformed identificatie', async () => {
    for (const bad of ['0599100000208579' /* a pand */, '059901000020857', 'abc']) {
      const res = await get(`/adresseerbareobjecten/${bad}`);
      expectProblem(AO_PATH, res, 400, 'paramsValidation');
      expect(res.body['invalid-params']).toEqual([{
        type: 'https://www.vng.nl/realisatie/api/validaties/pattern',
        name: 'adresseerbaarObjectIdentificatie',
        code: 'pattern',
        reason: 'Waarde voldoet niet aan patroon ^[0-9]{4}(01|02|03)[0-9]{10}$.',
      }]);
    }
    const na = await get('/adressen/12345');
    expectProblem(NA_PATH, na, 400, 'paramsValidation');
    expect(na.body['invalid-params']).toMatchObject([{ name: 'nummeraanduidingIdentificatie', code: 'pattern' }]);
  });

  it('400 for wrong query parameters: every problem listed', async () => {
    const cases: [string, string, Obj[]][] = [
      [AO_PATH, '/adresseerbareobjecten/0599010000208579?expand=panden', [{ name: 'expand', code: 'expand' }]],
      [AO_PATH, '/adresseerbareobjecten/0599010000208579?geldigOp=2020-02-30&fields=x', [{ name: 'geldigOp', code: 'date' }, { name: 'fields', code: 'unknownParam' }]],
      [SEARCH_PATH, '/adressen?postcode=3077AW', [{ name: 'huisnummer', code: 'required' }]],
      [SEARCH_PATH, '/adressen?postcode=3077+AW&huisnummer=x', [{ name: 'postcode', code: 'pattern' }, { name: 'huisnummer', code: 'integer' }]],
      [SEARCH_PATH, '/adressen?adresseerbaarObjectIdentificatie=0599010000208579&postcode=3077AW', [{ name: 'postcode', code: 'combinatie' }]],
      [SEARCH_PATH, '/adressen?postcode=3077AW&huisnummer=31&pageSize=5', [{ name: 'pageSize', code: 'minimum' }]],
      [SEARCH_PATH, '/adressen?pandIdentificatie=0599100000208579&expand=true', [{ name: 'expand', code: 'combinatie' }]],
    ];
    for (const [specPath, path, invalid] of cases) {
      const res = await get(path);
      expectProblem(specPath, res, 400, 'paramsValidation');
      expect(res.body['invalid-params'], path).toMatchObject(invalid);
      expect(res.body['invalid-params'], path).toHaveLength(invalid.length);
    }
    const none = await get('/adressen');
    expectProblem(SEARCH_PATH, none, 400, 'paramsRequired');
    expect(none.body.title).toBe('Ten minste één parameter moet worden opgegeven.');
  });

  it('401 without the X-Api-Key or with another; no key needed when the mock has none', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }] as Record<string, string>[]) {
      const res = await raw('GET', '/adresseerbareobjecten/0599010000208579', headers);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, code: 'authentication', title: 'Niet correct geauthenticeerd.' });
      expect(schemas.validateResponse(AO_PATH, 401, res.body)).toEqual([]);
    }
    const open = await startBagMock({ port: 0 });
    try {
      expect((await fetch(`${open.url}/adresseerbareobjecten/0599010000208579`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('405 for other methods, 406 for an unsupported Accept or Accept-Crs', async () => {
    const post = await raw('POST', '/adresseerbareobjecten/0599010000208579', { 'x-api-key': KEY });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect(post.body).toMatchObject({ code: 'methodNotAllowed', title: 'Methode niet toegestaan' });
    expect(schemas.validateResponse(AO_PATH, 405, post.body)).toEqual([]);
    expectProblem(AO_PATH, await get('/adresseerbareobjecten/0599010000208579', { accept: 'application/xml' }), 406, 'notAcceptable');
    expectProblem(AO_PATH, await get('/adresseerbareobjecten/0599010000208579', { 'accept-crs': 'epsg:4326' }), 406, 'notAcceptable');
    expect((await get('/adresseerbareobjecten/0599010000208579', { accept: 'application/json', 'accept-crs': 'EPSG:28992' })).status).toBe(200);
    expect((await raw('GET', '/adresseerbareobjecten/0599010000208579', { 'x-api-key': KEY })).status).toBe(200);
  });

  it('geldigOp and beschikbaarOp before the one voorkomen: 404', async () => {
    const begin = bagObject('0599010000208579')?.voorkomen.beginGeldigheid as string;
    expect((await get(`/adresseerbareobjecten/0599010000208579?geldigOp=${begin}`)).status).toBe(200);
    expectProblem(AO_PATH, await get('/adresseerbareobjecten/0599010000208579?geldigOp=2000-01-01'), 404, 'notFound');
    expectProblem(AO_PATH, await get('/adresseerbareobjecten/0599010000208579?beschikbaarOp=2000-01-01T00:00'), 404, 'notFound');
    expect((await get('/adresseerbareobjecten/0599010000208579?beschikbaarOp=2030-01-01T00:00:00.12345')).status).toBe(200);
  });
});

describe('the mock itself', () => {
  it('records requests: method, path with query, headers, time', async () => {
    mock.clearRequests();
    await get('/adressen?postcode=3077AW&huisnummer=31');
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/lvbag/individuelebevragingen/v2/adressen?postcode=3077AW&huisnummer=31' });
    expect(mock.requests[0].headers['x-api-key']).toBe(KEY);
    expect(mock.requests[0].receivedAt).toBeInstanceOf(Date);
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
  });

  it('fails on request: status, body, a dropped connection', async () => {
    mock.failNext({ status: 503 });
    const down = await get('/adresseerbareobjecten/0599010000208579');
    expectProblem(AO_PATH, down, 503, 'notAvailable');
    mock.failNext({ status: 500, body: { anders: true } });
    expect((await get('/adresseerbareobjecten/0599010000208579')).body).toEqual({ anders: true });
    mock.failNext({ destroySocket: true });
    await expect(get('/adresseerbareobjecten/0599010000208579')).rejects.toThrow();
    mock.failNext({ status: 429 });
    const limited = await get('/adresseerbareobjecten/0599010000208579');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ title: 'Too Many Requests', detail: 'You have exceeded your quota' });
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await get('/adresseerbareobjecten/0599010000208579')).status).toBe(200);
  });

  it('rate-limiting.feature: limits per second and per day, on the mock\'s clock', async () => {
    let now = Date.parse('2025-03-15T10:00:00.250Z');
    const limited = await startBagMock({ port: 0, apiKey: KEY, rateLimit: { perSecond: 2, perDay: 4 }, now: () => new Date(now) });
    try {
      const call = () => get('/adresseerbareobjecten/0599010000208579', {}, limited.url);
      const first = await call();
      expect(first.status).toBe(200);
      expect(Object.fromEntries(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'kadaster-ratelimit-daylimit', 'kadaster-ratelimit-daylimit-remaining'].map((h) => [h, first.headers.get(h)])))
        .toEqual({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1', 'kadaster-ratelimit-daylimit': '4', 'kadaster-ratelimit-daylimit-remaining': '3' });
      expect(first.headers.get('kadaster-ratelimit-daylimit-reset')).toBe(String(14 * 3600));
      expect((await call()).status).toBe(200);
      const over = await call();
      expectProblem(AO_PATH, over, 429, 'tooManyRequests');
      expect(over.body).toMatchObject({ title: 'Too Many Requests', detail: 'You have exceeded your quota' });
      expect(over.headers.get('ratelimit-remaining')).toBe('0');
      now += 1000;
      const nextSecond = await call();
      expect(nextSecond.status).toBe(200);
      expect(nextSecond.headers.get('kadaster-ratelimit-daylimit-remaining')).toBe('0');
      now += 1000;
      const overDay = await call();
      expect(overDay.status).toBe(429);
      expect(overDay.headers.get('kadaster-ratelimit-daylimit-remaining')).toBe('0');
      now = Date.parse('2025-03-16T00:00:00.000Z');
      expect((await call()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
