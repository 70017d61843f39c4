// The mock BRP Verblijfplaatshistorie upstream (src/dev/mocks/historie/) answers as the official feature
// files of BRP-API/Haal-Centraal-BRP-historie-bevragen describe (commits in data/brp-historie/SOURCES.md),
// in the shapes of data/brp-historie/openapi.yaml.
//
// Over real HTTP (port 0), on the official test data:
//   - every BSN of the test data, for a wide period and for a peildatum, validates against
//     VerblijfplaatshistorieQueryResponse; history is newest first and each datumTot is the next
//     (newer) voorkomen's datumVan;
//   - fout-cases.feature: all scenarios (no parameters; no type; empty/unknown/wrongly cased type;
//     Accept application/xml and the accepted Accept values; no or empty Accept; unsupported and
//     supported Content-Type values; no or empty Content-Type; GET/PUT/PATCH/DELETE/OPTIONS/TRACE),
//     plus the validations of the official validators (burgerservicenummer, peildatum, datumVan,
//     datumTot, datumTot not after datumVan, unknown parameters), invalid JSON and an unknown path;
//   - the scenarios below marked [data], with official test persons that show the same rule.
// Through answerVerblijfplaatshistorie(body, { data }) with the feature's own fixture persons
// (000000012 etc.) where the test data has no person that shows the rule: the scenarios marked [fixture].
//
// raadpleeg-verblijfplaats-met-periode/datum-van-en-tot.feature:
//   actuele en historische verblijfplaatsen [data]; verblijfplaatsen in Nederland en in buitenland [data];
//   verblijfplaats in Nederland heeft datum aanvang met alleen jaar en maand bekend / alleen jaar bekend /
//   is onbekend [fixture]; verblijfplaats buitenland heeft datum aanvang met alleen jaar en maand bekend
//   [data], alleen jaar bekend [data], is onbekend [fixture]
// raadpleeg-verblijfplaats-met-periode/verblijfplaatsgegevens.feature:
//   BAG-adres, historische BAG-adres, niet-BAG adres, diakrieten in adres, locatie, buitenlands adres,
//   onbekend [data]; the same with gemeente van inschrijving and adresregel2 from it [fixture]
// raadpleeg-verblijfplaats-met-periode/vastgesteld-verblijft-niet-op-adres.feature:
//   lopend onderzoek 089999 [data], 589999 [data]; beëindigd voor datum aanvang volgende (adres in
//   Nederland, onbekende verblijfplaats), op of na datum aanvang volgende, geen volgende [fixture];
//   vastgesteld op de volgende verblijfplaats wordt niet geleverd [data]
// raadpleeg-verblijfplaats-met-periode/geheimhouding-persoonsgegevens.feature (+ gba/ peildatum variant):
//   indicatie geheim 1..7 [data: 1, 7; fixture: 1..7], 0 wordt niet geleverd [data], geen verblijfplaats
//   op peildatum [fixture]
// raadpleeg-verblijfplaats-met-periode/opschorting-bijhouding.feature (+ gba/opschorting-bijhouding-gba.feature):
//   reden O/E/M/R/. [fixture]; periode voor/overlapt/na opschorting [fixture]; logisch verwijderde (W) en
//   afgevoerde (F) persoonslijst, alleen of naast een actuele persoonslijst [fixture]
// raadpleeg-verblijfplaats-met-periode/in-onderzoek.feature and {adres,buitenland,locatie,onbekend}/in-onderzoek.feature:
//   hele categorie: Nederlands adres [data], historisch adres [data], buitenland [data], locatie [fixture],
//   onbekend [fixture]; type en adresregel1 afgeleid van straat [data]; adresregel1/adresregel2 afgeleid
//   van een veld [fixture]; groep gemeente, adreshouding, adres [data: adres], buitenland (type niet) en
//   onbekend [fixture]; datumTot in onderzoek door de volgende verblijfplaats [data + fixture], niet bij
//   beëindigd onderzoek of ander veld [fixture]; veld dat niet in de historie voorkomt [fixture]
// raadpleeg-verblijfplaats-met-peildatum/gba/peildatum-filtering-gba.feature,
//   …/peildatum-filtering-onbekende-aanvang-gba.feature, …/peildatum-filtering-onbekende-aanvang-volgende-gba.feature,
//   …/test/overlap-datum-aanvang-gba.feature, …/test/peildatum-filtering-opeenvolgend-onbekend-gba.feature (a
//   selection), …/onjuist-gba.feature: the Voorbeelden tables [fixture]; peildatum on an official person
//   with a fully known, a year-month and an unknown start [data]
// raadpleeg-verblijfplaats-met-periode/gba/periode-filtering-gba.feature, …/periode-filtering-onbekende-aanvang-gba.feature,
//   …/test/overlap-datum-aanvang-gba.feature, …/onjuist-gba.feature: the Voorbeelden tables [fixture]
import { request as httpRequest } from 'node:http';
import type { ErrorObject } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { historieData, loadHistorieData, zoekPersoonslijst } from '../src/dev/mocks/historie/data.ts';
import { answerVerblijfplaatshistorie, startHistorieMock, type HistorieMock } from '../src/dev/mocks/historie/server.ts';
import type { StoredHistorieVerblijfplaats, StoredPersoonslijst } from '../src/dev/mocks/historie/storage.ts';
import { atPointer, offendingCharacters } from './support/mock-brp-schema.ts';
import { historieSchemaValidators } from './support/mock-historie-schema.ts';

let mock: HistorieMock;
beforeAll(async () => {
  mock = await startHistorieMock({ port: 0 });
});
afterAll(async () => mock?.close());

type Obj = Record<string, any>;
interface Antwoord {
  status: number;
  contentType: string | null;
  body: Obj;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Antwoord> {
  const res = await fetch(`${mock.url}/verblijfplaatshistorie`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), body: parsed as Obj };
}

/** A request with exactly the given headers (fetch always adds an Accept and allows no TRACE). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Antwoord> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // leave as text
        }
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: parsed as Obj });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const ENDPOINT = '/haalcentraal/api/brphistorie/verblijfplaatshistorie';
const periode = (burgerservicenummer: string, datumVan: string, datumTot: string) => ({ type: 'RaadpleegMetPeriode', burgerservicenummer, datumVan, datumTot });
const peildatum = (burgerservicenummer: string, datum: string) => ({ type: 'RaadpleegMetPeildatum', burgerservicenummer, peildatum: datum });

async function verblijfplaatsen(body: unknown): Promise<Obj[]> {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.verblijfplaatsen as Obj[];
}

const datum = (iso: string, langFormaat: string) => ({ type: 'Datum', datum: iso, langFormaat });
const WOONADRES = { code: 'W', omschrijving: 'woonadres' };

// --- fixtures in the feature files' terms ------------------------------------------------------

type V = StoredHistorieVerblijfplaats;
const GEMEENTE_0800 = { code: '0800', omschrijving: 'Hoogeloon, Hapert en Casteren' };
const GEMEENTE_RNI = { code: '1999', omschrijving: 'Registratie Niet Ingezetenen (RNI)' };
const STRAAT = ['', 'Eerste straat', 'Tweede straat', 'Derde straat', 'Vierde straat'];

/** 'de persoon is ingeschreven op adres A<n>' (gemeente 0800, identificatie 080001000000000<n>). */
const adres = (n: number, aanvang: string, extra: Partial<V> = {}): V => ({
  functieAdres: { code: 'W' },
  gemeenteVanInschrijving: GEMEENTE_0800,
  adresseerbaarObjectIdentificatie: `080001000000000${n}`,
  straat: STRAAT[n],
  datumAanvangAdreshouding: aanvang,
  ...extra,
});
/** 'de persoon is ingeschreven op een buitenlands adres' (land 6014 unless given). */
const buitenland = (aanvang: string, extra: Partial<V> = {}): V => ({
  gemeenteVanInschrijving: GEMEENTE_RNI,
  land: { code: '6014' },
  datumAanvangAdresBuitenland: aanvang,
  ...extra,
});
/** A persoonslijst whose voorkomens are given as the features list them: first ingeschreven first. */
const persoon = (chronologisch: V[], extra: Partial<StoredPersoonslijst> = {}, bsn = '000000012'): StoredPersoonslijst =>
  ({ burgerservicenummer: bsn, verblijfplaatsen: [...chronologisch].reverse(), ...extra });

function vraag(pls: StoredPersoonslijst | StoredPersoonslijst[], body: Obj): Obj {
  const a = answerVerblijfplaatshistorie({ burgerservicenummer: (Array.isArray(pls) ? pls[0] : pls).burgerservicenummer, ...body }, { data: historieData(Array.isArray(pls) ? pls : [pls]) });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  return a.body as Obj;
}
const opPeildatum = (p: string) => ({ type: 'RaadpleegMetPeildatum', peildatum: p });
const inPeriode = (van: string, tot: string) => ({ type: 'RaadpleegMetPeriode', datumVan: van, datumTot: tot });
/** What was delivered: the street of each voorkomen, 'buitenland' for one abroad. */
const geleverd = (body: Obj): string[] =>
  (body.verblijfplaatsen as Obj[]).map((v) => v.verblijfadres?.korteStraatnaam ?? (v.type === 'VerblijfplaatsBuitenland' ? 'buitenland' : v.type));

// --- (1) schema -------------------------------------------------------------------------------

const schema = historieSchemaValidators();
const data = loadHistorieData();
const bsns = [...data.byBsn.keys()];

/**
 * Schema errors that stem from the official test data rather than from the mock: a pattern or
 * maxLength error on a value the stored persoonslijst contains (15-digit identificaties, a
 * korteStraatnaam over 24 characters, a regel1 over 40 and the adresregel1 made of it); a pattern
 * error on a value that fails only on characters of the stored persoonslijst; and the
 * unevaluatedProperties error those cascade into (a failing if/then evaluates nothing).
 */
function schemaErrors(body: unknown, stored: StoredPersoonslijst | undefined): ErrorObject[] {
  const all = schema.validate('VerblijfplaatshistorieQueryResponse', body).filter((err) => err.keyword !== 'if');
  const rawText = JSON.stringify(stored ?? {});
  const tolerated = all.filter((err) => {
    const value = atPointer(body, err.instancePath);
    if (!stored || typeof value !== 'string') return false;
    if ((err.keyword === 'pattern' || err.keyword === 'maxLength') && rawText.includes(JSON.stringify(value).slice(1, -1))) return true;
    if (err.keyword === 'pattern') {
      const offending = offendingCharacters(value, String(err.params.pattern));
      return offending.length > 0 && offending.every((ch) => rawText.includes(ch));
    }
    return false;
  });
  return all.filter((err) => !tolerated.includes(err)
    && !(err.keyword === 'unevaluatedProperties' && tolerated.some((t) => t.instancePath.startsWith(`${err.instancePath}/`))));
}

async function forAllBsns(body: (bsn: string) => unknown, check: (bsn: string, res: Antwoord) => void): Promise<void> {
  for (let i = 0; i < bsns.length; i += 25) {
    await Promise.all(bsns.slice(i, i + 25).map(async (bsn) => check(bsn, await post(body(bsn)))));
  }
}

describe('responses match VerblijfplaatshistorieQueryResponse (every BSN of the test data)', () => {
  it.each([
    ['a wide period', (bsn: string) => periode(bsn, '1800-01-01', '2100-01-01')],
    ['a peildatum', (bsn: string) => peildatum(bsn, '2020-01-01')],
  ])('for %s', async (_name, body) => {
    expect(bsns.length).toBe(682);
    const problems: string[] = [];
    let voorkomens = 0;
    await forAllBsns(body, (bsn, res) => {
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('application/json; charset=utf-8');
      voorkomens += (res.body.verblijfplaatsen as unknown[]).length;
      for (const err of schemaErrors(res.body, zoekPersoonslijst(data, bsn))) {
        problems.push(`${bsn}${err.instancePath} ${err.keyword} ${err.message ?? ''} ${JSON.stringify(atPointer(res.body, err.instancePath))?.slice(0, 60)}`);
      }
    });
    expect(problems).toEqual([]);
    expect(voorkomens).toBeGreaterThan(600);
  });

  it('catches what the spec does not define (the validator is not vacuous)', () => {
    expect(schema.validate('VerblijfplaatshistorieQueryResponse', { verblijfplaatsen: [{ type: 'Adres', bestaatNiet: 1 }] }).map((e) => e.keyword)).toContain('unevaluatedProperties');
    expect(schema.validate('VerblijfplaatshistorieQueryResponse', { verblijfplaatsen: [{ type: 'Adres', datumVan: { type: 'Datum', langFormaat: 'x' } }] }).map((e) => e.keyword)).toContain('required');
    expect(schema.validate('VerblijfplaatshistorieQueryResponse', { verblijfplaatsen: [{ type: 'Woonwagen' }] }).map((e) => e.keyword)).toContain('enum');
  });
});

// --- (4) order and datumTot ---------------------------------------------------------------------

/** First day a datum may be, as an ISO string; undefined for DatumOnbekend. */
function eersteDag(d: Obj | undefined): string | undefined {
  if (!d) return undefined;
  if (d.type === 'Datum') return d.datum as string;
  if (d.type === 'JaarMaandDatum') return `${d.jaar}-${String(d.maand).padStart(2, '0')}-01`;
  if (d.type === 'JaarDatum') return `${d.jaar}-01-01`;
  return undefined;
}

describe('history is newest first; datumTot is the next voorkomen\'s datumVan', () => {
  it('for every BSN of the test data over all time', async () => {
    const problems: string[] = [];
    let paren = 0;
    await forAllBsns((bsn) => periode(bsn, '1800-01-01', '2100-01-01'), (bsn, res) => {
      const list = res.body.verblijfplaatsen as Obj[];
      // The current voorkomen is always delivered for all time, and has no datumTot.
      if (list.length > 0 && list[0].datumTot !== undefined) problems.push(`${bsn}: current voorkomen has a datumTot`);
      for (let i = 1; i < list.length; i++) {
        paren++;
        const nieuwer = list[i - 1];
        const ouder = list[i];
        if (JSON.stringify(ouder.datumTot) !== JSON.stringify(nieuwer.datumVan)) problems.push(`${bsn}[${i}]: datumTot ${JSON.stringify(ouder.datumTot)} ≠ ${JSON.stringify(nieuwer.datumVan)}`);
        const a = eersteDag(nieuwer.datumVan);
        const b = eersteDag(ouder.datumVan);
        if (a && b && b > a) problems.push(`${bsn}[${i}]: ${b} after ${a}`);
      }
    });
    expect(problems).toEqual([]);
    expect(paren).toBeGreaterThan(600);
  });

  it('a person with several addresses, one abroad (999993720): newest first, each datumTot the next datumVan', async () => {
    const list = await verblijfplaatsen(periode('999993720', '1800-01-01', '2100-01-01'));
    expect(list.map((v) => [v.type, v.datumVan, v.datumTot])).toEqual([
      ['Adres', datum('2018-05-01', '1 mei 2018'), undefined],
      ['VerblijfplaatsBuitenland', datum('2016-08-08', '8 augustus 2016'), datum('2018-05-01', '1 mei 2018')],
      // 19910303 twice: the older voorkomen was changed on its first day, so only the newer one is delivered.
      ['Adres', datum('1991-03-03', '3 maart 1991'), datum('2016-08-08', '8 augustus 2016')],
      ['Adres', datum('1984-06-15', '15 juni 1984'), datum('1991-03-03', '3 maart 1991')],
      ['Adres', { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' }, datum('1984-06-15', '15 juni 1984')],
    ]);
  });
});

// --- datum-van-en-tot.feature ---------------------------------------------------------------------

describe('datum-van-en-tot.feature', () => {
  it('actuele en historische verblijfplaatsen [data 999993653]', async () => {
    const list = await verblijfplaatsen(periode('999993653', '2015-01-01', '2016-01-01'));
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ type: 'Adres', datumVan: datum('2015-08-08', '8 augustus 2015'), adresseerbaarObjectIdentificatie: '0599010000208579', verblijfadres: { korteStraatnaam: 'Boterdiep', huisnummer: 31 }, functieAdres: WOONADRES, adressering: { adresregel1: 'Boterdiep 31' } });
    expect(list[0].datumTot).toBeUndefined();
    expect(list[1]).toMatchObject({ type: 'Adres', datumVan: datum('2013-11-02', '2 november 2013'), datumTot: datum('2015-08-08', '8 augustus 2015'), adresseerbaarObjectIdentificatie: '0599010000476795', verblijfadres: { korteStraatnaam: 'Vredesplein', huisnummer: 7 }, adressering: { adresregel1: 'Vredesplein 7' } });
  });

  it('verblijfplaatsen in Nederland en in buitenland [data 999993720]', async () => {
    const list = await verblijfplaatsen(periode('999993720', '2016-01-01', '2019-01-01'));
    expect(list.map((v) => v.type)).toEqual(['Adres', 'VerblijfplaatsBuitenland', 'Adres']);
    expect(list[1]).toMatchObject({
      datumVan: datum('2016-08-08', '8 augustus 2016'),
      datumTot: datum('2018-05-01', '1 mei 2018'),
      verblijfadres: { land: { code: '5010', omschrijving: 'België' }, regel1: 'Rue du pomme 25', regel2: 'Bruxelles' },
      adressering: { adresregel1: 'Rue du pomme 25', land: { code: '5010', omschrijving: 'België' } },
    });
    expect(list[2]).toMatchObject({ datumVan: datum('1991-03-03', '3 maart 1991'), datumTot: datum('2016-08-08', '8 augustus 2016'), verblijfadres: { korteStraatnaam: 'Remigiusplein', huisnummer: 8 } });
  });

  it.each([
    ['met alleen jaar en maand bekend', '20231000', { type: 'JaarMaandDatum', jaar: 2023, maand: 10, langFormaat: 'oktober 2023' }],
    ['met alleen jaar bekend', '20230000', { type: 'JaarDatum', jaar: 2023, langFormaat: '2023' }],
    ['is onbekend', '00000000', { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' }],
  ])('verblijfplaats in Nederland heeft datum aanvang %s [fixture]', (_name, aanvang, verwacht) => {
    const body = vraag(persoon([adres(1, '20220526'), adres(2, aanvang)]), inPeriode('2022-01-01', '2024-01-01'));
    expect(body.verblijfplaatsen.map((v: Obj) => [v.verblijfadres.korteStraatnaam, v.datumVan, v.datumTot])).toEqual([
      ['Tweede straat', verwacht, undefined],
      ['Eerste straat', datum('2022-05-26', '26 mei 2022'), verwacht],
    ]);
    expect(body.verblijfplaatsen[0]).toMatchObject({ gemeenteVanInschrijving: GEMEENTE_0800, adresseerbaarObjectIdentificatie: '0800010000000002', functieAdres: WOONADRES });
  });

  it('verblijfplaats buitenland heeft datum aanvang met alleen jaar en maand bekend [data 999991164]', async () => {
    const list = await verblijfplaatsen(periode('999991164', '2003-01-01', '2011-01-01'));
    const oktober = { type: 'JaarMaandDatum', jaar: 2010, maand: 10, langFormaat: 'oktober 2010' };
    expect(list.map((v) => [v.type, v.datumVan, v.datumTot])).toEqual([
      ['VerblijfplaatsBuitenland', oktober, undefined],
      ['Adres', datum('2003-03-03', '3 maart 2003'), oktober],
    ]);
    expect(list[0].verblijfadres.land).toEqual({ code: '6039', omschrijving: 'Groot-Brittannië' });
  });

  it('verblijfplaats buitenland heeft datum aanvang met alleen jaar bekend [data 000009957]', async () => {
    // As in the feature: the period begins on 2021-12-31, the last day before the onzekerheidsperiode.
    const list = await verblijfplaatsen(periode('000009957', '2011-12-31', '2013-01-01'));
    const jaar = { type: 'JaarDatum', jaar: 2012, langFormaat: '2012' };
    expect(list.map((v) => [v.type, v.datumVan, v.datumTot])).toEqual([
      ['VerblijfplaatsBuitenland', jaar, undefined],
      ['Adres', datum('1990-08-29', '29 augustus 1990'), jaar],
    ]);
    expect(await verblijfplaatsen(periode('000009957', '2012-01-01', '2013-01-01'))).toHaveLength(1);
  });

  it('verblijfplaats buitenland heeft datum aanvang is onbekend [fixture]', () => {
    const onbekend = { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' };
    const body = vraag(persoon([adres(1, '20210526'), buitenland('00000000'), adres(2, '20231014')]), inPeriode('2021-01-01', '2024-01-01'));
    expect(body.verblijfplaatsen.map((v: Obj) => [v.type, v.datumVan, v.datumTot])).toEqual([
      ['Adres', datum('2023-10-14', '14 oktober 2023'), undefined],
      ['VerblijfplaatsBuitenland', onbekend, datum('2023-10-14', '14 oktober 2023')],
      ['Adres', datum('2021-05-26', '26 mei 2021'), onbekend],
    ]);
    expect(body.verblijfplaatsen[1].verblijfadres.land).toEqual({ code: '6014', omschrijving: 'Verenigde Staten van Amerika' });
  });
});

// --- verblijfplaatsgegevens.feature -------------------------------------------------------------

describe('verblijfplaatsgegevens.feature', () => {
  it('verblijfplaats is een BAG-adres [data 999993653]', async () => {
    const [v] = await verblijfplaatsen(periode('999993653', '2020-01-01', '2021-01-01'));
    expect(v).toEqual({
      type: 'Adres',
      verblijfadres: { officieleStraatnaam: 'Boterdiep', korteStraatnaam: 'Boterdiep', huisnummer: 31, postcode: '3077AW', woonplaats: 'Rotterdam' },
      functieAdres: WOONADRES,
      adresseerbaarObjectIdentificatie: '0599010000208579',
      nummeraanduidingIdentificatie: '0599200000219678',
      datumVan: datum('2015-08-08', '8 augustus 2015'),
      adressering: { adresregel1: 'Boterdiep 31', adresregel2: '3077 AW  ROTTERDAM' },
    });
  });

  it('verblijfplaats is een historische BAG-adres [data 999995091]', async () => {
    const list = await verblijfplaatsen(periode('999995091', '1995-01-01', '1996-01-01'));
    expect(list).toEqual([expect.objectContaining({ type: 'Adres', datumVan: datum('1989-12-01', '1 december 1989'), datumTot: datum('2006-04-01', '1 april 2006'), verblijfadres: { korteStraatnaam: 'Landhoofd', huisnummer: 75, postcode: '3223DL' } })]);
  });

  it('verblijfplaats is een niet-BAG adres (aanduiding bij huisnummer) [data 999993343]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999993343', '1994-12-10'));
    expect(v).toMatchObject({
      verblijfadres: { korteStraatnaam: 'Henk Curièrekade', huisnummer: 86, aanduidingBijHuisnummer: { code: 'to', omschrijving: 'tegenover' }, postcode: '1013CH' },
      datumTot: datum('1994-12-12', '12 december 1994'),
      adressering: { adresregel1: 'Henk Curièrekade t/o 86', adresregel2: '1013 CH' },
    });
  });

  it('verblijfplaats heeft diakrieten in adres [data 999993343]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999993343', '2000-01-01'));
    expect(v).toMatchObject({ verblijfadres: { korteStraatnaam: 'Marga Klompélaan', huisnummer: 88, huisnummertoevoeging: '2' }, adressering: { adresregel1: 'Marga Klompélaan 88-2', adresregel2: '1067 VA' } });
  });

  it('verblijfplaats is locatie [data 999997002]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999997002', '2000-01-01'));
    expect(v).toEqual({
      type: 'Locatie',
      datumVan: datum('1990-07-01', '1 juli 1990'),
      functieAdres: WOONADRES,
      verblijfadres: { locatiebeschrijving: 'woonaak De Kabouter in Ruigoord' },
      adressering: { adresregel1: 'woonaak De Kabouter in Ruigoord' },
    });
  });

  it('verblijfplaats is buitenlands adres [data 999990457]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999990457', '2020-01-01'));
    const land = { code: '5043', omschrijving: 'Irak' };
    expect(v).toEqual({
      type: 'VerblijfplaatsBuitenland',
      verblijfadres: { regel1: 'Street ¦ 34 & House ¦ 11', regel2: 'Baghdad', regel3: 'Park Al-Sadoums, Hay Al-Nidhal 103', land },
      datumVan: datum('2012-10-21', '21 oktober 2012'),
      adressering: { adresregel1: 'Street ¦ 34 & House ¦ 11', adresregel2: 'Baghdad', adresregel3: 'Park Al-Sadoums, Hay Al-Nidhal 103', land },
    });
  });

  it('verblijfplaats is onbekend [data 999994529]', async () => {
    const list = await verblijfplaatsen(periode('999994529', '2019-01-01', '2020-01-01'));
    expect(list[0]).toEqual({ type: 'VerblijfplaatsOnbekend', datumVan: datum('2019-04-05', '5 april 2019') });
    expect(list[1]).toMatchObject({ type: 'Adres', datumTot: datum('2019-04-05', '5 april 2019'), verblijfadres: { korteStraatnaam: 'Wehlseweg' } });
  });

  it('gemeente van inschrijving, adresregel2 from it, locatie and onbekend with RNI (the feature\'s own persons) [fixture]', () => {
    const bag = vraag(persoon([adres(1, '20100818', { straat: 'Teststraat', naamOpenbareRuimte: 'Test Openbare Ruimtenaam', huisnummer: '123', huisletter: 'B', huisnummertoevoeging: '4567', postcode: '1234AB', woonplaats: 'Testdorp', nummeraanduidingIdentificatie: '0800200000000001' })]), inPeriode('2010-01-01', '2011-01-01'));
    expect(bag.verblijfplaatsen[0]).toMatchObject({ gemeenteVanInschrijving: GEMEENTE_0800, adressering: { adresregel1: 'Teststraat 123 B4567', adresregel2: '1234 AB  TESTDORP' } });
    const nietBag = vraag(persoon([adres(1, '20100818', { straat: 'Teststraat', huisnummer: '123', huisletter: 'B', huisnummertoevoeging: '4567', aanduidingBijHuisnummer: { code: 'by' }, postcode: '1234AB' })]), inPeriode('2010-01-01', '2011-01-01'));
    expect(nietBag.verblijfplaatsen[0].verblijfadres.aanduidingBijHuisnummer).toEqual({ code: 'by', omschrijving: 'bij' });
    expect(nietBag.verblijfplaatsen[0].adressering).toEqual({ adresregel1: 'Teststraat bij 123 B4567', adresregel2: '1234 AB  HOOGELOON, HAPERT EN CASTEREN' });
    const locatie = vraag(persoon([adres(1, '20100818', { straat: undefined, locatiebeschrijving: 'Woonboot bij de Græte Slüß' })]), inPeriode('2010-01-01', '2011-01-01'));
    expect(locatie.verblijfplaatsen[0]).toMatchObject({ type: 'Locatie', gemeenteVanInschrijving: GEMEENTE_0800, adressering: { adresregel1: 'Woonboot bij de Græte Slüß', adresregel2: 'HOOGELOON, HAPERT EN CASTEREN' } });
    const onbekend = vraag(persoon([adres(1, '20040526'), buitenland('20100818', { land: { code: '0000' } })]), inPeriode('2011-01-01', '2012-01-01'));
    expect(onbekend.verblijfplaatsen).toEqual([{ type: 'VerblijfplaatsOnbekend', datumVan: datum('2010-08-18', '18 augustus 2010'), gemeenteVanInschrijving: GEMEENTE_RNI }]);
  });
});

// --- vastgesteld-verblijft-niet-op-adres.feature ------------------------------------------------

const ALLE_ADRES_VLAGGEN = { type: true, gemeenteVanInschrijving: true, datumVan: true, nummeraanduidingIdentificatie: true, adresseerbaarObjectIdentificatie: true, functieAdres: true };
const ALLE_VERBLIJFADRES_VLAGGEN = { korteStraatnaam: true, officieleStraatnaam: true, huisnummer: true, huisletter: true, huisnummertoevoeging: true, aanduidingBijHuisnummer: true, postcode: true, woonplaats: true };

describe('vastgesteld-verblijft-niet-op-adres.feature', () => {
  it('er is vastgesteld dat de persoon niet meer op het adres verblijft en het onderzoek loopt nog (089999) [data 999992570]', async () => {
    const [v] = await verblijfplaatsen(periode('999992570', '2021-01-01', '2022-01-01'));
    const ingang = datum('2021-07-02', '2 juli 2021');
    expect(v.verblijftNietOpAdresVanaf).toEqual(ingang);
    expect(v.inOnderzoek).toEqual({ ...ALLE_ADRES_VLAGGEN, datumIngangOnderzoek: ingang });
    expect(v.verblijfadres.inOnderzoek).toEqual({ ...ALLE_VERBLIJFADRES_VLAGGEN, datumIngangOnderzoek: ingang });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, adresregel2: true, datumIngangOnderzoek: ingang });
  });

  it('er is vastgesteld dat de persoon niet meer op het adres verblijft en het onderzoek loopt nog (589999, periode ligt voor de start van het onderzoek) [data 999994116]', async () => {
    const [v] = await verblijfplaatsen(periode('999994116', '2000-01-01', '2001-01-01'));
    expect(v).toMatchObject({ verblijfadres: { korteStraatnaam: 'Poolsestraat' }, datumTot: datum('2021-08-01', '1 augustus 2021'), verblijftNietOpAdresVanaf: datum('2021-07-02', '2 juli 2021') });
    // The next voorkomen's datumVan is not in onderzoek: vastgesteld never concerns the start of an address.
    expect(v.inOnderzoek.datumTot).toBeUndefined();
  });

  it('vastgesteld verblijft niet op adres op de volgende verblijfplaats wordt niet geleverd [data 999992570]', async () => {
    const [v] = await verblijfplaatsen(periode('999992570', '1980-01-01', '1985-01-01'));
    expect(v).toMatchObject({ verblijfadres: { korteStraatnaam: 'Mia van IJperenplein' }, datumTot: datum('1988-05-12', '12 mei 1988') });
    expect(v.inOnderzoek).toBeUndefined();
    expect(v.verblijftNietOpAdresVanaf).toBeUndefined();
  });

  const vastgesteld = (aanduiding: string, einde?: string): Partial<V> => ({
    inOnderzoek: { aanduidingGegevensInOnderzoek: aanduiding, datumIngangOnderzoek: '20230516', ...(einde ? { datumEindeOnderzoek: einde } : {}) },
  });

  it.each(['089999', '589999'])('het onderzoek is beëindigd voor datum aanvang van de volgende verblijfplaats in Nederland, en voor vertrek naar onbekend (%s) [fixture]', (code) => {
    for (const volgende of [adres(2, '20230730'), buitenland('20230730', { land: { code: '0000' } })]) {
      const body = vraag(persoon([adres(1, '20211014', vastgesteld(code, '20230729')), volgende]), inPeriode('2023-01-01', '2024-01-01'));
      const oud = body.verblijfplaatsen[1];
      expect(oud.datumTot).toEqual(datum('2023-07-30', '30 juli 2023'));
      expect(oud.verblijftNietOpAdresVanaf).toBeUndefined();
      expect(oud.inOnderzoek).toBeUndefined();
    }
  });

  it.each([['089999', '20230730'], ['589999', '20230730'], ['089999', '20230731'], ['589999', '20230731']])('het onderzoek (%s) is beëindigd op of na datum aanvang van de volgende verblijfplaats (%s) [fixture]', (code, einde) => {
    const body = vraag(persoon([adres(1, '20211014', vastgesteld(code, einde)), adres(2, '20230730')]), inPeriode('2023-01-01', '2024-01-01'));
    expect(body.verblijfplaatsen[1].verblijftNietOpAdresVanaf).toEqual(datum('2023-05-16', '16 mei 2023'));
    expect(body.verblijfplaatsen[1].inOnderzoek).toBeUndefined();
  });

  it('het onderzoek is beëindigd en er is geen volgende verblijfplaats [fixture]', () => {
    const body = vraag(persoon([adres(1, '20211014', vastgesteld('089999', '20230730'))]), inPeriode('2023-01-01', '2024-01-01'));
    expect(body.verblijfplaatsen[0].verblijftNietOpAdresVanaf).toBeUndefined();
    expect(body.verblijfplaatsen[0].inOnderzoek).toBeUndefined();
  });
});

// --- geheimhouding ------------------------------------------------------------------------------

describe('geheimhouding-persoonsgegevens.feature', () => {
  it.each([['999993720', 1], ['999994992', 7]])('gevraagde persoon heeft indicatie geheim [data %s: %s]', async (bsn) => {
    const res = await post(periode(bsn, '2010-07-01', '2020-07-01'));
    expect(res.body.geheimhoudingPersoonsgegevens).toBe(true);
  });

  it('indicatie geheim met waarde 0 wordt niet geleverd [data 999993653]', async () => {
    const res = await post(periode('999993653', '2010-07-01', '2020-07-01'));
    expect(res.body).not.toHaveProperty('geheimhoudingPersoonsgegevens');
  });

  it.each(['1', '2', '3', '4', '5', '6', '7'])('gevraagde persoon heeft indicatie geheim met waarde %s, ook op een peildatum zonder verblijfplaats [fixture]', (indicatie) => {
    const pl = persoon([adres(1, '20230818')], { geheimhoudingPersoonsgegevens: indicatie }, '000000024');
    expect(vraag(pl, inPeriode('2010-07-01', '2024-07-01'))).toMatchObject({ verblijfplaatsen: [expect.anything()], geheimhoudingPersoonsgegevens: true });
    expect(vraag(pl, opPeildatum('2023-07-01'))).toEqual({ verblijfplaatsen: [], geheimhoudingPersoonsgegevens: true });
  });
});

// --- opschorting --------------------------------------------------------------------------------

describe('opschorting-bijhouding.feature', () => {
  it.each([['O', 'overlijden'], ['E', 'emigratie'], ['M', 'ministerieel besluit'], ['R', 'pl is aangelegd in de rni'], ['.', 'onbekend']])('historie wordt gevraagd van persoon waarvoor de bijhouding is opgeschort (reden %s) [fixture]', (code, omschrijving) => {
    const pl = persoon([adres(1, '20220801')], { opschortingBijhouding: { reden: { code }, datum: '20220829' } });
    const verwacht = { reden: { code, omschrijving }, datum: datum('2022-08-29', '29 augustus 2022') };
    expect(vraag(pl, inPeriode('2022-01-01', '2023-01-01'))).toMatchObject({ verblijfplaatsen: [expect.objectContaining({ datumVan: datum('2022-08-01', '1 augustus 2022') })], opschortingBijhouding: verwacht });
    // gba/opschorting-bijhouding-gba.feature: also for a period in which no verblijfplaats is found.
    expect(vraag(pl, inPeriode('2021-01-01', '2022-01-01'))).toEqual({ verblijfplaatsen: [], opschortingBijhouding: verwacht });
  });

  it.each([['voor', '2020-01-01', '2021-01-01', 1], ['overlapt', '2022-01-01', '2023-01-01', 1], ['na', '2023-01-01', '2023-07-01', 1]])('opgeschort met periode %s opschorting (overlijden) [fixture]', (_name, van, tot, aantal) => {
    const pl = persoon([adres(1, '20100818')], { opschortingBijhouding: { reden: { code: 'O' }, datum: '20220829' } });
    const body = vraag(pl, inPeriode(van, tot));
    expect(body.verblijfplaatsen).toHaveLength(aantal);
    expect(body.opschortingBijhouding.reden).toEqual({ code: 'O', omschrijving: 'overlijden' });
  });

  it.each([['W', 'logisch verwijderde'], ['F', 'afgevoerde']])('gevraagde persoon heeft een %s persoonslijst (reden %s), alleen of naast een actuele persoonslijst [fixture]', (code) => {
    const verwijderd = persoon([adres(1, '20100818')], { opschortingBijhouding: { reden: { code }, datum: '20160731' } }, '000000024');
    expect(vraag(verwijderd, inPeriode('2015-07-01', '2020-07-01'))).toEqual({ verblijfplaatsen: [] });
    const actueel = persoon([adres(2, '20200101')], {}, '000000024');
    expect(geleverd(vraag([verwijderd, actueel], inPeriode('2023-01-01', '2024-01-01')))).toEqual(['Tweede straat']);
  });
});

// --- in onderzoek --------------------------------------------------------------------------------

const onderzoek = (aanduiding: string, extra: Obj = {}): Partial<V> => ({ inOnderzoek: { aanduidingGegevensInOnderzoek: aanduiding, datumIngangOnderzoek: '20240516', ...extra } });
const INGANG = datum('2024-05-16', '16 mei 2024');

describe('in-onderzoek.feature, adres/in-onderzoek.feature, buitenland/in-onderzoek.feature, locatie/in-onderzoek.feature, onbekend/in-onderzoek.feature', () => {
  it('hele categorie verblijfplaats van een Nederlands adres is in onderzoek [data 999991632]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999991632', '2022-01-01'));
    const ingang = datum('2021-08-01', '1 augustus 2021');
    expect(v.inOnderzoek).toEqual({ ...ALLE_ADRES_VLAGGEN, datumIngangOnderzoek: ingang });
    expect(v.verblijfadres.inOnderzoek).toEqual({ ...ALLE_VERBLIJFADRES_VLAGGEN, datumIngangOnderzoek: ingang });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, adresregel2: true, datumIngangOnderzoek: ingang });
    expect(v.verblijftNietOpAdresVanaf).toBeUndefined();
  });

  it('hele categorie verblijfplaats van een historisch adres is in onderzoek (580000) [data 999990378]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999990378', '1980-01-01'));
    expect(v.verblijfadres.korteStraatnaam).toBe('Op Koye');
    // The next voorkomen (Tromsödreef, 080000) is in onderzoek as a whole, its start date included: datumTot.
    expect(v.inOnderzoek).toEqual({ ...ALLE_ADRES_VLAGGEN, datumTot: true, datumIngangOnderzoek: datum('1994-03-11', '11 maart 1994') });
  });

  it('hele categorie verblijfplaats van een verblijfplaats in het buitenland is in onderzoek [data 999994888]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999994888', '2020-01-01'));
    const ingang = datum('2012-09-20', '20 september 2012');
    expect(v.inOnderzoek).toEqual({ type: true, datumVan: true, datumIngangOnderzoek: ingang });
    expect(v.verblijfadres.inOnderzoek).toEqual({ regel1: true, regel2: true, regel3: true, land: true, datumIngangOnderzoek: ingang });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, adresregel2: true, adresregel3: true, land: true, datumIngangOnderzoek: ingang });
  });

  it('type en adresregel1 worden afgeleid van straat die in onderzoek staat (081110) [data 999992648]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999992648', '2022-01-01'));
    const ingang = datum('2021-08-01', '1 augustus 2021');
    expect(v.inOnderzoek).toEqual({ type: true, datumIngangOnderzoek: ingang });
    expect(v.verblijfadres.inOnderzoek).toEqual({ korteStraatnaam: true, datumIngangOnderzoek: ingang });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, datumIngangOnderzoek: ingang });
  });

  it('groep adres is in onderzoek (581100, historisch) [data 999990263]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999990263', '1987-01-01'));
    const ingang = datum('1992-01-02', '2 januari 1992');
    expect(v.verblijfadres.korteStraatnaam).toBe('Eykerstokweg');
    expect(v.inOnderzoek).toEqual({ type: true, nummeraanduidingIdentificatie: true, adresseerbaarObjectIdentificatie: true, datumIngangOnderzoek: ingang });
    expect(v.verblijfadres.inOnderzoek).toEqual({ ...ALLE_VERBLIJFADRES_VLAGGEN, datumIngangOnderzoek: ingang });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, adresregel2: true, datumIngangOnderzoek: ingang });
  });

  it('datumTot staat in onderzoek, omdat hele categorie verblijfplaats van de volgende verblijfplaats in onderzoek staat [data 999993136]', async () => {
    const [v] = await verblijfplaatsen(peildatum('999993136', '1990-01-01'));
    expect(v).toMatchObject({ verblijfadres: { korteStraatnaam: 'Maassingel' }, datumTot: datum('1999-10-01', '1 oktober 1999'), inOnderzoek: { datumTot: true, datumIngangOnderzoek: datum('1999-11-07', '7 november 1999') } });
    expect(Object.keys(v.inOnderzoek)).toEqual(['datumTot', 'datumIngangOnderzoek']);
    expect(v.verblijfadres.inOnderzoek).toBeUndefined();
  });

  const eenAdres = (code: string, extra: Partial<V> = {}) =>
    vraag(persoon([adres(1, '20231014', { straat: 'Testpad', huisnummer: '8', ...extra, ...onderzoek(code) })]), inPeriode('2023-07-01', '2024-01-01')).verblijfplaatsen[0] as Obj;

  it.each([
    ['officieleStraatnaam', '081115'], ['huisnummer', '081120'], ['huisletter', '081130'], ['huisnummertoevoeging', '081140'], ['aanduidingBijHuisnummer', '081150'],
    ['officieleStraatnaam', '581115'], ['huisnummer', '581120'], ['huisletter', '581130'], ['huisnummertoevoeging', '581140'], ['aanduidingBijHuisnummer', '581150'],
  ])('adresregel1 voor een adres in Nederland wordt afgeleid van %s die in onderzoek staat (%s) [fixture]', (veld, code) => {
    const v = eenAdres(code);
    expect(v.inOnderzoek).toBeUndefined();
    expect(v.verblijfadres.inOnderzoek).toEqual({ [veld]: true, datumIngangOnderzoek: INGANG });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel1: true, datumIngangOnderzoek: INGANG });
  });

  it.each([['postcode', '081160'], ['woonplaats', '081170'], ['postcode', '581160'], ['woonplaats', '581170']])('adresregel2 wordt afgeleid van %s die in onderzoek staat (%s) [fixture]', (veld, code) => {
    const v = eenAdres(code, { postcode: '1234AB', woonplaats: 'Testdorp' });
    expect(v.verblijfadres.inOnderzoek).toEqual({ [veld]: true, datumIngangOnderzoek: INGANG });
    expect(v.adressering.inOnderzoek).toEqual({ adresregel2: true, datumIngangOnderzoek: INGANG });
  });

  it.each(['080910', '080900'])('adresregel2 wordt afgeleid van gemeenteVanInschrijving die in onderzoek staat; groep gemeente (%s) [fixture]', (code) => {
    const v = eenAdres(code);
    expect(v.adressering).toEqual({ adresregel1: 'Testpad 8', adresregel2: 'HOOGELOON, HAPERT EN CASTEREN', inOnderzoek: { adresregel2: true, datumIngangOnderzoek: INGANG } });
    expect(v.inOnderzoek).toEqual({ gemeenteVanInschrijving: true, datumIngangOnderzoek: INGANG });
  });

  it.each([['functieAdres', '081010'], ['datumVan', '081030'], ['adresseerbaarObjectIdentificatie', '081180'], ['nummeraanduidingIdentificatie', '581190']])('veld %s is in onderzoek (%s) [fixture]', (veld, code) => {
    expect(eenAdres(code).inOnderzoek).toEqual({ [veld]: true, datumIngangOnderzoek: INGANG });
  });

  it.each(['081000', '581000'])('groep adreshouding is in onderzoek (%s) [fixture]', (code) => {
    expect(eenAdres(code).inOnderzoek).toEqual({ datumVan: true, functieAdres: true, datumIngangOnderzoek: INGANG });
  });

  it.each(['080920', '081020', '081400', '581410', '581420'])('veld of groep die niet in verblijfplaatshistorie voorkomt is in onderzoek (%s): geen inOnderzoek [fixture]', (code) => {
    const v = eenAdres(code);
    expect([v.inOnderzoek, v.verblijfadres.inOnderzoek, v.adressering.inOnderzoek]).toEqual([undefined, undefined, undefined]);
  });

  it('hele categorie verblijfplaats van een locatie is in onderzoek; type en adresregel1 afgeleid van locatie (081210) [fixture]', () => {
    const locatie = (code: string) => vraag(persoon([adres(1, '20231014', { straat: undefined, locatiebeschrijving: 'Woonboot bij de Grote Sloot', ...onderzoek(code) })]), inPeriode('2023-07-01', '2024-01-01')).verblijfplaatsen[0] as Obj;
    const heel = locatie('080000');
    expect(heel.inOnderzoek).toEqual({ type: true, gemeenteVanInschrijving: true, datumVan: true, functieAdres: true, datumIngangOnderzoek: INGANG });
    expect(heel.verblijfadres.inOnderzoek).toEqual({ locatiebeschrijving: true, datumIngangOnderzoek: INGANG });
    expect(heel.adressering.inOnderzoek).toEqual({ adresregel1: true, adresregel2: true, datumIngangOnderzoek: INGANG });
    const element = locatie('081210');
    expect(element.inOnderzoek).toEqual({ type: true, datumIngangOnderzoek: INGANG });
    expect(element.adressering.inOnderzoek).toEqual({ adresregel1: true, datumIngangOnderzoek: INGANG });
  });

  const eenBuitenland = (code: string, land = '6014') =>
    vraag(persoon([buitenland('20231014', { land: { code: land }, regel1: 'Die Erste Straße', regel2: 'Beverly Hills CA 90210', ...onderzoek(code) })]), inPeriode('2023-07-01', '2024-01-01')).verblijfplaatsen[0] as Obj;

  it('buitenland: type afgeleid van land (081310); groep adres buitenland (081300) zet type niet; groep gemeente komt niet voor (080900) [fixture]', () => {
    expect(eenBuitenland('081310').inOnderzoek).toEqual({ type: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('081310').adressering.inOnderzoek).toEqual({ land: true, datumIngangOnderzoek: INGANG });
    const groep = eenBuitenland('581300');
    expect(groep.inOnderzoek).toEqual({ datumVan: true, datumIngangOnderzoek: INGANG });
    expect(groep.verblijfadres.inOnderzoek).toEqual({ regel1: true, regel2: true, regel3: true, land: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('081330').adressering.inOnderzoek).toEqual({ adresregel1: true, datumIngangOnderzoek: INGANG });
    const gemeente = eenBuitenland('080900');
    expect([gemeente.inOnderzoek, gemeente.verblijfadres.inOnderzoek, gemeente.adressering.inOnderzoek]).toEqual([undefined, undefined, undefined]);
  });

  it('onbekend: hele categorie, type afgeleid van land, datumVan, groep adres buitenland; groep gemeente komt niet voor [fixture]', () => {
    expect(eenBuitenland('080000', '0000').inOnderzoek).toEqual({ type: true, datumVan: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('581310', '0000').inOnderzoek).toEqual({ type: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('081320', '0000').inOnderzoek).toEqual({ datumVan: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('081300', '0000').inOnderzoek).toEqual({ type: true, datumVan: true, datumIngangOnderzoek: INGANG });
    expect(eenBuitenland('580900', '0000').inOnderzoek).toBeUndefined();
  });

  const datumTotVan = (volgende: V) =>
    vraag(persoon([adres(1, '20231014', { straat: 'Testpad', huisnummer: '1' }), volgende]), inPeriode('2023-07-01', '2024-01-01')).verblijfplaatsen[0] as Obj;

  it.each(['080000', '580000', '081000', '581000', '081030', '581030', '081300', '581300', '081320', '581320'])('datumTot staat in onderzoek, omdat de datum aanvang van de volgende verblijfplaats in onderzoek staat (%s) [fixture]', (code) => {
    for (const volgende of [adres(2, '20240516', onderzoek(code)), buitenland('20240516', onderzoek(code))]) {
      const v = datumTotVan(volgende);
      expect(v.datumTot).toEqual(INGANG);
      expect(v.inOnderzoek).toEqual({ datumTot: true, datumIngangOnderzoek: INGANG });
    }
  });

  it.each(['080000', '581030', '581320'])('datumTot staat niet in onderzoek wanneer het onderzoek op de volgende verblijfplaats beëindigd is (%s) [fixture]', (code) => {
    expect(datumTotVan(adres(2, '20240516', onderzoek(code, { datumEindeOnderzoek: '20240604' }))).inOnderzoek).toBeUndefined();
  });

  it.each(['081010', '081100', '081020', '081210', '089999', '589999'])('datumTot staat niet in onderzoek wanneer een ander veld van de volgende verblijfplaats in onderzoek staat (%s) [fixture]', (code) => {
    expect(datumTotVan(adres(2, '20240516', onderzoek(code))).inOnderzoek).toBeUndefined();
  });
});

// --- filtering on peildatum ----------------------------------------------------------------------

describe('peildatum-filtering-gba.feature', () => {
  const tweeAdressen = persoon([adres(1, '20100818'), adres(2, '20160526')]);
  it.each([
    ['peildatum ligt voor datum aanvang adreshouding', '2010-01-01', []],
    ['peildatum is dag voor datum aanvang adreshouding', '2010-08-17', []],
    ['peildatum is datum aanvang', '2010-08-18', ['Eerste straat']],
    ['peildatum is dag na datum aanvang', '2010-08-19', ['Eerste straat']],
    ['peildatum ligt tussen datum aanvang en datum aanvang volgende', '2014-01-01', ['Eerste straat']],
    ['peildatum is dag voor datum aanvang volgende', '2016-05-25', ['Eerste straat']],
    ['peildatum is datum aanvang volgende', '2016-05-26', ['Tweede straat']],
    ['peildatum ligt na datum aanvang volgende', '2016-06-01', ['Tweede straat']],
  ])('%s (%s) [fixture]', (_name, p, verwacht) => {
    expect(geleverd(vraag(tweeAdressen, opPeildatum(p)))).toEqual(verwacht);
  });

  const metBuitenland = persoon([adres(1, '20041014'), buitenland('20100818'), adres(2, '20160526')]);
  it.each([
    ['verblijf buitenland wordt geleverd, omdat peildatum is datum aanvang', '2010-08-18', ['buitenland']],
    ['verblijf buitenland wordt geleverd, omdat peildatum ligt tussen datum aanvang en datum aanvang volgende', '2014-01-01', ['buitenland']],
    ['verblijf buitenland wordt niet geleverd, omdat peildatum ligt voor datum aanvang', '2010-05-26', ['Eerste straat']],
    ['verblijf buitenland wordt niet geleverd, omdat peildatum is dag voor datum aanvang', '2010-08-17', ['Eerste straat']],
    ['verblijf buitenland wordt niet geleverd, omdat peildatum is datum aanvang volgende', '2016-05-26', ['Tweede straat']],
  ])('%s (%s) [fixture]', (_name, p, verwacht) => {
    expect(geleverd(vraag(metBuitenland, opPeildatum(p)))).toEqual(verwacht);
  });

  it('verblijf wordt geleverd, omdat er geen volgende verblijf is [data 999993653]', async () => {
    expect((await verblijfplaatsen(peildatum('999993653', '2030-01-01'))).map((v) => v.verblijfadres.korteStraatnaam)).toEqual(['Boterdiep']);
    expect((await verblijfplaatsen(peildatum('999993653', '2015-08-07'))).map((v) => v.verblijfadres.korteStraatnaam)).toEqual(['Vredesplein']);
    expect((await verblijfplaatsen(peildatum('999993653', '2015-08-08'))).map((v) => v.verblijfadres.korteStraatnaam)).toEqual(['Boterdiep']);
    expect(await verblijfplaatsen(peildatum('999993653', '2013-11-01'))).toEqual([]);
  });
});

describe('peildatum-filtering-onbekende-aanvang-gba.feature', () => {
  it.each([
    ['00000000', '2010-05-26'], ['20100000', '2010-05-26'], ['20100000', '2010-01-01'], ['20100000', '2011-01-01'], ['20100000', '2011-07-30'],
    ['20100500', '2010-05-26'], ['20100500', '2010-05-01'], ['20100500', '2010-06-01'], ['20100500', '2010-07-30'],
  ])('verblijf met aanvang adreshouding %s wordt geleverd op %s; ook in het buitenland [fixture]', (aanvang, p) => {
    expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang)]), opPeildatum(p)))).toEqual(['Tweede straat']);
    expect(geleverd(vraag(persoon([adres(1, '20080818'), buitenland(aanvang), adres(2, '20160526')]), opPeildatum(p)))).toEqual(['buitenland']);
  });

  it.each([['20100000', '2009-07-01'], ['20100500', '2010-03-01'], ['20100000', '2009-12-31'], ['20100500', '2010-04-30'], ['20120300', '2012-02-29']])('verblijf met aanvang adreshouding %s wordt niet geleverd op %s [fixture]', (aanvang, p) => {
    expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang)]), opPeildatum(p)))).toEqual(['Eerste straat']);
  });

  it.each(['00000000', '20100000', '20100500'])('verblijf met aanvang adreshouding %s wordt geleverd, omdat er geen vorige verblijfplaats is [fixture]', (aanvang) => {
    expect(geleverd(vraag(persoon([adres(1, aanvang)]), opPeildatum('2010-05-26')))).toEqual(['Eerste straat']);
  });

  it.each([
    ['00000000', '2012-01-01'], ['20100000', '2010-08-01'], ['20100500', '2010-05-29'], ['20100000', '2010-05-27'], ['20100500', '2010-05-27'], ['20100000', '2011-03-14'], ['20100500', '2010-07-01'],
  ])('verblijf met aanvang adreshouding %s en (bekende) aanvang vorige in de onzekerheidsperiode wordt geleverd op %s [fixture]', (aanvang, p) => {
    expect(geleverd(vraag(persoon([adres(1, '20100526'), adres(2, aanvang), adres(3, '20161014')]), opPeildatum(p)))).toEqual(['Tweede straat']);
  });

  it.each([['00000000', '2010-05-26', 'Tweede straat'], ['20100500', '2010-05-26', 'Tweede straat'], ['00000000', '2010-01-01', 'Eerste straat'], ['20100000', '2010-04-01', 'Eerste straat'], ['20100500', '2010-05-10', 'Eerste straat']])(
    'verblijf met aanvang adreshouding %s en (bekende) aanvang vorige in de onzekerheidsperiode wordt niet geleverd op %s [fixture]', (aanvang, p, wel) => {
      expect(geleverd(vraag(persoon([adres(1, '20071014'), adres(2, '20100526'), adres(3, aanvang)]), opPeildatum(p)))).toEqual([wel]);
      expect(geleverd(vraag(persoon([adres(1, '20071014'), adres(2, '20100526'), buitenland(aanvang)]), opPeildatum(p)))).toEqual([wel]);
    });

  it('peildatum op officiële personen met een onbekende en een deels onbekende aanvang [data 999992338, 999991164]', async () => {
    // 999992338: Leyweg since 00000000 (no previous voorkomen), abroad since 1996 (year only).
    const type = async (bsn: string, p: string) => (await verblijfplaatsen(peildatum(bsn, p))).map((v) => v.type);
    expect(await type('999992338', '1900-01-01')).toEqual(['Adres']);
    expect(await type('999992338', '1995-12-31')).toEqual(['Adres']);
    expect(await type('999992338', '1996-01-01')).toEqual(['VerblijfplaatsBuitenland']);
    // 999991164: Leyweg since 2003-03-03, abroad since October 2010.
    expect(await type('999991164', '2010-09-30')).toEqual(['Adres']);
    expect(await type('999991164', '2010-10-01')).toEqual(['VerblijfplaatsBuitenland']);
    expect(await type('999991164', '2003-03-02')).toEqual([]);
  });
});

describe('peildatum-filtering-onbekende-aanvang-volgende-gba.feature', () => {
  it.each([['20100000', '2009-11-30'], ['20100500', '2010-02-19'], ['20100000', '2009-12-31'], ['20100500', '2010-04-30'], ['20100100', '2009-12-31'], ['20100300', '2010-02-28'], ['20120300', '2012-02-29']])(
    'verblijf met aanvang adreshouding volgende verblijf %s wordt geleverd op %s; ook bij volgende in het buitenland [fixture]', (aanvang, p) => {
      expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang), adres(3, '20161014')]), opPeildatum(p)))).toEqual(['Eerste straat']);
      expect(geleverd(vraag(persoon([adres(1, '20080818'), buitenland(aanvang), adres(3, '20161014')]), opPeildatum(p)))).toEqual(['Eerste straat']);
    });

  it.each([
    ['00000000', '2010-05-26'], ['20100000', '2010-05-26'], ['20100500', '2010-05-26'], ['20100000', '2010-01-01'], ['20100500', '2010-05-01'], ['20100000', '2010-12-31'], ['20100500', '2010-05-31'],
    ['20101200', '2010-12-31'], ['20120200', '2012-02-29'], ['20100200', '2010-02-28'], ['20100000', '2011-02-19'], ['20100000', '2011-01-01'], ['20100500', '2011-02-19'], ['20100500', '2010-06-01'],
  ])('verblijf met aanvang adreshouding volgende verblijf %s wordt niet geleverd op %s [fixture]', (aanvang, p) => {
    expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang), adres(3, '20161014')]), opPeildatum(p)))).toEqual(['Tweede straat']);
    expect(geleverd(vraag(persoon([adres(1, '20080818'), buitenland(aanvang), adres(3, '20161014')]), opPeildatum(p)))).toEqual(['buitenland']);
  });
});

describe('test/overlap-datum-aanvang-gba.feature (peildatum and periode)', () => {
  const gewijzigd = (aanvang: string): V => adres(1, aanvang, { adresseerbaarObjectIdentificatie: '0800010000000002', naamOpenbareRuimte: 'Officiele straatnaam', woonplaats: 'Testdorp' });

  it('wel leveren wanneer de datum aanvang van de gewijzigde verblijfplaats later is dan de aanvang oorspronkelijke [fixture]', () => {
    const pl = persoon([adres(1, '20020701'), gewijzigd('20101014')]);
    expect(vraag(pl, opPeildatum('2010-01-01')).verblijfplaatsen.map((v: Obj) => v.adresseerbaarObjectIdentificatie)).toEqual(['0800010000000001']);
    expect(vraag(pl, inPeriode('2010-01-01', '2011-01-01')).verblijfplaatsen.map((v: Obj) => v.adresseerbaarObjectIdentificatie)).toEqual(['0800010000000002', '0800010000000001']);
  });

  it.each([['20020701', '2002-07-01'], ['20020628', '2002-06-28'], ['20020628', '2002-06-29'], ['20020628', '2002-07-01'], ['20020628', '2002-07-03']])(
    'niet leveren wanneer de datum aanvang van de gewijzigde verblijfplaats (%s) gelijk aan of eerder dan de aanvang oorspronkelijke is, peildatum %s [fixture]', (aanvang, p) => {
      const pl = persoon([adres(1, '20020701'), gewijzigd(aanvang)]);
      expect(vraag(pl, opPeildatum(p)).verblijfplaatsen.map((v: Obj) => v.adresseerbaarObjectIdentificatie)).toEqual(['0800010000000002']);
      expect(vraag(pl, inPeriode('2002-01-01', '2011-01-01')).verblijfplaatsen.map((v: Obj) => v.adresseerbaarObjectIdentificatie)).toEqual(['0800010000000002']);
    });

  it.each([['2002-07-01', '20020701'], ['2010-10-13', '20020701'], ['2010-10-14', '20101014'], ['2011-01-01', '20101014']])('wel leveren wanneer de datum aanvang na gecorrigeerde verblijfplaats later is dan de aanvang oorspronkelijke, peildatum %s [fixture]', (p, aanvang) => {
    const pl = persoon([adres(1, '20020701'), buitenland('20101014'), adres(1, '20101014')]);
    expect(vraag(pl, opPeildatum(p)).verblijfplaatsen.map((v: Obj) => v.datumVan.datum.replaceAll('-', ''))).toEqual([aanvang]);
    expect(geleverd(vraag(pl, inPeriode('2010-01-01', '2011-01-01')))).toEqual(['Eerste straat', 'Eerste straat']);
  });
});

describe('test/peildatum-filtering-opeenvolgend-onbekend-gba.feature (a selection)', () => {
  it.each([
    ['20080918', '00000000', '20100000', '2008-09-17', []],
    ['20100516', '00000000', '20100500', '2010-04-30', []],
    ['20100526', '20100500', '20100500', '2010-04-30', []],
    ['20080918', '00000000', '20100000', '2008-09-18', ['Eerste straat']],
    ['20080918', '20100000', '20100500', '2010-01-01', ['Tweede straat']],
    ['20080918', '00000000', '20100500', '2010-04-30', ['Tweede straat']],
    ['20080918', '20100000', '00000000', '2010-01-01', ['Tweede straat']],
    ['20080918', '20100500', '20100500', '2010-05-01', ['Tweede straat']],
    ['20080918', '20100000', '20100500', '2010-05-01', ['Derde straat']],
    // 'in principe onjuist, maar gevolg van niet recursief terugkijken naar voor-vorige'
    ['20100516', '00000000', '20100000', '2010-05-15', ['Derde straat']],
    ['20080918', '20100000', '00000000', '2010-01-02', ['Derde straat']],
  ])('A1 %s, A2 %s, A3 %s, A4 20121014, peildatum %s [fixture]', (a1, a2, a3, p, verwacht) => {
    expect(geleverd(vraag(persoon([adres(1, a1), adres(2, a2), adres(3, a3), adres(4, '20121014')]), opPeildatum(p)))).toEqual(verwacht);
  });
});

describe('onjuist-gba.feature (peildatum and periode)', () => {
  it('datum aanvang adreshouding is gecorrigeerd: het onjuiste voorkomen wordt volledig genegeerd [fixture]', () => {
    const pl = persoon([adres(1, '20160601', { indicatieOnjuist: 'O' }), adres(1, '20160516')]);
    expect(geleverd(vraag(pl, inPeriode('2016-05-01', '2016-05-28')))).toEqual(['Eerste straat']);
    expect(vraag(pl, opPeildatum('2016-05-20')).verblijfplaatsen[0].datumVan.datum).toBe('2016-05-16');
    const later = persoon([adres(1, '20160516', { indicatieOnjuist: 'O' }), adres(1, '20160601')]);
    expect(geleverd(vraag(later, inPeriode('2016-05-01', '2016-06-01')))).toEqual([]);
  });
});

// --- filtering on periode ------------------------------------------------------------------------

describe('periode-filtering-gba.feature', () => {
  const tweeAdressen = persoon([adres(1, '20100818'), adres(2, '20160526')]);
  it.each([
    ['periode ligt voor eerste verblijf, datumTot ligt voor datum aanvang adreshouding', '2009-01-01', '2010-01-01', []],
    ['periode ligt voor eerste verblijf, datumTot is gelijk aan datum aanvang adreshouding', '2009-01-01', '2010-08-18', []],
    ['verblijf wordt geleverd, omdat datumTot is dag na datum aanvang', '2010-01-01', '2010-08-19', ['Eerste straat']],
    ['tweede verblijf wordt niet geleverd, omdat datumTot is gelijk aan datum aanvang', '2010-01-01', '2016-05-26', ['Eerste straat']],
    ['historische verblijf wordt geleverd, omdat datumVan is dag voor datum aanvang volgende', '2016-05-25', '2020-01-01', ['Tweede straat', 'Eerste straat']],
    ['historische verblijf wordt niet geleverd, omdat datumVan is datum aanvang volgende', '2016-05-26', '2020-01-01', ['Tweede straat']],
  ])('%s (%s tot %s) [fixture]', (_name, van, tot, verwacht) => {
    expect(geleverd(vraag(tweeAdressen, inPeriode(van, tot)))).toEqual(verwacht);
  });

  it('periode overlapt meerdere verblijfplaatsen; periode ligt geheel tussen datum aanvang en datum aanvang volgende [fixture]', () => {
    const drie = persoon([adres(1, '20080818'), adres(2, '20100818'), adres(3, '20160526')]);
    expect(geleverd(vraag(drie, inPeriode('2008-10-14', '2020-07-30')))).toEqual(['Derde straat', 'Tweede straat', 'Eerste straat']);
    expect(geleverd(vraag(drie, inPeriode('2016-07-01', '2017-01-01')))).toEqual(['Derde straat']);
  });
});

describe('periode-filtering-onbekende-aanvang-gba.feature', () => {
  it.each([['00000000', '2010-05-26'], ['20100000', '2010-01-02'], ['20100500', '2010-05-02'], ['20100000', '2011-07-30']])('verblijf met aanvang adreshouding %s wordt geleverd met datumTot %s [fixture]', (aanvang, tot) => {
    expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang)]), inPeriode('2008-01-01', tot)))).toEqual(['Tweede straat', 'Eerste straat']);
  });

  it.each([['20100000', '2010-01-01'], ['20100500', '2010-05-01'], ['20100500', '2010-03-01']])('verblijf met aanvang adreshouding %s wordt niet geleverd met datumTot %s [fixture]', (aanvang, tot) => {
    expect(geleverd(vraag(persoon([adres(1, '20080818'), adres(2, aanvang)]), inPeriode('2009-01-01', tot)))).toEqual(['Eerste straat']);
  });

  it.each([['00000000', '2010-05-28', true], ['20100500', '2010-05-28', true], ['00000000', '2010-05-27', false], ['20100000', '2010-05-26', false]])(
    'verblijf met aanvang %s en (bekende) aanvang vorige 2010-05-26 in de onzekerheidsperiode, datumTot %s: geleverd %s [fixture]', (aanvang, tot, wel) => {
      const lijst = geleverd(vraag(persoon([adres(1, '20071014'), adres(2, '20100526'), adres(3, aanvang)]), inPeriode('2009-02-19', tot)));
      expect(lijst.includes('Derde straat')).toBe(wel);
    });
});

// --- (3) fout-cases.feature -------------------------------------------------------------------------

const PROBLEM = 'application/problem+json';
const paramsValidation = (names: string[], invalidParams: Obj[]) => ({
  type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
  title: 'Een of meerdere parameters zijn niet correct.',
  status: 400,
  detail: `De foutieve parameter(s) zijn: ${names.join(', ')}.`,
  instance: ENDPOINT,
  code: 'paramsValidation',
  invalidParams,
});
const REQUIRED = 'Parameter is verplicht.';
// 'peildatum: gisteren' in the feature; a fixed date keeps the test deterministic.
const GELDIG = { type: 'RaadpleegMetPeildatum', peildatum: '2024-01-01', burgerservicenummer: '000000024' };

describe('fout-cases.feature', () => {
  it('er zijn geen parameters opgegeven', async () => {
    const res = await post({});
    expect(res.status).toBe(400);
    expect(res.contentType).toBe(PROBLEM);
    expect(res.body).toEqual(paramsValidation(['type'], [{ name: 'type', code: 'required', reason: REQUIRED }]));
    expect((await post('')).body).toEqual(res.body);
  });

  it('de \'type\' parameter is niet opgegeven', async () => {
    expect((await post({ burgerservicenummer: '000000024' })).body).toEqual(paramsValidation(['type'], [{ name: 'type', code: 'required', reason: REQUIRED }]));
  });

  it.each([['lege string', ''], ['onbekend zoek type', 'RaadpleegMetGeslachtsnaam'], ['geldig zoek type met verkeerde casing', 'raadpleegmetpeildatum']])('een %s is opgegeven als \'type\' waarde', async (_name, type) => {
    const res = await post({ type });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(paramsValidation(['type'], [{ name: 'type', code: 'value', reason: 'Waarde is geen geldig zoek type.' }]));
  });

  it('\'application/xml\' is opgegeven als Accept content type', async () => {
    const res = await post(GELDIG, { accept: 'application/xml' });
    expect(res.status).toBe(406);
    expect(res.contentType).toBe(PROBLEM);
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6',
      title: 'Gevraagde content type wordt niet ondersteund.',
      status: 406,
      detail: 'Ondersteunde content type: application/json; charset=utf-8.',
      instance: ENDPOINT,
      code: 'notAcceptable',
    });
  });

  it.each(['*/*', '*/*; charset=utf-8', '*/*;charset=utf-8', 'application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8', '*/*;charset=UTF-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'])(
    '\'%s\' wordt opgegeven als Accept content type', async (accept) => {
      const res = await post(GELDIG, { accept });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ verblijfplaatsen: [] });
    });

  it('er is geen Accept header opgegeven; er is een Accept header met lege waarde opgegeven', async () => {
    for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', accept: '' }] as Record<string, string>[]) {
      const res = await raw('POST', ENDPOINT, headers, JSON.stringify(GELDIG));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ verblijfplaatsen: [] });
    }
  });

  it.each(['application/xml', 'text/csv', 'application/json; charset=cp1252', '*/*', '*/*; charset=utf-8', '*/*;charset=utf-8'])('\'%s\' is opgegeven als Content-Type waarde (415)', async (contentType) => {
    const res = await post(GELDIG, { 'content-type': contentType });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13',
      title: 'Media Type wordt niet ondersteund.',
      status: 415,
      detail: 'Ondersteunde content type: application/json; charset=utf-8.',
      instance: ENDPOINT,
      code: 'unsupportedMediaType',
    });
  });

  it.each(['application/json', 'application/json;charset=utf-8', 'application/json; charset=utf-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'])('\'%s\' is opgegeven als Content-Type waarde (200)', async (contentType) => {
    expect((await post(GELDIG, { 'content-type': contentType })).status).toBe(200);
  });

  it('er is geen Content-Type header opgegeven; er is een Content-Type header met lege waarde opgegeven', async () => {
    for (const headers of [{ accept: 'application/json' }, { accept: 'application/json', 'content-type': '' }] as Record<string, string>[]) {
      const res = await raw('POST', ENDPOINT, headers, JSON.stringify(GELDIG));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ verblijfplaatsen: [] });
    }
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'])('bewoningen wordt gezocht met een \'%s\' aanroep', async (method) => {
    const res = await raw(method, ENDPOINT, { accept: 'application/json' });
    expect(res.status).toBe(405);
    expect(res.contentType).toBe(PROBLEM);
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5',
      title: 'Gebruikte bevragingsmethode is niet toegestaan.',
      status: 405,
      instance: ENDPOINT,
      code: 'methodNotAllowed',
    });
  });
});

describe('validation of the parameters (the official validators, BrpHistorie.Validatie)', () => {
  const date = (name: string) => ({ name, code: 'date', reason: 'Waarde is geen geldige datum.' });
  const required = (name: string) => ({ name, code: 'required', reason: REQUIRED });
  const pattern = { name: 'burgerservicenummer', code: 'pattern', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' };

  it.each([
    ['burgerservicenummer ontbreekt', { type: 'RaadpleegMetPeildatum', peildatum: '2020-01-01' }, [required('burgerservicenummer')]],
    ['burgerservicenummer met 8 cijfers', { ...GELDIG, burgerservicenummer: '12345678' }, [pattern]],
    ['burgerservicenummer als getal', { ...GELDIG, burgerservicenummer: 999993653 }, [pattern]],
    ['burgerservicenummer als lijst', { ...GELDIG, burgerservicenummer: ['999993653'] }, [pattern]],
    ['peildatum ontbreekt', { type: 'RaadpleegMetPeildatum', burgerservicenummer: '999993653' }, [required('peildatum')]],
    ['peildatum leeg', { ...GELDIG, peildatum: '' }, [required('peildatum')]],
    ['peildatum geen datum', { ...GELDIG, peildatum: 'gisteren' }, [date('peildatum')]],
    ['peildatum bestaat niet', { ...GELDIG, peildatum: '2023-02-29' }, [date('peildatum')]],
    ['datumVan en datumTot ontbreken', { type: 'RaadpleegMetPeriode', burgerservicenummer: '999993653' }, [required('datumTot'), required('datumVan')]],
    ['datumTot geen datum', periode('999993653', '2020-01-01', '01-01-2021'), [date('datumTot')]],
    ['datumTot ligt voor datumVan', periode('999993653', '2021-01-01', '2020-01-01'), [{ name: 'datumTot', code: 'invalidParam', reason: 'datumTot moet na datumVan liggen.' }]],
    ['datumTot is gelijk aan datumVan', periode('999993653', '2021-01-01', '2021-01-01'), [{ name: 'datumTot', code: 'invalidParam', reason: 'datumTot moet na datumVan liggen.' }]],
    ['onbekende parameter', { ...GELDIG, fields: ['verblijfplaats'] }, [{ name: 'fields', code: 'unknownParam', reason: 'Parameter is niet verwacht.' }]],
    ['parameter van het andere zoektype', { ...GELDIG, datumVan: '2020-01-01' }, [{ name: 'datumVan', code: 'unknownParam', reason: 'Parameter is niet verwacht.' }]],
    ['alles tegelijk', { type: 'RaadpleegMetPeriode', burgerservicenummer: 'x', datumVan: 'x', peildatum: '2020-01-01' }, [pattern, required('datumTot'), date('datumVan'), { name: 'peildatum', code: 'unknownParam', reason: 'Parameter is niet verwacht.' }]],
  ])('%s → 400', async (_name, body, invalidParams) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(paramsValidation([...new Set(invalidParams.map((p) => p.name))], invalidParams));
  });

  it('a body that is no JSON → 400 invalidJson; an unknown path → 404', async () => {
    const bad = await post('{"type": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, code: 'invalidJson', instance: ENDPOINT });
    const nf = await raw('POST', '/haalcentraal/api/brphistorie/partnerhistorie', JSON_HEADERS, '{}');
    expect(nf.status).toBe(404);
    expect(nf.body).toMatchObject({ status: 404, code: 'notFound', instance: '/haalcentraal/api/brphistorie/partnerhistorie' });
  });

  it('a BSN that is not in the test data → 200 with no verblijfplaatsen', async () => {
    expect(await post(periode('000000024', '1900-01-01', '2100-01-01'))).toMatchObject({ status: 200, body: { verblijfplaatsen: [] } });
  });

  it('error bodies match BadRequestFoutbericht / Foutbericht, but for the feature files\' strings the spec\'s patterns reject', async () => {
    // fout-cases.feature prescribes a ':' in detail, and the official validator a regex in a reason.
    const conflict = (e: ErrorObject) => e.keyword === 'pattern' && (e.instancePath === '/detail' || /^\/invalidParams\/\d+\/reason$/.test(e.instancePath));
    for (const body of [{}, { type: 'x' }, { ...GELDIG, burgerservicenummer: '1' }, periode('999993653', '2021-01-01', '2020-01-01'), { ...GELDIG, extra: 1 }]) {
      expect(schema.validate('BadRequestFoutbericht', (await post(body)).body).filter((e) => !conflict(e))).toEqual([]);
    }
    expect(schema.validate('Foutbericht', (await post(GELDIG, { accept: 'application/xml' })).body).filter((e) => !conflict(e))).toEqual([]);
    expect(schema.validate('Foutbericht', (await raw('GET', ENDPOINT, {})).body)).toEqual([]);
  });
});

// --- the test-facing side ---------------------------------------------------------------------------

describe('startHistorieMock', () => {
  beforeEach(() => mock.clearRequests());

  it('listens on the real port behind port 0 and reports the base URL', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/brphistorie$/);
    expect(mock.url).not.toContain(':0/');
  });

  it('records every request body and its headers, and clears them', async () => {
    await post(GELDIG, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await post('not json');
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toEqual(GELDIG);
    expect(mock.requests[0]?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(mock.requests[1]?.body).toBe('not json');
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('failNext answers the next request with the given status and a problem body, or a given body, then recovers', async () => {
    mock.failNext({ status: 503 });
    mock.failNext({ status: 500, body: { eigen: true } });
    const failed = await post(GELDIG);
    expect(failed).toMatchObject({ status: 503, contentType: PROBLEM, body: { status: 503, code: 'notAvailable', instance: ENDPOINT } });
    expect(await post(GELDIG)).toMatchObject({ status: 500, body: { eigen: true } });
    expect((await post(GELDIG)).status).toBe(200);
    expect(mock.requests).toHaveLength(3);
  });
});
