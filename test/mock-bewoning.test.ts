// The mock BRP Bewoning upstream (src/dev/mocks/bewoning/) answers as the official feature files of
// BRP-API/Haal-Centraal-BRP-bewoning describe (commit in data/brp-bewoning/SOURCES.md), in the shapes of
// data/brp-bewoning/openapi.yaml.
//
// Over real HTTP (port 0), on the official test data:
//   (1) every adresseerbaarObjectIdentificatie of the test data, for a peildatum and for a wide period,
//       validates against BewoningenQueryResponse; bewoningen are chronological, inside the asked days,
//       never overlap and each has someone in it;
//   (2) [data] scenarios with official test persons that show a rule: several bewoners, a period split at
//       every move in or out, mogelijke bewoners, geheimhouding, in onderzoek, vastgesteld verblijft niet op
//       adres, a technische wijziging that adds the identificatie, opschorting from the BRP Personen data;
//   (3) fout-cases.feature (all scenarios), raadpleeg-bewoning-op-peildatum/fout-cases.feature and
//       raadpleeg-bewoning-met-periode/fout-cases.feature (all scenarios), invalid JSON, an unknown path.
// Through answerBewoningen(body, { data: bewoningData([...]) }) with the features' own fixture persons
// (000000024 etc., gemeente 0800), each test named after its feature file and scenario:
//   raadpleeg-bewoning-op-peildatum/overzicht.feature: all scenarios (niet-bestaand adresseerbaar object;
//     persoon verbleef …; meerdere personen …; peildatum vóór aanvang; geëmigreerd op/vóór/na de peildatum)
//   raadpleeg-bewoning-op-peildatum/mogelijke-bewoner.feature: every Voorbeelden row of every scenario (113)
//   raadpleeg-bewoning-op-peildatum/geheimhouding.feature: all scenarios (0 not delivered; 1..7 → true, also
//     for a mogelijke bewoner)
//   raadpleeg-bewoning-op-peildatum/in-onderzoek.feature: all scenarios (the codes that do and do not make
//     inOnderzoek, of the actual and of a previous verblijfplaats; 089999/589999 not; datum ingang not
//     relevant; beëindigd never)
//   raadpleeg-bewoning-op-peildatum/opschorting-bijhouding.feature: all scenarios (F, W; O/E/M/R/. before,
//     on and after the datum opschorting)
//   raadpleeg-bewoning-op-peildatum/veel-bewoners.feature: all scenarios (101 bewoners, 101 mogelijke, 81+20,
//     100, 80+20)
//   raadpleeg-bewoning-op-peildatum/nevenadres.feature, …/infrastructureel-gewijzigd.feature: all scenarios
//   raadpleeg-bewoning-met-periode/overzicht.feature: all scenarios
//   raadpleeg-bewoning-met-periode/geheimhouding.feature, …/in-onderzoek.feature, …/veel-bewoners.feature:
//     the main scenarios (geheim 0 and 1..7, bewoner and mogelijke bewoner; in onderzoek and not; 101
//     mogelijke bewoners who become bewoners inside the period; 100 and 80+20)
//   the GBA variants' rules that hold for the public API as well (raadpleeg-bewoning-*/gba/):
//     bewoning-samenstellingen-gba.feature (all scenarios), bewoning-samenstellingen-mogelijke-bewoners-gba.feature
//     (all scenarios), vastgesteld-verblijft-niet-op-adres-gba.feature (peildatum and periode, running and
//     ended onderzoek), onjuist-gba.feature (peildatum), opschorting-bijhouding-gba.feature (periode),
//     overzicht-gba.feature (briefadres), test/echte-datums-gba.feature (a selection),
//     infrastructurele-wijziging-gba.feature (periode, a selection)
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { ErrorObject } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerBewoningen, bewoningData, startBewoningMock, type BewoningMock } from '../src/dev/mocks/bewoning/server.ts';
import type { StoredBewoningVerblijfplaats, StoredPersoonslijst } from '../src/dev/mocks/bewoning/storage.ts';
import { atPointer } from './support/mock-brp-schema.ts';
import { bewoningSchemaValidators } from './support/mock-bewoning-schema.ts';

let mock: BewoningMock;
beforeAll(async () => {
  mock = await startBewoningMock({ port: 0 });
});
afterAll(async () => mock?.close());

type Obj = Record<string, any>;
interface Antwoord {
  status: number;
  contentType: string | null;
  body: Obj;
}

const ENDPOINT = '/haalcentraal/api/bewoning/bewoningen';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
const PROBLEM = 'application/problem+json';

function parse(text: string): Obj {
  try {
    return JSON.parse(text) as Obj;
  } catch {
    return text as unknown as Obj;
  }
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Antwoord> {
  const res = await fetch(`${mock.url}/bewoningen`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: parse(await res.text()) };
}

/** A request with exactly the given headers (fetch always adds an Accept and allows no TRACE). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Antwoord> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const opPeildatum = (adresseerbaarObjectIdentificatie: string, peildatum: string) => ({ type: 'BewoningMetPeildatum', peildatum, adresseerbaarObjectIdentificatie });
const inPeriode = (adresseerbaarObjectIdentificatie: string, datumVan: string, datumTot: string) => ({ type: 'BewoningMetPeriode', datumVan, datumTot, adresseerbaarObjectIdentificatie });

async function bewoningen(body: unknown): Promise<Obj[]> {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.contentType).toBe('application/json; charset=utf-8');
  return res.body.bewoningen as Obj[];
}

const bsns = (l: Obj[]) => l.map((b) => b.burgerservicenummer as string);
/** What the bewoningen say, in the features' terms: periode 'van tot', bewoners, mogelijke bewoners. */
const samenstellingen = (l: Obj[]) => l.map((b) => [`${b.periode.datumVan} tot ${b.periode.datumTot}`, bsns(b.bewoners), bsns(b.mogelijkeBewoners)]);

// --- (1) schema over all the test data -----------------------------------------------------------

const schema = bewoningSchemaValidators();
const rijen = JSON.parse(readFileSync(new URL('../data/brp-bewoning/test-data.json', import.meta.url), 'utf8')) as Obj[];
/** Every adresseerbaarObjectIdentificatie in the file, trimmed (one has a leading space). */
const objecten = [...new Set(rijen.map((r) => r.verblijfplaats?.adresseerbaarObjectIdentificatie?.trim()).filter(Boolean) as string[])];
const geldigeObjecten = objecten.filter((a) => /^(?!0{16})[0-9]{16}$/.test(a));

describe('responses match BewoningenQueryResponse (every adresseerbaarObjectIdentificatie of the test data)', () => {
  it.each([
    ['a peildatum', (a: string) => opPeildatum(a, '2020-01-01')],
    ['a wide period', (a: string) => inPeriode(a, '1800-01-01', '2100-01-01')],
  ])('for %s', async (naam, vraag) => {
    // 261 distinct values in the file (one more with a leading space); two cannot be asked for: one with
    // 15 digits and the standaardwaarde 0000000000000000 (no BAG object, on 4 rows).
    expect(objecten).toHaveLength(261);
    expect(geldigeObjecten).toHaveLength(259);
    const problems: string[] = [];
    let aantal = 0;
    let personen = 0;
    for (let i = 0; i < geldigeObjecten.length; i += 26) {
      await Promise.all(geldigeObjecten.slice(i, i + 26).map(async (a) => {
        const body = vraag(a);
        const res = await post(body);
        if (res.status !== 200) return void problems.push(`${a}: status ${res.status}`);
        for (const err of schema.validate('BewoningenQueryResponse', res.body)) {
          problems.push(`${a}${err.instancePath} ${err.keyword} ${err.message ?? ''} ${JSON.stringify(atPointer(res.body, err.instancePath))?.slice(0, 60)}`);
        }
        const lijst = res.body.bewoningen as Obj[];
        aantal += lijst.length;
        const van = 'peildatum' in body ? body.peildatum : body.datumVan;
        const tot = 'peildatum' in body ? '2020-01-02' : body.datumTot;
        let vorigeTot = van;
        for (const b of lijst) {
          personen += b.bewoners.length + b.mogelijkeBewoners.length;
          if (b.adresseerbaarObjectIdentificatie !== a) problems.push(`${a}: bewoning of ${b.adresseerbaarObjectIdentificatie}`);
          if (!(b.periode.datumVan < b.periode.datumTot)) problems.push(`${a}: empty periode ${JSON.stringify(b.periode)}`);
          if (b.periode.datumVan < vorigeTot) problems.push(`${a}: periode ${JSON.stringify(b.periode)} not after ${vorigeTot}`);
          if (b.periode.datumTot > tot) problems.push(`${a}: periode ${JSON.stringify(b.periode)} past ${tot}`);
          vorigeTot = b.periode.datumTot;
          const alle = [...bsns(b.bewoners), ...bsns(b.mogelijkeBewoners)];
          if (alle.length === 0 && !b.indicatieVeelBewoners) problems.push(`${a}: bewoning without anyone ${JSON.stringify(b.periode)}`);
          if (new Set(alle).size !== alle.length) problems.push(`${a}: a BSN twice in ${JSON.stringify(b.periode)}`);
        }
        if ('peildatum' in body && lijst.length > 1) problems.push(`${a}: ${lijst.length} bewoningen on a peildatum`);
      }));
    }
    expect(problems).toEqual([]);
    // Most objects have someone on 2020-01-01; over all time every one of them has.
    expect(aantal).toBeGreaterThan(naam === 'a peildatum' ? 180 : 400);
    expect(personen).toBeGreaterThan(naam === 'a peildatum' ? 300 : 1000);
  });

  it.each(['363010012067062', '0000000000000000'])('the identificatie %s of the test data cannot be asked for: 400 pattern', async (a) => {
    expect(objecten).toContain(a);
    const res = await post(opPeildatum(a, '2020-01-01'));
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([{ name: 'adresseerbaarObjectIdentificatie', code: 'pattern', reason: 'Waarde voldoet niet aan patroon ^(?!0{16})[0-9]{16}$.' }]);
  });

  it('catches what the spec does not define (the validator is not vacuous)', () => {
    const bewoning = { adresseerbaarObjectIdentificatie: '0599010000208579', periode: { datumVan: '2020-01-01', datumTot: '2020-01-02' }, bewoners: [], mogelijkeBewoners: [] };
    expect(schema.validate('BewoningenQueryResponse', { bewoningen: [bewoning] })).toEqual([]);
    expect(schema.validate('BewoningenQueryResponse', { bewoningen: [{ ...bewoning, bewoners: [{ burgerservicenummer: '999993653', bestaatNiet: 1 }] }] }).map((e) => e.keyword)).toContain('unevaluatedProperties');
    expect(schema.validate('BewoningenQueryResponse', { bewoningen: [{ ...bewoning, periode: { datumVan: '20200101' } }] }).map((e) => e.keyword)).toContain('format');
    expect(schema.validate('BewoningenQueryResponse', { bewoningen: [{ ...bewoning, bewoners: Array.from({ length: 101 }, () => ({})) }] }).map((e) => e.keyword)).toContain('maxItems');
  });
});

// --- (2) the official test persons ----------------------------------------------------------------

describe('[data] official test persons', () => {
  it('several bewoners on a peildatum: 0599010000145114 has 12 on 2024-01-01 (all registered there in the BRP Personen data, gemeente 0599)', async () => {
    const [b, ...rest] = await bewoningen(opPeildatum('0599010000145114', '2024-01-01'));
    expect(rest).toEqual([]);
    expect(b).toEqual({
      adresseerbaarObjectIdentificatie: '0599010000145114',
      periode: { datumVan: '2024-01-01', datumTot: '2024-01-02' },
      bewoners: ['999997737', '999997749', '999997750', '999997762', '999997774', '999997786', '999997798', '999997804', '999997816', '999997828', '999997841', '999997853'].map((burgerservicenummer) => ({ burgerservicenummer })),
      mogelijkeBewoners: [],
    });
  });

  it('a period is split into bewoningen at each move in: 0599010000145114 from 2010 to 2025 gives 6', async () => {
    expect(samenstellingen(await bewoningen(inPeriode('0599010000145114', '2000-01-01', '2025-01-01')))).toEqual([
      ['2010-11-01 tot 2012-08-01', ['999997737', '999997749'], []],
      ['2012-08-01 tot 2013-05-26', ['999997737', '999997749', '999997750', '999997762'], []],
      ['2013-05-26 tot 2014-12-01', ['999997737', '999997749', '999997750', '999997762', '999997774', '999997786'], []],
      ['2014-12-01 tot 2015-11-01', ['999997737', '999997749', '999997750', '999997762', '999997774', '999997786', '999997816', '999997828'], []],
      ['2015-11-01 tot 2016-11-01', ['999997737', '999997749', '999997750', '999997762', '999997774', '999997786', '999997798', '999997804', '999997816', '999997828'], []],
      ['2016-11-01 tot 2025-01-01', ['999997737', '999997749', '999997750', '999997762', '999997774', '999997786', '999997798', '999997804', '999997816', '999997828', '999997841', '999997853'], []],
    ]);
  });

  it('… and at each move out: three persons leave 0599010000110069 for 0599010000460538 on 2019-12-05', async () => {
    expect(samenstellingen(await bewoningen(inPeriode('0599010000110069', '2019-01-01', '2021-01-01')))).toEqual([
      ['2019-01-01 tot 2019-12-05', ['999999345', '999999357', '999999369', '999999370', '999999382', '999999394', '999999400'], []],
      ['2019-12-05 tot 2020-01-10', ['999999345', '999999357', '999999369', '999999370'], []],
      ['2020-01-10 tot 2021-01-01', ['999999345', '999999357', '999999369', '999999370', '999999412'], []],
    ]);
    expect(samenstellingen(await bewoningen(opPeildatum('0599010000460538', '2019-12-05')))).toEqual([
      ['2019-12-05 tot 2019-12-06', ['999999382', '999999394', '999999400', '999999424', '999999436'], []],
    ]);
  });

  it('mogelijke bewoners (datum aanvang 00000000): 0599010370005001; 999994992 (geheim) only until the next address (1990-05-17)', async () => {
    const lijst = await bewoningen(inPeriode('0599010370005001', '1980-01-01', '2024-01-01'));
    expect(samenstellingen(lijst)).toEqual([
      ['1980-01-01 tot 1990-05-17', [], ['999990524', '999991449', '999994992']],
      ['1990-05-17 tot 2024-01-01', [], ['999990524', '999991449']],
    ]);
    expect(lijst[0].mogelijkeBewoners[2]).toEqual({ burgerservicenummer: '999994992', geheimhoudingPersoonsgegevens: true });
    expect(samenstellingen(await bewoningen(opPeildatum('0599010370005001', '2024-01-01')))).toEqual([['2024-01-01 tot 2024-01-02', [], ['999990524', '999991449']]]);
  });

  it('geheimhouding: 999993872 (indicatie geheim 3) at 0599010000228162; 999991036 and 999993148 (geheim) beside 999992119 and 999995108 (0) at 0599010055007301', async () => {
    expect((await bewoningen(opPeildatum('0599010000228162', '2024-01-01')))[0].bewoners).toEqual([{ burgerservicenummer: '999993872', geheimhoudingPersoonsgegevens: true }]);
    expect((await bewoningen(opPeildatum('0599010055007301', '2011-01-01')))[0].bewoners).toEqual([
      { burgerservicenummer: '999991036', geheimhoudingPersoonsgegevens: true },
      { burgerservicenummer: '999992119' },
      { burgerservicenummer: '999993148', geheimhoudingPersoonsgegevens: true },
    ]);
  });

  it('opschorting bijhouding from the BRP Personen data: 999995108 died on 2001-10-19 and 999990147 on 2018-05-26; no bewoner after that', async () => {
    expect(samenstellingen(await bewoningen(inPeriode('0599010055007301', '1995-01-01', '2013-01-01')))).toEqual([
      ['1995-10-10 tot 1998-04-01', ['999995108'], []],
      ['1998-04-01 tot 2001-10-19', ['999991036', '999993148', '999995108'], []],
      ['2001-10-19 tot 2010-02-25', ['999991036', '999993148'], []],
      ['2010-02-25 tot 2012-09-28', ['999991036', '999992119', '999993148'], []],
      ['2012-09-28 tot 2013-01-01', ['999991036', '999992119'], []],
    ]);
    expect(samenstellingen(await bewoningen(inPeriode('0599010051001501', '2015-01-01', '2019-01-01')))).toEqual([
      ['2015-01-01 tot 2015-09-01', ['999990147', '999990226', '999994001'], []],
      ['2015-09-01 tot 2018-05-26', ['999990147', '999994001'], []],
      ['2018-05-26 tot 2019-01-01', ['999994001'], []],
    ]);
  });

  it('vastgesteld verblijft niet op adres (089999 for 999992570, 589999 for 999994116, both from 2021-07-02) at 0599010000254945', async () => {
    expect(samenstellingen(await bewoningen(inPeriode('0599010000254945', '2021-01-01', '2022-01-01')))).toEqual([
      ['2021-01-01 tot 2021-07-02', ['999992570', '999994116'], []],
      ['2021-07-02 tot 2022-01-01', ['999992983'], []],
    ]);
    // The vastgesteld aanduiding is no inOnderzoek of the bewoner (in-onderzoek.feature).
    expect((await bewoningen(opPeildatum('0599010000254945', '2021-07-01')))[0].bewoners).toEqual([{ burgerservicenummer: '999992570' }, { burgerservicenummer: '999994116' }]);
  });

  it('in onderzoek: 999990378 (080000) at 0599010048001201 and 999994566 (081100) at 0599010046000401; 999992703 (081120 huisnummer) at 0518010000498815 not', async () => {
    expect((await bewoningen(opPeildatum('0599010048001201', '2024-01-01')))[0].bewoners).toEqual([{ burgerservicenummer: '999990378', inOnderzoek: true }]);
    expect((await bewoningen(opPeildatum('0599010046000401', '2024-01-01')))[0].bewoners).toEqual([{ burgerservicenummer: '999994566', inOnderzoek: true }]);
    expect((await bewoningen(opPeildatum('0518010000498815', '2024-01-01')))[0].bewoners).toEqual([{ burgerservicenummer: '999992703' }, { burgerservicenummer: '999992764' }]);
  });

  it('a technische wijziging (T) adds the identificatie: 999992788 lived on the Van Wijngaerdenstraat since 1999 but is bewoner of 1810010010001001 from 2000-06-10', async () => {
    const lijst = await bewoningen(inPeriode('1810010010001001', '1998-01-01', '2001-01-01'));
    expect(lijst.map((b) => b.periode)).toEqual([{ datumVan: '1998-05-02', datumTot: '2000-06-10' }, { datumVan: '2000-06-10', datumTot: '2001-01-01' }]);
    expect(bsns(lijst[0].bewoners)).not.toContain('999992788');
    expect(bsns(lijst[1].bewoners)).toContain('999992788');
    // mock.rest: 000009933, 000009970, 999995054, 999994207 from 1998-05-02; 999991723, 999992788, 999993082, 999991772, 999994074 from 2000-06-10.
    expect(bsns(lijst[0].bewoners)).toEqual(expect.arrayContaining(['000009933', '000009970', '999995054', '999994207']));
    expect(bsns(lijst[1].bewoners)).toEqual(expect.arrayContaining(['999991723', '999992788', '999993082', '999991772', '999994074']));
  });

  it('an adresseerbaar object nobody lived on, and days before anyone did, give 0 bewoningen', async () => {
    expect(await bewoningen(opPeildatum('0800010000713450', '2024-01-01'))).toEqual([]);
    expect(await bewoningen(inPeriode('0599010000208579', '2000-01-01', '2015-08-08'))).toEqual([]);
    expect(samenstellingen(await bewoningen(inPeriode('0599010000208579', '2015-08-01', '2015-09-01')))).toEqual([['2015-08-08 tot 2015-09-01', ['999993653'], []]]);
  });
});

// --- fixtures in the feature files' terms ------------------------------------------------------------

type V = StoredBewoningVerblijfplaats;
/** Adres 'A<n>': gemeentecode 0800, identificatiecode verblijfplaats 080001000000000<n>. */
const A = (n: number) => `080001000000000${n}`;
/** 'is (vervolgens) ingeschreven op adres A<n>' with this datum aanvang adreshouding (10.30). */
const op = (n: number, aanvang: string, extra: Partial<V> = {}): V => ({ functieAdres: { code: 'W' }, adresseerbaarObjectIdentificatie: A(n), datumAanvangAdreshouding: aanvang, ...extra });
/** An adres without identificatiecode verblijfplaats (a niet-BAG adres). */
const zonderIdentificatie = (aanvang: string): V => ({ functieAdres: { code: 'W' }, straat: 'Spui', datumAanvangAdreshouding: aanvang });
/** 'de verblijfplaats is gewijzigd naar' an address abroad (13.10, 13.20). */
const buitenland = (aanvang: string, land = '5010'): V => ({ land: { code: land }, datumAanvangAdresBuitenland: aanvang });
/** 'heeft adres A<n> als briefadres opgegeven'. */
const briefadres = (n: number, aanvang: string): V => ({ ...op(n, aanvang), functieAdres: { code: 'B' } });
/** 'aanduiding in onderzoek (83.10) | datum ingang onderzoek (83.20) [| datum einde onderzoek (83.30)]'. */
const onderzoek = (aanduidingGegevensInOnderzoek: string, datumIngangOnderzoek: string, datumEindeOnderzoek?: string): Partial<V> =>
  ({ inOnderzoek: { aanduidingGegevensInOnderzoek, datumIngangOnderzoek, ...(datumEindeOnderzoek ? { datumEindeOnderzoek } : {}) } });
/** A persoonslijst whose voorkomens are given as the features list them: first ingeschreven first. */
const persoon = (bsn: string, chronologisch: V[], extra: Partial<StoredPersoonslijst> = {}): StoredPersoonslijst =>
  ({ burgerservicenummer: bsn, verblijfplaatsen: [...chronologisch].reverse(), ...extra });
/** 'er zijn <n> personen ingeschreven op adres A1': BSNs from <start> on. */
const personen = (n: number, start: number, aanvang: string): StoredPersoonslijst[] =>
  Array.from({ length: n }, (_, i) => persoon(String(start + i).padStart(9, '0'), [op(1, aanvang)]));
const opgeschort = (reden: string, datum = '20220829'): Partial<StoredPersoonslijst> => ({ opschortingBijhouding: { datum, reden: { code: reden } } });

/** The answer on the given persoonslijsten (answerBewoningen without HTTP). */
function vraag(pls: StoredPersoonslijst[], body: Obj): Obj[] {
  const a = answerBewoningen(body, { data: bewoningData(pls) });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  for (const b of a.body.bewoningen as Obj[]) expect(b.adresseerbaarObjectIdentificatie).toBe(body.adresseerbaarObjectIdentificatie);
  return a.body.bewoningen as Obj[];
}
const peildatum = (n: number, datum: string) => opPeildatum(A(n), datum);
const periode = (n: number, van: string, tot: string) => inPeriode(A(n), van, tot);
/** The one-day periode of a peildatum, as the features write it. */
const dag = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return `${iso} tot ${d.toISOString().slice(0, 10)}`;
};
/** What a peildatum answer says about one person: 'bewoner', 'mogelijk' or 'geen'. */
function soort(l: Obj[], bsn = '000000024'): string {
  if (l.length === 0) return 'geen';
  expect(l).toHaveLength(1);
  if (bsns(l[0].bewoners).includes(bsn)) return 'bewoner';
  if (bsns(l[0].mogelijkeBewoners).includes(bsn)) return 'mogelijk';
  return 'geen';
}

// --- raadpleeg-bewoning-op-peildatum ---------------------------------------------------------------------

describe('raadpleeg-bewoning-op-peildatum/overzicht.feature', () => {
  const achtergrond = [
    persoon('000000024', [op(1, '20100818'), op(2, '20160526'), buitenland('20230526')]),
    persoon('000000048', [op(1, '20140808')]),
  ];

  it('bewoning wordt gevraagd van een niet-bestaand/geregistreerd adresseerbaar object', () => {
    expect(vraag(achtergrond, opPeildatum('0800000000000003', '2010-08-17'))).toEqual([]);
  });

  it.each([
    ['peildatum valt in de adreshouding periode', '2010-09-01'],
    ['peildatum valt op de eerste dag van adreshouding periode', '2010-08-18'],
    ["peildatum valt op de laatste dag vóór adreshouding van persoon met burgerservicenummer '000000048'", '2014-08-07'],
  ])('persoon verbleef op het gevraagde adresseerbaar object en %s', (_s, p) => {
    expect(vraag(achtergrond, peildatum(1, p))).toEqual([{ adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: p, datumTot: dag(p).slice(-10) }, bewoners: [{ burgerservicenummer: '000000024' }], mogelijkeBewoners: [] }]);
  });

  it.each(['2014-08-08', '2015-01-01', '2016-05-25'])('meerdere personen verblijven/verbleven op de peildatum op het gevraagde adresseerbaar object (%s)', (p) => {
    expect(samenstellingen(vraag(achtergrond, peildatum(1, p)))).toEqual([[dag(p), ['000000024', '000000048'], []]]);
  });

  it('persoon verbleef op het gevraagde adresseerbaar object en peildatum valt vóór datum aanvang adreshouding', () => {
    expect(vraag(achtergrond, peildatum(1, '2010-08-17'))).toEqual([]);
  });

  it.each([['is geëmigreerd op de peildatum', '2023-05-26'], ['is geëmigreerd vóór de peildatum', '2023-06-01']])('persoon verbleef op het gevraagde adresseerbaar object en %s', (_s, p) => {
    expect(vraag(achtergrond, peildatum(2, p))).toEqual([]);
  });

  it('persoon verbleef op het gevraagde adresseerbaar object en is geëmigreerd na de peildatum', () => {
    expect(samenstellingen(vraag(achtergrond, peildatum(2, '2023-05-25')))).toEqual([[dag('2023-05-25'), ['000000024'], []]]);
  });
});

// Every Voorbeelden row: the voorkomens of 000000024 (adres and datum aanvang adreshouding, first one first),
// the asked adres, the peildatum, and what the person is on it.
const MOGELIJKE_BEWONER: [string, [string, string, string, string][]][] = [
  ["aanvang adreshouding is onbekend en peildatum ligt in de onzekerheidsperiode van de adreshouding", [
    ['A1 20100800', 'A1', '2010-08-01', 'mogelijk'],
    ['A1 20100800', 'A1', '2010-08-31', 'mogelijk'],
    ['A1 20100000', 'A1', '2010-01-01', 'mogelijk'],
    ['A1 20100000', 'A1', '2010-12-31', 'mogelijk'],
    ['A1 00000000', 'A1', '2000-01-01', 'mogelijk'],
  ]],
  ["aanvang adreshouding is deels onbekend en peildatum ligt vóór de onzekerheidsperiode van de adreshouding", [
    ['A1 20100800', 'A1', '2010-07-31', 'geen'],
    ['A1 20100000', 'A1', '2009-12-31', 'geen'],
  ]],
  ["aanvang adreshouding is deels onbekend en peildatum ligt na onzekerheidsperiode adreshouding", [
    ['A1 20100800', 'A1', '2010-09-01', 'bewoner'],
    ['A1 20100000', 'A1', '2011-01-01', 'bewoner'],
  ]],
  ["datum aanvang volgende adreshouding ligt na de onzekerheidsperiode van deels onbekende aanvang adreshouding en peildatum ligt in de onzekerheidsperiode", [
    ['A1 20100800 → A2 20101001', 'A1', '2010-08-31', 'mogelijk'],
    ['A1 20100000 → A2 20110201', 'A1', '2010-12-31', 'mogelijk'],
  ]],
  ["datum aanvang volgende adreshouding ligt na de onzekerheidsperiode van deels onbekende aanvang adreshouding en peildatum ligt op/na datum aanvang volgende adreshouding", [
    ['A1 20100800 → A2 20101001', 'A1', '2010-10-01', 'geen'],
    ['A1 20100000 → A2 20110201', 'A1', '2011-02-01', 'geen'],
  ]],
  ["datum aanvang volgende adreshouding ligt na de onzekerheidsperiode van deels onbekende aanvang adreshouding en peildatum ligt tussen de onzekerheidsperiode en datum aanvang volgende adreshouding", [
    ['A1 20100800 → A2 20101001', 'A1', '2010-09-01', 'bewoner'],
    ['A1 20100000 → A2 20110201', 'A1', '2011-01-01', 'bewoner'],
  ]],
  ["datum aanvang volgende adreshouding ligt in de onzekerheidsperiode van onbekende adreshouding en peildatum ligt vóór datum aanvang volgende adreshouding", [
    ['A1 20100800 → A2 20100821', 'A1', '2010-08-20', 'mogelijk'],
    ['A1 20100000 → A2 20101001', 'A1', '2010-09-30', 'mogelijk'],
    ['A1 00000000 → A2 20100101', 'A1', '2009-12-31', 'mogelijk'],
  ]],
  ["datum aanvang volgende adreshouding ligt in de onzekerheidsperiode van onbekende adreshouding en peildatum ligt op/na datum aanvang volgende adreshouding", [
    ['A1 20100800 → A2 20100821', 'A1', '2010-08-21', 'geen'],
    ['A1 20100800 → A2 20100821', 'A1', '2010-08-22', 'geen'],
    ['A1 20100000 → A2 20101001', 'A1', '2010-10-01', 'geen'],
    ['A1 20100000 → A2 20101001', 'A1', '2010-10-02', 'geen'],
    ['A1 00000000 → A2 20100101', 'A1', '2010-01-01', 'geen'],
    ['A1 00000000 → A2 20100101', 'A1', '2010-01-02', 'geen'],
  ]],
  ["datum aanvang adreshouding ligt niet in de onzekerheidsperiode van het deels onbekende aanvang volgend adreshouding en peildatum ligt in de onzekerheidsperiode van de volgende adreshouding", [
    ['A1 20100818 → A2 20160500', 'A1', '2016-05-01', 'mogelijk'],
    ['A1 20100818 → A2 20160500', 'A1', '2016-05-18', 'mogelijk'],
    ['A1 20100818 → A2 20160500', 'A1', '2016-05-31', 'mogelijk'],
    ['A1 20100818 → A2 20160000', 'A1', '2016-01-01', 'mogelijk'],
    ['A1 20100818 → A2 20160000', 'A1', '2016-05-18', 'mogelijk'],
    ['A1 20100818 → A2 20160000', 'A1', '2016-12-31', 'mogelijk'],
  ]],
  ["datum aanvang adreshouding ligt niet in de onzekerheidsperiode van het deels onbekende aanvang volgende adreshouding en peildatum ligt na de onzekerheidsperiode van de volgende adreshouding", [
    ['A1 20100818 → A2 20160500', 'A1', '2016-06-01', 'geen'],
    ['A1 20100818 → A2 20160000', 'A1', '2017-01-01', 'geen'],
  ]],
  ["datum aanvang adreshouding ligt niet in de onzekerheidsperiode van het deels onbekend aanvang volgende adreshouding en peildatum ligt vóór de onzekerheidsperiode van volgende adreshouding", [
    ['A1 20100818 → A2 20160500', 'A1', '2016-04-30', 'bewoner'],
    ['A1 20100818 → A2 20160000', 'A1', '2015-12-31', 'bewoner'],
  ]],
  ["onzekerheidsperiode van deels onbekende aanvang adreshouding overlapt onzekerheidsperiode van deels onbekende aanvang volgende adreshouding niet en peildatum ligt in één van de onzekerheidsperiodes", [
    ['A1 20100800 → A2 20101000', 'A1', '2010-08-20', 'mogelijk'],
    ['A1 20100800 → A2 20101000', 'A1', '2010-10-10', 'mogelijk'],
    ['A1 20100000 → A2 20111000', 'A1', '2010-09-30', 'mogelijk'],
    ['A1 20100000 → A2 20111000', 'A1', '2011-10-15', 'mogelijk'],
  ]],
  ["onzekerheidsperiode van deels onbekende aanvang adreshouding overlapt onzekerheidsperiode van deels onbekende aanvang volgende adreshouding niet en peildatum ligt na onzekerheidsperiode volgende adreshouding", [
    ['A1 20100800 → A2 20101000', 'A1', '2010-11-01', 'geen'],
    ['A1 20100800 → A2 20110000', 'A1', '2012-01-01', 'geen'],
    ['A1 20100000 → A2 20110200', 'A1', '2011-03-01', 'geen'],
    ['A1 20100000 → A2 20110000', 'A1', '2012-01-01', 'geen'],
  ]],
  ["onzekerheidsperiode van deels onbekende aanvang adreshouding overlapt onzekerheidsperiode van deels onbekende aanvang volgende adreshouding niet en peildatum ligt tussen de onzekerheidsperiodes", [
    ['A1 20100800 → A2 20101000', 'A1', '2010-09-01', 'bewoner'],
    ['A1 20100800 → A2 20110000', 'A1', '2010-12-31', 'bewoner'],
    ['A1 20100000 → A2 20111000', 'A1', '2011-01-30', 'bewoner'],
    ['A1 20100000 → A2 20120000', 'A1', '2011-10-15', 'bewoner'],
  ]],
  ["datum aanvang adreshouding ligt in de onzekerheidsperiode van het deels/geheel onbekende aanvang volgende adreshouding en peildatum ligt in de onzekerheidsperiode op/na datum aanvang adreshouding", [
    ['A1 20100818 → A2 20100800', 'A1', '2010-08-19', 'mogelijk'],
    ['A1 20100818 → A2 20100000', 'A1', '2010-08-19', 'mogelijk'],
    ['A1 20100818 → A2 00000000', 'A1', '2010-08-19', 'mogelijk'],
  ]],
  ["datum aanvang adreshouding ligt in de onzekerheidsperiode van het deels/geheel onbekende aanvang volgende adreshouding en peildatum ligt in de onzekerheidsperiode op datum aanvang adreshouding", [
    ['A1 20100818 → A2 20100800', 'A1', '2010-08-18', 'bewoner'],
    ['A1 20100818 → A2 20100000', 'A1', '2010-08-18', 'bewoner'],
    ['A1 20100818 → A2 00000000', 'A1', '2010-08-18', 'bewoner'],
  ]],
  ["datum aanvang adreshouding ligt in de onzekerheidsperiode van het deels onbekende aanvang volgende adreshouding en peildatum ligt na de onzekerheidperiode van volgende adreshouding", [
    ['A1 20100818 → A2 20100800', 'A1', '2010-09-01', 'geen'],
    ['A1 20100818 → A2 20100000', 'A1', '2011-01-01', 'geen'],
  ]],
  ["datum aanvang adreshouding ligt in de onzekerheidsperiode van het deels/geheel onbekende aanvang volgende adreshouding en peildatum ligt in de onzekerheidsperiode vóór datum aanvang adreshouding", [
    ['A1 20100818 → A2 20100800', 'A1', '2010-08-17', 'geen'],
    ['A1 20100818 → A2 20100000', 'A1', '2010-08-17', 'geen'],
    ['A1 20100818 → A2 00000000', 'A1', '2010-08-17', 'geen'],
  ]],
  ["persoon heeft onbekende aanvang adreshouding en deels/geheel overlappende onbekende aanvang volgende adreshouding en peildatum ligt tussen de eerste dag van de onzekerheidsperiode adreshouding en laatste dag van de onzekerheidsperiode volgende adreshouding", [
    ['A1 20100800 → A2 20100000', 'A1', '2010-08-01', 'mogelijk'],
    ['A1 20100800 → A2 20100000', 'A1', '2010-12-31', 'mogelijk'],
    ['A1 20100000 → A2 20100800', 'A1', '2010-01-01', 'mogelijk'],
    ['A1 20100000 → A2 20100800', 'A1', '2010-08-31', 'mogelijk'],
    ['A1 00000000 → A2 20100000', 'A1', '2010-12-31', 'mogelijk'],
    ['A1 20100000 → A2 00000000', 'A1', '2010-01-01', 'mogelijk'],
    ['A1 20100000 → A2 00000000', 'A1', '2011-01-01', 'mogelijk'],
  ]],
  ["persoon heeft onbekende aanvang adreshouding en deels/geheel overlappend onbekende aanvang volgende adreshouding en peildatum ligt of vóór de onzekerheidsperiode gevraagde adreshouding of na de onzekerheidsperiode volgende adreshouding", [
    ['A1 20100800 → A2 20100000', 'A1', '2010-07-31', 'geen'],
    ['A1 20100800 → A2 20100000', 'A1', '2011-01-01', 'geen'],
    ['A1 20100000 → A2 20100800', 'A1', '2009-12-31', 'geen'],
    ['A1 20100000 → A2 20100800', 'A1', '2010-09-01', 'geen'],
    ['A1 00000000 → A2 20100000', 'A1', '2011-01-01', 'geen'],
    ['A1 20100000 → A2 00000000', 'A1', '2009-12-31', 'geen'],
  ]],
  ["datum aanvang vorige adreshouding ligt vóór onzekerheidsperiode van deels onbekende aanvang adreshouding en peildatum ligt in de onzekerheidsperiode van gevraagde adreshouding", [
    ['A1 20100101 → A2 20100800', 'A1', '2010-08-01', 'mogelijk'],
    ['A1 20091001 → A2 20100000', 'A1', '2010-01-01', 'mogelijk'],
  ]],
  ["datum aanvang vorige adreshouding ligt vóór onzekerheidsperiode van deels onbekende aanvang adreshouding en peildatum ligt vóór de onzekerheidsperiode van gevraagde adreshouding", [
    ['A1 20100101 → A2 20100800', 'A2', '2010-07-31', 'geen'],
    ['A1 20091001 → A2 20100000', 'A2', '2009-12-31', 'geen'],
  ]],
  ["datum aanvang vorige adreshouding ligt in onzekerheidsperiode van onbekende aanvang adreshouding en peildatum ligt in de onzekerheidsperiode van gevraagde adreshouding na datum aanvang vorige adreshouding", [
    ['A1 20100810 → A2 20100800', 'A2', '2010-08-11', 'mogelijk'],
    ['A1 20100501 → A2 20100000', 'A2', '2010-05-02', 'mogelijk'],
    ['A1 20101014 → A2 00000000', 'A2', '2010-10-15', 'mogelijk'],
  ]],
  ["datum aanvang vorige adreshouding ligt in onzekerheidsperiode van onbekende aanvang adreshouding en peildatum ligt in de onzekerheidsperiode van gevraagde adreshouding op of vóór datum aanvang vorige adreshouding", [
    ['A1 20100810 → A2 20100800', 'A2', '2010-08-10', 'geen'],
    ['A1 20100810 → A2 20100800', 'A2', '2010-08-09', 'geen'],
    ['A1 20100501 → A2 20100000', 'A2', '2010-05-01', 'geen'],
    ['A1 20100501 → A2 20100000', 'A2', '2010-04-30', 'geen'],
    ['A1 20101014 → A2 00000000', 'A2', '2010-10-14', 'geen'],
    ['A1 20101014 → A2 00000000', 'A2', '2010-10-13', 'geen'],
  ]],
  ["onzekerheidsperiode van deels onbekende aanvang adreshouding overlapt onzekerheidsperiode van deels onbekende aanvang vorige adreshouding niet en peildatum ligt in de onzekerheidsperiode van gevraagde adreshouding", [
    ['A1 20100800 → A2 20101000', 'A2', '2010-10-31', 'mogelijk'],
    ['A1 20100800 → A2 20110000', 'A2', '2011-12-31', 'mogelijk'],
    ['A1 20100000 → A2 20110200', 'A2', '2011-02-01', 'mogelijk'],
    ['A1 20100000 → A2 20110000', 'A2', '2011-12-31', 'mogelijk'],
  ]],
  ["onzekerheidsperiode van deels onbekende aanvang adreshouding overlapt onzekerheidsperiode van deels onbekende aanvang vorige adreshouding niet en peildatum ligt vóór de onzekerheidsperiode van gevraagde adreshouding", [
    ['A1 20100800 → A2 20101000', 'A2', '2010-09-30', 'geen'],
    ['A1 20100800 → A2 20110000', 'A2', '2010-12-31', 'geen'],
    ['A1 20100800 → A2 20101000', 'A2', '2010-08-31', 'geen'],
    ['A1 20100800 → A2 20110000', 'A2', '2010-08-31', 'geen'],
    ['A1 20100000 → A2 20110200', 'A2', '2011-01-31', 'geen'],
    ['A1 20100000 → A2 20110000', 'A2', '2010-12-31', 'geen'],
    ['A1 20100000 → A2 20110200', 'A2', '2011-01-31', 'geen'],
    ['A1 20100000 → A2 20110000', 'A2', '2010-12-31', 'geen'],
  ]],
  ["onzekerheidsperiode van adreshouding komt overeen met onzekerheidsperiode van vorige adreshouding en peildatum ligt in de onzekerheidsperiode", [
    ['A1 00000000 → A2 00000000', 'A2', '2010-08-31', 'mogelijk'],
    ['A1 20100000 → A2 20100000', 'A2', '2010-01-01', 'mogelijk'],
    ['A1 20100500 → A2 20100500', 'A2', '2010-05-01', 'mogelijk'],
  ]],
  ["onzekerheidsperiode van adreshouding komt overeen met onzekerheidsperiode van vorige adreshouding en peildatum ligt vóór de onzekerheidsperiode", [
    ['A1 20100000 → A2 20100000', 'A2', '2009-12-31', 'geen'],
    ['A1 20100500 → A2 20100500', 'A2', '2010-04-30', 'geen'],
  ]],
  ["onzekerheidsperiode van adreshouding overlapt onzekerheidsperiode van vorige adreshouding geheel en peildatum ligt op/na de eerste dag van de onzekerheidsperiode van vorige adreshouding", [
    ['A1 20100000 → A2 00000000', 'A2', '2010-01-01', 'mogelijk'],
    ['A1 20100000 → A2 00000000', 'A2', '2011-01-01', 'mogelijk'],
    ['A1 20100500 → A2 00000000', 'A2', '2010-05-01', 'mogelijk'],
    ['A1 20100500 → A2 20100000', 'A2', '2010-06-01', 'mogelijk'],
  ]],
  ["onzekerheidsperiode van adreshouding overlapt onzekerheidsperiode van vorige adreshouding geheel en peildatum ligt vóór de onzekerheidsperiode van vorige adreshouding", [
    ['A1 20100000 → A2 00000000', 'A2', '2009-12-31', 'geen'],
    ['A1 20100500 → A2 00000000', 'A2', '2010-04-30', 'geen'],
    ['A1 20100500 → A2 20100000', 'A2', '2010-04-30', 'geen'],
  ]],
  ["onzekerheidsperiode van adreshouding overlapt onzekerheidsperiode van vorige adreshouding deels en peildatum ligt in de onzekerheidsperiode van de gevraagde adreshouding", [
    ['A1 00000000 → A2 20100000', 'A2', '2010-01-01', 'mogelijk'],
    ['A1 00000000 → A2 20100500', 'A2', '2010-05-01', 'mogelijk'],
    ['A1 20100000 → A2 20100800', 'A2', '2010-08-01', 'mogelijk'],
  ]],
  ["onzekerheidsperiode van adreshouding overlapt onzekerheidsperiode van vorige adreshouding deels en peildatum ligt vóór de onzekerheidsperiode van de gevraagde adreshouding", [
    ['A1 00000000 → A2 20100000', 'A2', '2009-12-31', 'geen'],
    ['A1 00000000 → A2 20100500', 'A2', '2010-04-30', 'geen'],
    ['A1 20100000 → A2 20100800', 'A2', '2010-07-31', 'geen'],
  ]],
];

describe('raadpleeg-bewoning-op-peildatum/mogelijke-bewoner.feature', () => {
  const gevallen = MOGELIJKE_BEWONER.flatMap(([scenario, rijen]) => rijen.map((r) => [scenario, ...r] as const));
  it('transcribes all 113 Voorbeelden rows', () => expect(gevallen).toHaveLength(113));

  it.each(gevallen)('%s: %s, gevraagd %s, peildatum %s → %s', (_scenario, voorkomens, gevraagd, p, verwacht) => {
    const pl = persoon('000000024', voorkomens.split(' → ').map((v) => op(Number(v[1]), v.slice(3))));
    const l = vraag([pl], peildatum(Number(gevraagd[1]), p));
    expect(soort(l)).toBe(verwacht);
    if (l.length > 0) expect(l[0].periode).toEqual({ datumVan: p, datumTot: dag(p).slice(-10) });
  });
});

describe('raadpleeg-bewoning-op-peildatum/geheimhouding.feature', () => {
  const met = (aanvang: string, geheim: string) => [persoon('000000024', [op(1, aanvang), op(2, '20160526')], { geheimhoudingPersoonsgegevens: geheim })];

  it('een persoon zonder geheimhouding is op de peildatum ingeschreven op het aangegeven adresseerbaar object', () => {
    expect(vraag(met('20100818', '0'), peildatum(1, '2010-09-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024' }]);
  });

  it('een persoon zonder geheimhouding en met onbekend datum aanvang adreshouding op het aangegeven adresseerbaar object en de peildatum valt in de onzekerheidsperiode', () => {
    expect(vraag(met('20100800', '0'), peildatum(1, '2010-08-18'))[0]).toMatchObject({ bewoners: [], mogelijkeBewoners: [{ burgerservicenummer: '000000024' }] });
  });

  it.each(['1', '2', '3', '4', '5', '6', '7'])('een persoon met indicatie geheim %s, is op de peildatum ingeschreven op het aangegeven adresseerbaar object', (geheim) => {
    expect(vraag(met('20100818', geheim), peildatum(1, '2010-09-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024', geheimhoudingPersoonsgegevens: true }]);
  });

  it.each(['1', '2', '3', '4', '5', '6', '7'])('een persoon met indicatie geheim %s en met onbekend datum aanvang adreshouding op het aangegeven adresseerbaar object en de peildatum valt in de onzekerheidsperiode', (geheim) => {
    expect(vraag(met('20100800', geheim), peildatum(1, '2010-08-18'))[0].mogelijkeBewoners).toEqual([{ burgerservicenummer: '000000024', geheimhoudingPersoonsgegevens: true }]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/in-onderzoek.feature', () => {
  const actueel = (aanduiding: string, einde?: string) => [persoon('000000024', [op(1, '20100818', onderzoek(aanduiding, '20200401', einde))])];
  const vorige = (aanduiding: string) => [persoon('000000024', [op(1, '20100818', onderzoek(aanduiding, '20200401')), op(2, '20210526')])];
  const bewoner = (l: Obj[]) => l[0].bewoners;
  const IN_ONDERZOEK = [{ burgerservicenummer: '000000024', inOnderzoek: true }];
  const NIET = [{ burgerservicenummer: '000000024' }];

  it.each(['080000', '081000', '081030', '081100', '081180', '081010'])("'%s' is in onderzoek", (a) => {
    expect(bewoner(vraag(actueel(a), peildatum(1, '2020-04-15')))).toEqual(IN_ONDERZOEK);
  });

  it.each(['580000', '581000', '581010', '581030', '581100', '581180'])("'%s' van vorige verblijfplaats is in onderzoek", (a) => {
    expect(bewoner(vraag(vorige(a), peildatum(1, '2020-04-15')))).toEqual(IN_ONDERZOEK);
  });

  it.each(['080900', '080910', '080920', '081110', '081115', '081190', '081200', '081400', '081410', '081420', '088500', '088510'])("'%s' is in onderzoek (geen inOnderzoek)", (a) => {
    expect(bewoner(vraag(actueel(a), peildatum(1, '2020-04-15')))).toEqual(NIET);
  });

  it.each(['580900', '580910', '580920', '581110', '581115', '581190', '581200', '581400'])("'%s' van vorige verblijfplaats is in onderzoek (geen inOnderzoek)", (a) => {
    expect(bewoner(vraag(vorige(a), peildatum(1, '2020-04-15')))).toEqual(NIET);
  });

  it("onderzoek aanduiding 'vastgesteld verblijft niet meer op adres' wordt niet geleverd", () => {
    const pl = persoon('000000024', [op(1, '20100818', onderzoek('089999', '20220401'))]);
    expect(bewoner(vraag([pl], peildatum(1, '2021-07-01')))).toEqual(NIET);
  });

  it("onderzoek aanduiding 'vastgesteld verblijft niet meer op adres' op vorige verblijfplaats wordt niet geleverd", () => {
    const pl = persoon('000000024', [op(1, '20100818', onderzoek('589999', '20210730')), op(2, '20210803')]);
    expect(bewoner(vraag([pl], peildatum(1, '2021-07-01')))).toEqual(NIET);
  });

  it.each(['2020-03-31', '2020-04-01', '2020-05-01'])("'hele categorie verblijfplaats' is in onderzoek en de peildatum (%s) ligt vóór, op of na datum ingang onderzoek", (p) => {
    expect(bewoner(vraag(actueel('080000'), peildatum(1, p)))).toEqual(IN_ONDERZOEK);
  });

  it.each(['2020-03-31', '2020-04-01', '2020-05-01', '2020-08-01'])("het in onderzoek zijn van 'hele categorie verblijfplaats' is beëindigd en de peildatum is %s", (p) => {
    expect(bewoner(vraag(actueel('080000', '20200801'), peildatum(1, p)))).toEqual(NIET);
  });
});

describe('raadpleeg-bewoning-op-peildatum/opschorting-bijhouding.feature', () => {
  it.each([['persoon heeft afgevoerde persoonslijst', 'F'], ['persoon is opgeschort met reden "W" (wissen)', 'W']])('%s', (_s, reden) => {
    expect(vraag([persoon('000000024', [op(1, '20100818')], opgeschort(reden))], peildatum(1, '2010-09-01'))).toEqual([]);
  });

  it.each(['O', 'E', 'M', 'R', '.'])('persoon is opgeschort met reden "%s" en peildatum ligt vóór datum opschorting bijhouding', (reden) => {
    expect(samenstellingen(vraag([persoon('000000024', [op(1, '20100818')], opgeschort(reden))], peildatum(1, '2022-08-28')))).toEqual([[dag('2022-08-28'), ['000000024'], []]]);
  });

  it.each(['O', 'E', 'M', 'R', '.'].flatMap((r) => [[r, '2022-08-29'], [r, '2022-09-01']]))('persoon is opgeschort met reden "%s" en peildatum (%s) ligt op of na datum opschorting bijhouding', (reden, p) => {
    expect(vraag([persoon('000000024', [op(1, '20100818')], opgeschort(reden))], peildatum(1, p))).toEqual([]);
  });

  it('a W persoonslijst beside the actual one of the same BSN is not used; the actual one is', () => {
    const pls = [persoon('000000024', [op(2, '20100818')], opgeschort('W')), persoon('000000024', [op(1, '20100818')])];
    expect(vraag(pls, peildatum(2, '2020-01-01'))).toEqual([]);
    expect(samenstellingen(vraag(pls, peildatum(1, '2020-01-01')))).toEqual([[dag('2020-01-01'), ['000000024'], []]]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/veel-bewoners.feature', () => {
  const veel = (l: Obj[]) => {
    expect(l).toHaveLength(1);
    return l[0];
  };
  const INDICATIE = { adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: '2020-08-18', datumTot: '2020-08-19' }, bewoners: [], mogelijkeBewoners: [], indicatieVeelBewoners: true };

  it('adresseerbaar object heeft op de gevraagde peildatum 101 bewoners', () => {
    expect(veel(vraag(personen(101, 1, '20200818'), peildatum(1, '2020-08-18')))).toEqual(INDICATIE);
  });

  it('adresseerbaar object heeft op de gevraagde peildatum 101 mogelijke bewoners', () => {
    expect(veel(vraag(personen(101, 1, '20200800'), peildatum(1, '2020-08-18')))).toEqual(INDICATIE);
  });

  it('adresseerbaar object heeft op de gevraagde peildatum in totaal 101 bewoners en mogelijke bewoners', () => {
    expect(veel(vraag([...personen(81, 1, '20200818'), ...personen(20, 101, '20200800')], peildatum(1, '2020-08-18')))).toEqual(INDICATIE);
  });

  it('adresseerbaar object heeft op de gevraagde peildatum 100 bewoners', () => {
    const b = veel(vraag(personen(100, 1, '20200818'), peildatum(1, '2020-08-18')));
    expect([b.bewoners.length, b.mogelijkeBewoners.length, b.indicatieVeelBewoners]).toEqual([100, 0, undefined]);
  });

  it('adresseerbaar object heeft op de gevraagde peildatum in totaal 100 bewoners en mogelijke bewoners', () => {
    const b = veel(vraag([...personen(80, 1, '20200818'), ...personen(20, 101, '20200800')], peildatum(1, '2020-08-18')));
    expect([b.bewoners.length, b.mogelijkeBewoners.length, b.indicatieVeelBewoners]).toEqual([80, 20, undefined]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/nevenadres.feature', () => {
  it('een persoon staat ingeschreven op het nevenadres', () => {
    // A1 and A2 share identificatiecode verblijfplaats 0800010000000001 (other nummeraanduidingen).
    const pls = [persoon('000000024', [op(1, '20220818', { nummeraanduidingIdentificatie: '0800200010877405' })]), persoon('000000048', [op(1, '20220818', { nummeraanduidingIdentificatie: '0800200022197986' })])];
    expect(samenstellingen(vraag(pls, peildatum(1, '2023-01-01')))).toEqual([[dag('2023-01-01'), ['000000024', '000000048'], []]]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/infrastructureel-gewijzigd.feature', () => {
  // 'adres A1 is op 2022-05-01 geactualiseerd' with BAG identificaties: a new voorkomen, aangifte T.
  const geactualiseerd = [persoon('000000024', [zonderIdentificatie('20100818'), op(1, '20220501', { aangifteAdreshouding: 'T' })])];
  // 'A1 is op 2022-05-01 samengevoegd tot A2': a new voorkomen on A2, aangifte W.
  const samengevoegd = [persoon('000000024', [op(1, '20100818'), op(2, '20220501', { aangifteAdreshouding: 'W' })])];
  // 'A1 is gesplitst in A2 en A3': each person ingeschreven on one of them, aangifte W.
  const gesplitst = [
    persoon('000000024', [op(1, '20100818'), op(2, '20220501', { aangifteAdreshouding: 'W' })]),
    persoon('000000048', [op(1, '20100818'), op(3, '20220501', { aangifteAdreshouding: 'W' })]),
  ];

  it.each(['2023-01-01', '2022-05-01'])('peildatum (%s) valt op of na het toevoegen van BAG identificaties aan het gevraagde adresseerbaar object', (p) => {
    expect(samenstellingen(vraag(geactualiseerd, peildatum(1, p)))).toEqual([[dag(p), ['000000024'], []]]);
  });

  it('peildatum valt vóór het toevoegen van BAG identificaties aan het gevraagde adresseerbaar object', () => {
    expect(vraag(geactualiseerd, peildatum(1, '2022-04-30'))).toEqual([]);
  });

  it('het gevraagde adresseerbaar object is overgegaan in een samenvoeging en peildatum ligt na datum samenvoeging', () => {
    expect(vraag(samengevoegd, peildatum(1, '2023-01-01'))).toEqual([]);
  });

  it('het gevraagde adresseerbaar object is ontstaan uit een samenvoeging en peildatum ligt vóór de samenvoeging', () => {
    expect(vraag(samengevoegd, peildatum(2, '2022-01-01'))).toEqual([]);
  });

  it('het gevraagde adresseerbaar object is gesplitst en de peildatum ligt na datum splitsing', () => {
    expect(vraag(gesplitst, peildatum(1, '2023-01-01'))).toEqual([]);
  });

  it.each([2, 3])('bewoning wordt gevraagd van een adresseerbaar object dat is ontstaan uit splitsing (A%s) en de peildatum ligt vóór datum splitsing', (n) => {
    expect(vraag(gesplitst, peildatum(n, '2022-01-01'))).toEqual([]);
  });
});

// --- raadpleeg-bewoning-met-periode ----------------------------------------------------------------------

describe('raadpleeg-bewoning-met-periode/overzicht.feature', () => {
  it('bewoning wordt gevraagd voor een periode dat ligt binnen het verblijf periode van meerdere personen op het adresseerbaar object', () => {
    const pls = [
      persoon('000000012', [op(1, '20100818')]),
      persoon('000000024', [op(1, '20100818')]),
      persoon('000000048', [op(1, '20200000')]),
      persoon('000000072', [op(1, '00000000')]),
    ];
    expect(samenstellingen(vraag(pls, periode(1, '2020-01-01', '2021-07-01')))).toEqual([
      ['2020-01-01 tot 2021-01-01', ['000000012', '000000024'], ['000000048', '000000072']],
      ['2021-01-01 tot 2021-07-01', ['000000012', '000000024', '000000048'], ['000000072']],
    ]);
  });

  it('bewoning wordt gevraagd voor een periode dat ligt na het laatste verblijf', () => {
    expect(vraag([persoon('000000024', [op(1, '20100818'), op(2, '20160526')])], periode(1, '2020-01-01', '2021-01-01'))).toEqual([]);
  });

  it('bewoning wordt gevraagd voor een periode dat deels vóór de verblijf periode van een persoon op het adresseerbaar object ligt', () => {
    expect(vraag([persoon('000000024', [op(1, '20200818')])], periode(1, '2020-01-01', '2021-01-01'))).toEqual([
      { adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: '2020-08-18', datumTot: '2021-01-01' }, bewoners: [{ burgerservicenummer: '000000024' }], mogelijkeBewoners: [] },
    ]);
  });

  it('bewoning wordt gevraagd voor een periode waarbinnen er eerst een tweede bewoner komt wonen en daarna de oorspronkelijke bewoner vertrekt', () => {
    const pls = [persoon('000000012', [op(1, '20170818'), op(2, '20201103')]), persoon('000000024', [op(1, '20200526')])];
    expect(samenstellingen(vraag(pls, periode(1, '2020-01-01', '2021-01-01')))).toEqual([
      ['2020-01-01 tot 2020-05-26', ['000000012'], []],
      ['2020-05-26 tot 2020-11-03', ['000000012', '000000024'], []],
      ['2020-11-03 tot 2021-01-01', ['000000024'], []],
    ]);
  });
});

describe('raadpleeg-bewoning-met-periode/geheimhouding.feature', () => {
  const met = (aanvang: string, geheim: string) => [persoon('000000024', [op(1, aanvang), op(2, '20160526')], { geheimhoudingPersoonsgegevens: geheim })];

  it('een persoon zonder geheimhouding is in de gevraagde periode ingeschreven op het aangegeven adresseerbaar object', () => {
    expect(vraag(met('20100818', '0'), periode(1, '2010-09-01', '2011-01-01'))).toEqual([
      { adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: '2010-09-01', datumTot: '2011-01-01' }, bewoners: [{ burgerservicenummer: '000000024' }], mogelijkeBewoners: [] },
    ]);
  });

  it('een persoon zonder geheimhouding en met onbekend datum aanvang adreshouding op het aangegeven adresseerbaar object en de gevraagde periode valt in de onzekerheidsperiode', () => {
    expect(samenstellingen(vraag(met('20100800', '0'), periode(1, '2010-08-01', '2010-08-31')))).toEqual([['2010-08-01 tot 2010-08-31', [], ['000000024']]]);
  });

  it.each(['1', '7'])('een persoon met indicatie geheim %s, is in de gevraagde periode ingeschreven op het aangegeven adresseerbaar object', (geheim) => {
    expect(vraag(met('20100818', geheim), periode(1, '2010-09-01', '2011-01-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024', geheimhoudingPersoonsgegevens: true }]);
  });

  it.each(['1', '7'])('een persoon met indicatie geheim %s en met onbekend datum aanvang adreshouding op het aangegeven adresseerbaar object en de gevraagde periode valt in de onzekerheidsperiode', (geheim) => {
    const l = vraag(met('20100000', geheim), periode(1, '2010-08-18', '2011-01-01'));
    expect(l).toHaveLength(1);
    expect(l[0]).toMatchObject({ periode: { datumVan: '2010-08-18', datumTot: '2011-01-01' }, bewoners: [], mogelijkeBewoners: [{ burgerservicenummer: '000000024', geheimhoudingPersoonsgegevens: true }] });
  });
});

describe('raadpleeg-bewoning-met-periode/in-onderzoek.feature', () => {
  const pl = (aanduiding: string, ingang = '20200401', einde?: string) => [persoon('000000024', [op(1, '20100818', onderzoek(aanduiding, ingang, einde))])];

  it.each(['080000', '081030', '081180'])("'%s' is in onderzoek", (a) => {
    expect(vraag(pl(a), periode(1, '2020-01-01', '2021-07-01'))).toEqual([
      { adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: '2020-01-01', datumTot: '2021-07-01' }, bewoners: [{ burgerservicenummer: '000000024', inOnderzoek: true }], mogelijkeBewoners: [] },
    ]);
  });

  it.each(['080910', '081110', '088510'])("'%s' is in onderzoek (geen inOnderzoek)", (a) => {
    expect(vraag(pl(a), periode(1, '2020-01-01', '2021-07-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024' }]);
  });

  it("onderzoek aanduiding 'vastgesteld verblijft niet meer op adres' wordt niet geleverd", () => {
    expect(vraag(pl('089999', '20220401'), periode(1, '2020-01-01', '2021-07-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024' }]);
  });

  it("het in onderzoek zijn van 'hele categorie verblijfplaats' is beëindigd", () => {
    expect(vraag(pl('080000', '20200401', '20200801'), periode(1, '2020-01-01', '2021-07-01'))[0].bewoners).toEqual([{ burgerservicenummer: '000000024' }]);
  });
});

describe('raadpleeg-bewoning-met-periode/veel-bewoners.feature', () => {
  const INDICATIE = { adresseerbaarObjectIdentificatie: A(1), periode: { datumVan: '2020-08-18', datumTot: '2021-01-01' }, bewoners: [], mogelijkeBewoners: [], indicatieVeelBewoners: true };

  it('adresseerbaar object heeft in de gevraagde periode 101 bewoners', () => {
    expect(vraag(personen(101, 1, '20200818'), periode(1, '2020-08-18', '2021-01-01'))).toEqual([INDICATIE]);
  });

  it('adresseerbaar object heeft in de gevraagde periode 101 mogelijke bewoners (who become bewoners on 2020-09-01: still one bewoning)', () => {
    expect(vraag(personen(101, 1, '20200800'), periode(1, '2020-08-18', '2021-01-01'))).toEqual([INDICATIE]);
  });

  it('adresseerbaar object heeft in de gevraagde periode in totaal 101 bewoners en mogelijke bewoners', () => {
    expect(vraag([...personen(81, 1, '20200818'), ...personen(20, 101, '20200800')], periode(1, '2020-08-18', '2021-01-01'))).toEqual([INDICATIE]);
  });

  it('adresseerbaar object heeft in de gevraagde periode 100 bewoners', () => {
    const l = vraag(personen(100, 1, '20200818'), periode(1, '2020-08-18', '2021-01-01'));
    expect(l.map((b) => [b.bewoners.length, b.mogelijkeBewoners.length, b.indicatieVeelBewoners])).toEqual([[100, 0, undefined]]);
  });

  it('adresseerbaar object heeft in de gevraagde periode in totaal 100 bewoners en mogelijke bewoners', () => {
    const l = vraag([...personen(80, 1, '20200818'), ...personen(20, 101, '20200800')], periode(1, '2020-08-18', '2020-09-01'));
    expect(l.map((b) => [b.bewoners.length, b.mogelijkeBewoners.length, b.indicatieVeelBewoners])).toEqual([[80, 20, undefined]]);
  });
});

// --- rules of the GBA variant's feature files that hold for the public API as well ---------------------

describe('raadpleeg-bewoning-met-periode/gba/bewoning-samenstellingen-gba.feature', () => {
  const achtergrond = [
    persoon('000000012', [op(1, '20170210'), op(2, '20211208'), op(3, '20220601')]),
    persoon('000000024', [op(1, '20100818'), op(2, '20220201'), op(3, '20220401')]),
    persoon('000000048', [op(1, '20181026'), op(2, '20220401'), op(3, '20220801')]),
    persoon('000000061', [op(1, '20181026'), op(2, '20221001'), op(3, '20221201'), op(2, '20230201')]),
    persoon('000000073', [op(1, '20190403'), op(2, '20221001')]),
  ];
  const in2 = (van: string, tot: string) => samenstellingen(vraag(achtergrond, periode(2, van, tot)));

  it('een nieuwe bewoner (000000024) verhuist naar het adres in de gevraagde periode, wordt dit een extra bewoning', () => {
    expect(in2('2022-01-01', '2022-03-01')).toEqual([['2022-01-01 tot 2022-02-01', ['000000012'], []], ['2022-02-01 tot 2022-03-01', ['000000012', '000000024'], []]]);
  });

  it('een bewoner (000000012) vertrekt in de gevraagde periode, wordt dit een nieuwe bewoning', () => {
    expect(in2('2022-05-01', '2022-07-01')).toEqual([['2022-05-01 tot 2022-06-01', ['000000012', '000000048'], []], ['2022-06-01 tot 2022-07-01', ['000000048'], []]]);
  });

  it('een bewoner (000000061) vertrekt en komt daarna weer op hetzelfde adres te wonen', () => {
    expect(in2('2022-11-01', '2023-03-01')).toEqual([
      ['2022-11-01 tot 2022-12-01', ['000000061', '000000073'], []],
      ['2022-12-01 tot 2023-02-01', ['000000073'], []],
      ['2023-02-01 tot 2023-03-01', ['000000061', '000000073'], []],
    ]);
  });

  it('een bewoner (000000024) vertrekt op dezelfde dag dat een andere bewoner (000000048) op het adres komt wonen', () => {
    expect(in2('2022-03-01', '2022-05-01')).toEqual([['2022-03-01 tot 2022-04-01', ['000000012', '000000024'], []], ['2022-04-01 tot 2022-05-01', ['000000012', '000000048'], []]]);
  });

  it('tijdelijk is er geen enkele bewoner in de periode, dus is er geen bewoning voor de periode zonder bewoners', () => {
    expect(in2('2022-07-01', '2022-11-01')).toEqual([['2022-07-01 tot 2022-08-01', ['000000048'], []], ['2022-10-01 tot 2022-11-01', ['000000061', '000000073'], []]]);
  });

  it.each([
    ['datumTot van de gevraagde periode is gelijk aan de datum dat een bewoner (000000024) er is komen wonen', '2022-01-01', '2022-02-01', [['2022-01-01 tot 2022-02-01', ['000000012'], []]]],
    ['datumTot van de gevraagde periode is 1 dag later dan de datum dat een bewoner (000000024) er is komen wonen', '2022-01-01', '2022-02-02', [['2022-01-01 tot 2022-02-01', ['000000012'], []], ['2022-02-01 tot 2022-02-02', ['000000012', '000000024'], []]]],
    ['datumTot van de gevraagde periode is gelijk aan de datum (2022-06-01) dat een bewoner (000000012) is vertrokken naar een ander adres', '2022-05-01', '2022-06-01', [['2022-05-01 tot 2022-06-01', ['000000012', '000000048'], []]]],
    ['datumTot van de gevraagde periode is 1 dag nadat een bewoner (000000012) is vertrokken naar een ander adres', '2022-05-01', '2022-06-02', [['2022-05-01 tot 2022-06-01', ['000000012', '000000048'], []], ['2022-06-01 tot 2022-06-02', ['000000048'], []]]],
    ['datumVan van de gevraagde periode is gelijk aan de datum dat een bewoner (000000012) is vertrokken naar een ander adres', '2022-06-01', '2022-07-01', [['2022-06-01 tot 2022-07-01', ['000000048'], []]]],
    ['datumVan van de gevraagde periode is 1 dag voor de datum dat een bewoner (000000012) is vertrokken naar een ander adres', '2022-05-31', '2022-07-01', [['2022-05-31 tot 2022-06-01', ['000000012', '000000048'], []], ['2022-06-01 tot 2022-07-01', ['000000048'], []]]],
  ])('%s', (_s, van, tot, verwacht) => {
    expect(in2(van, tot)).toEqual(verwacht);
  });

  it('Adres ligt in samengevoegde gemeente en periode overlapt het moment van samenvoegen (one bewoning)', () => {
    const pl = persoon('000000085', [{ ...op(1, '20100818'), adresseerbaarObjectIdentificatie: '9999010000000006' }]);
    expect(samenstellingen(vraag([pl], inPeriode('9999010000000006', '2023-05-01', '2023-06-01')))).toEqual([['2023-05-01 tot 2023-06-01', ['000000085'], []]]);
  });

  it('meerdere aaneensluitende verblijfplaatsen op hetzelfde adresseerbaar object, met dezelfde (mede)bewoners, wordt als één bewoning geleverd (a technische wijziging on the same object)', () => {
    const pl = persoon('000000085', [op(1, '20100818'), op(1, '20230526', { aangifteAdreshouding: 'T' })]);
    expect(samenstellingen(vraag([pl], periode(1, '2023-05-01', '2023-06-01')))).toEqual([['2023-05-01 tot 2023-06-01', ['000000085'], []]]);
  });
});

describe('raadpleeg-bewoning-met-periode/gba/bewoning-samenstellingen-mogelijke-bewoners-gba.feature', () => {
  const in2 = (pls: StoredPersoonslijst[], van: string, tot: string) => samenstellingen(vraag(pls, periode(2, van, tot)));
  const twaalf = persoon('000000012', [op(2, '20080526')]);

  it('Datum aanvang is onbekend en periode begint in de onzekerheidsperiode en loopt door na de onzekerheidsperiode', () => {
    expect(in2([twaalf, persoon('000000024', [op(1, '20010410'), op(2, '20100000')])], '2010-07-01', '2012-03-01')).toEqual([
      ['2010-07-01 tot 2011-01-01', ['000000012'], ['000000024']],
      ['2011-01-01 tot 2012-03-01', ['000000012', '000000024'], []],
    ]);
  });

  it('Datum aanvang is onbekend en periode begint voor de onzekerheidsperiode en loopt door na de onzekerheidsperiode', () => {
    expect(in2([twaalf, persoon('000000024', [op(1, '20010410'), op(2, '20100000')])], '2009-12-01', '2012-03-01')).toEqual([
      ['2009-12-01 tot 2010-01-01', ['000000012'], []],
      ['2010-01-01 tot 2011-01-01', ['000000012'], ['000000024']],
      ['2011-01-01 tot 2012-03-01', ['000000012', '000000024'], []],
    ]);
  });

  it('Datum aanvang is onbekend en aanvang vorige verblijf ligt in de onzekerheidsperiode', () => {
    expect(in2([twaalf, persoon('000000024', [op(1, '20100410'), op(2, '20100000')])], '2010-03-01', '2012-03-01')).toEqual([
      ['2010-03-01 tot 2010-04-11', ['000000012'], []],
      ['2010-04-11 tot 2011-01-01', ['000000012'], ['000000024']],
      ['2011-01-01 tot 2012-03-01', ['000000012', '000000024'], []],
    ]);
  });

  it('Datum aanvang volgende verblijfplaats is onbekend en periode loopt door tot in / tot na de onzekerheidsperiode', () => {
    const pls = [twaalf, persoon('000000024', [op(2, '20010410'), op(3, '20100000')])];
    expect(in2(pls, '2009-12-01', '2010-03-01')).toEqual([['2009-12-01 tot 2010-01-01', ['000000012', '000000024'], []], ['2010-01-01 tot 2010-03-01', ['000000012'], ['000000024']]]);
    expect(in2(pls, '2009-12-01', '2011-03-01')).toEqual([
      ['2009-12-01 tot 2010-01-01', ['000000012', '000000024'], []],
      ['2010-01-01 tot 2011-01-01', ['000000012'], ['000000024']],
      ['2011-01-01 tot 2011-03-01', ['000000012'], []],
    ]);
  });

  it('Datum aanvang is onbekend en tijdens de onzekerheidsperiode komt een andere bewoner op het adres wonen', () => {
    const pls = [persoon('000000012', [op(1, '20080526'), op(2, '20100000')]), persoon('000000024', [op(1, '20010410'), op(2, '20100201')])];
    expect(in2(pls, '2009-12-01', '2010-03-01')).toEqual([['2010-01-01 tot 2010-02-01', [], ['000000012']], ['2010-02-01 tot 2010-03-01', ['000000024'], ['000000012']]]);
  });

  it('Datum aanvang is onbekend en tijdens de onzekerheidsperiode verhuist een andere bewoner naar een ander adres', () => {
    const pls = [persoon('000000012', [op(1, '20080526'), op(2, '20100000')]), persoon('000000024', [op(2, '20010410'), op(3, '20100201')])];
    expect(in2(pls, '2009-12-01', '2010-03-01')).toEqual([
      ['2009-12-01 tot 2010-01-01', ['000000024'], []],
      ['2010-01-01 tot 2010-02-01', ['000000024'], ['000000012']],
      ['2010-02-01 tot 2010-03-01', [], ['000000012']],
    ]);
  });

  it('Datum aanvang volgende verblijfplaats is onbekend en tijdens de onzekerheidsperiode komt een andere bewoner op het adres wonen', () => {
    const pls = [persoon('000000012', [op(2, '20080526'), op(3, '20100000')]), persoon('000000024', [op(2, '20100210')])];
    expect(in2(pls, '2010-01-01', '2010-03-01')).toEqual([['2010-01-01 tot 2010-02-10', [], ['000000012']], ['2010-02-10 tot 2010-03-01', ['000000024'], ['000000012']]]);
  });

  it('Datum aanvang is onbekend en overlapt de ook onbekende datum aanvang van een andere bewoner', () => {
    const pls = [persoon('000000012', [op(1, '20080526'), op(2, '20100000')]), persoon('000000024', [op(1, '20010410'), op(2, '20100200')])];
    expect(in2(pls, '2009-12-01', '2010-12-01')).toEqual([
      ['2010-01-01 tot 2010-02-01', [], ['000000012']],
      ['2010-02-01 tot 2010-03-01', [], ['000000012', '000000024']],
      ['2010-03-01 tot 2010-12-01', ['000000024'], ['000000012']],
    ]);
  });

  it('Datum aanvang is onbekend en overlapt de ook onbekende datum aanvang volgende verblijf van een andere bewoner', () => {
    const pls = [persoon('000000012', [op(1, '20080526'), op(2, '20100000')]), persoon('000000024', [op(2, '20010410'), op(3, '20100200')])];
    expect(in2(pls, '2009-12-01', '2010-12-01')).toEqual([
      ['2009-12-01 tot 2010-01-01', ['000000024'], []],
      ['2010-01-01 tot 2010-02-01', ['000000024'], ['000000012']],
      ['2010-02-01 tot 2010-03-01', [], ['000000012', '000000024']],
      ['2010-03-01 tot 2010-12-01', [], ['000000012']],
    ]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/gba/vastgesteld-verblijft-niet-op-adres-gba.feature (and the periode variant)', () => {
  const actueel = (aanduiding: string, einde?: string) => [persoon('000000024', [op(1, '20200818', onderzoek(aanduiding, '20220526', einde))])];
  const historisch = (aanduiding: string, einde: string | undefined, volgende: V) => [persoon('000000024', [op(1, '20200818', onderzoek(aanduiding, '20220526', einde)), volgende])];

  it.each(['2022-05-26', '2022-07-12'])('persoon verblijft niet meer op het gevraagde adres en peildatum (%s) valt op of na de dag ingang onderzoek', (p) => {
    expect(vraag(actueel('089999'), peildatum(1, p))).toEqual([]);
  });

  it('persoon verblijft niet meer op het gevraagde adres en is inmiddels ingeschreven op een ander adres en peildatum ligt na aanvang onderzoek en voor aanvang volgende adreshouding', () => {
    expect(vraag(historisch('589999', undefined, op(2, '20220810')), peildatum(1, '2022-06-03'))).toEqual([]);
  });

  it('persoon verblijft niet meer op het gevraagde adres en is inmiddels ingeschreven met gedeeltelijk onbekende vertrekdatum en peildatum ligt in de onzekerheidsperiode', () => {
    expect(vraag(historisch('589999', undefined, buitenland('20220600', '0000')), peildatum(1, '2022-06-03'))).toEqual([]);
  });

  it.each(['2022-05-25', '2022-01-01', '2020-08-18'])('persoon verblijft mogelijk nog op het gevraagde adres en peildatum (%s) valt voor de datum ingang onderzoek', (p) => {
    expect(samenstellingen(vraag(actueel('089999'), peildatum(1, p)))).toEqual([[dag(p), ['000000024'], []]]);
  });

  it.each(['2022-01-01', '2022-07-12', '2022-08-12'])("persoon heeft beëindigd onderzoek met aanduiding in onderzoek waarde '089999' in de actuele verblijfplaats (peildatum %s)", (p) => {
    expect(samenstellingen(vraag(actueel('089999', '20220810'), peildatum(1, p)))).toEqual([[dag(p), ['000000024'], []]]);
  });

  it.each(['2022-01-01', '2022-07-12', '2022-08-03'])("persoon heeft beëindigd onderzoek met aanduiding in onderzoek waarde '589999' en is na beëindigen van het onderzoek ingeschreven op een ander adres (peildatum %s)", (p) => {
    expect(samenstellingen(vraag(historisch('589999', '20220730', buitenland('20220810', '0000')), peildatum(1, p)))).toEqual([[dag(p), ['000000024'], []]]);
  });

  it.each([['20220902', '2022-01-01', 'bewoner'], ['20220902', '2022-07-30', 'mogelijk'], ['20220901', '2022-01-01', 'bewoner'], ['20220901', '2022-06-01', 'mogelijk']])(
    'persoon heeft beëindigd onderzoek (einde %s) met aanduiding 589999 en onderzoek is beëindigd op/na aanvang van de volgende verblijfplaats (peildatum %s → %s)', (einde, p, verwacht) => {
      expect(soort(vraag(historisch('589999', einde, buitenland('20220901', '0000')), peildatum(1, p)))).toBe(verwacht);
    });

  it.each(['089999', '589999'])("periode: persoon heeft beëindigd onderzoek met aanduiding '%s', is inmiddels ingeschreven op een ander adres, onderzoek beëindigd na aanvang volgende: bewoner, dan mogelijke bewoner", (a) => {
    expect(samenstellingen(vraag(historisch(a, '20220902', buitenland('20220901', '0000')), periode(1, '2022-01-01', '2023-01-01')))).toEqual([
      ['2022-01-01 tot 2022-05-26', ['000000024'], []],
      ['2022-05-26 tot 2022-09-01', [], ['000000024']],
    ]);
  });

  it('periode: persoon verblijft nog op het gevraagde adres en periode loopt tot na de datum ingang onderzoek', () => {
    expect(samenstellingen(vraag(actueel('089999'), periode(1, '2022-01-01', '2023-01-01')))).toEqual([['2022-01-01 tot 2022-05-26', ['000000024'], []]]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/gba/onjuist-gba.feature', () => {
  // 'de verblijfplaats is gecorrigeerd': the voorkomen gets indicatie onjuist, the correction follows it.
  const gecorrigeerd = (onjuist: V, juist: V) => [{ ...onjuist, indicatieOnjuist: 'O' }, juist];

  it('datum aanvang van verblijf is gecorrigeerd en peildatum ligt voor de correcte datum maar na de onjuiste datum aanvang', () => {
    expect(vraag([persoon('000000024', gecorrigeerd(op(1, '20160526'), op(1, '20160601')))], peildatum(1, '2016-05-28'))).toEqual([]);
  });

  it('datum aanvang van verblijf is gecorrigeerd en peildatum ligt na de correcte datum maar voor de onjuiste datum aanvang', () => {
    expect(soort(vraag([persoon('000000024', gecorrigeerd(op(1, '20160601'), op(1, '20160526')))], peildatum(1, '2016-05-28')))).toBe('bewoner');
  });

  it('datum aanvang van volgende verblijf is gecorrigeerd en peildatum ligt na de correcte datum maar voor de onjuiste datum aanvang volgende verblijf', () => {
    expect(vraag([persoon('000000024', [op(1, '20100818'), ...gecorrigeerd(op(2, '20160601'), op(2, '20160526'))])], peildatum(1, '2016-05-28'))).toEqual([]);
  });

  it('datum aanvang van volgende verblijf is gecorrigeerd en peildatum ligt voor de correcte datum maar na de onjuiste datum aanvang volgende verblijf', () => {
    expect(soort(vraag([persoon('000000024', [op(1, '20100818'), ...gecorrigeerd(op(2, '20160526'), op(2, '20160601'))])], peildatum(1, '2016-05-28')))).toBe('bewoner');
  });

  it('datum aanvang van verblijf is gecorrigeerd naar een deels onbekende datum en peildatum ligt in de onzekerheidsperiode en voor de onjuiste datum aanvang', () => {
    expect(soort(vraag([persoon('000000024', [op(1, '20100818'), ...gecorrigeerd(op(2, '20160526'), op(2, '20160000'))])], peildatum(2, '2016-05-01')))).toBe('mogelijk');
  });
});

describe('raadpleeg-bewoning-met-periode/gba/opschorting-bijhouding-gba.feature', () => {
  const pl = (reden: string) => [persoon('000000024', [op(1, '20100818')], opgeschort(reden))];

  it.each(['O', 'E', 'M', 'R', '.'])('persoon is opgeschort met reden "%s" en gevraagde periode eindigt op/vóór datum opschorting bijhouding', (reden) => {
    expect(samenstellingen(vraag(pl(reden), periode(1, '2022-01-01', '2022-08-29')))).toEqual([['2022-01-01 tot 2022-08-29', ['000000024'], []]]);
  });

  it.each(['O', 'E', 'M', 'R', '.'])('persoon is opgeschort met reden "%s" en gevraagde periode begint vóór- en eindigt na datum opschorting bijhouding', (reden) => {
    expect(samenstellingen(vraag(pl(reden), periode(1, '2022-01-01', '2023-01-01')))).toEqual([['2022-01-01 tot 2022-08-29', ['000000024'], []]]);
  });

  it.each(['O', 'E', 'M', 'R', '.'].flatMap((r) => [[r, '2022-08-29'], [r, '2022-09-01']]))('persoon is opgeschort met reden "%s" en periode begint op/na (%s) datum opschorting bijhouding', (reden, van) => {
    expect(vraag(pl(reden), periode(1, van, '2023-01-01'))).toEqual([]);
  });

  it.each(['F', 'W'])('personen met een afgevoerde (F) of logisch verwijderde (W) persoonslijst worden niet gezien als bewoner (%s)', (reden) => {
    expect(vraag(pl(reden), periode(1, '2010-01-01', '2023-01-01'))).toEqual([]);
  });
});

describe('raadpleeg-bewoning-op-peildatum/gba/overzicht-gba.feature and test/briefadres-gba.feature (briefadres)', () => {
  it('persoon heeft het gevraagde adresseerbaar object als briefadres opgegeven en peildatum valt in de adreshouding periode', () => {
    expect(vraag([persoon('000000024', [briefadres(3, '20100818')])], peildatum(3, '2010-09-01'))).toEqual([]);
  });

  it('verblijfplaats wijzigt van woonadres naar briefadres: bewoner until the briefadres begins', () => {
    const pls = [persoon('000000012', [op(2, '20160526'), briefadres(2, '20220810')])];
    expect(vraag(pls, peildatum(2, '2022-08-10'))).toEqual([]);
    expect(samenstellingen(vraag(pls, periode(2, '2022-01-01', '2023-01-01')))).toEqual([['2022-01-01 tot 2022-08-10', ['000000012'], []]]);
  });

  it('verblijfplaats met gedeeltelijk onbekende datum aanvang en vorige verblijfplaats is briefadres', () => {
    const pls = [persoon('000000012', [briefadres(1, '20220526'), op(2, '20220000')])];
    expect(['2022-05-26', '2022-01-01', '2022-05-27', '2022-07-30', '2023-01-01'].map((p) => soort(vraag(pls, peildatum(2, p)), '000000012'))).toEqual(['geen', 'geen', 'mogelijk', 'mogelijk', 'bewoner']);
  });
});

describe('raadpleeg-bewoning-op-peildatum/gba/test/echte-datums-gba.feature (a selection)', () => {
  it.each([['2021-05-26', 'bewoner'], ['2023-10-14', 'bewoner'], ['2021-05-25', 'geen'], ['2020-05-26', 'geen']])('eerste en enige verblijfplaats en peildatum %s → %s', (p, verwacht) => {
    expect(soort(vraag([persoon('000000012', [op(2, '20210526')])], peildatum(2, p)), '000000012')).toBe(verwacht);
  });

  it.each([['2021-05-26', 'bewoner'], ['2021-10-13', 'bewoner'], ['2021-10-14', 'geen']])('volgende verblijfplaats en peildatum %s → %s', (p, verwacht) => {
    expect(soort(vraag([persoon('000000012', [op(2, '20210526'), op(3, '20211014')])], peildatum(2, p)), '000000012')).toBe(verwacht);
  });
});

describe('raadpleeg-bewoning-met-periode/gba/infrastructurele-wijziging-gba.feature (a selection)', () => {
  it('bewoning wordt niet geleverd voor het deel van de gevraagde periode dat vóór datum toevoeging van BAG identificaties ligt', () => {
    const pl = persoon('000000024', [zonderIdentificatie('20100818'), op(1, '20220501', { aangifteAdreshouding: 'T' })]);
    expect(samenstellingen(vraag([pl], periode(1, '2022-01-01', '2023-01-01')))).toEqual([['2022-05-01 tot 2023-01-01', ['000000024'], []]]);
  });

  it('bewoning wordt niet geleverd voor een adresseerbaar object dat is overgegaan in een samenvoeging voor het deel van de periode op en na datum samenvoeging', () => {
    const pl = persoon('000000024', [op(1, '20100818'), op(2, '20220501', { aangifteAdreshouding: 'W' })]);
    expect(samenstellingen(vraag([pl], periode(1, '2022-01-01', '2023-01-01')))).toEqual([['2022-01-01 tot 2022-05-01', ['000000024'], []]]);
    expect(samenstellingen(vraag([pl], periode(2, '2022-01-01', '2023-01-01')))).toEqual([['2022-05-01 tot 2023-01-01', ['000000024'], []]]);
  });
});

// --- (3) fout-cases ---------------------------------------------------------------------------------

const paramsValidation = (names: string[], invalidParams: Obj[]) => ({
  type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
  title: 'Een of meerdere parameters zijn niet correct.',
  status: 400,
  detail: `De foutieve parameter(s) zijn: ${names.join(', ')}.`,
  instance: ENDPOINT,
  code: 'paramsValidation',
  invalidParams,
});
const required = (name: string) => ({ code: 'required', name, reason: 'Parameter is verplicht.' });
const date = (name: string) => ({ code: 'date', name, reason: 'Waarde is geen geldige datum.' });
const unknownParam = (name: string) => ({ code: 'unknownParam', name, reason: 'Parameter is niet verwacht.' });
const AOI_PATTERN = { code: 'pattern', name: 'adresseerbaarObjectIdentificatie', reason: 'Waarde voldoet niet aan patroon ^(?!0{16})[0-9]{16}$.' };
// 'peildatum: gisteren' in the feature; a fixed date keeps the test deterministic.
const GELDIG = { type: 'BewoningMetPeildatum', peildatum: '2024-01-01', adresseerbaarObjectIdentificatie: '0800010000713450' };

/** A fout-case: the scenario, the request body and the one invalidParam it gives. */
type Geval = [string, Obj, { code: string; name: string; reason: string }];

async function fout(body: unknown): Promise<Obj> {
  const res = await post(body);
  expect(res.status).toBe(400);
  expect(res.contentType).toBe(PROBLEM);
  return res.body;
}

describe('fout-cases.feature', () => {
  it('er zijn geen parameters opgegeven', async () => {
    expect(await fout({})).toEqual(paramsValidation(['type'], [required('type')]));
    expect(await fout('')).toEqual(paramsValidation(['type'], [required('type')]));
  });

  it("de 'type' parameter is niet opgegeven", async () => {
    expect(await fout({ adresseerbaarObjectIdentificatie: '0800010000713450' })).toEqual(paramsValidation(['type'], [required('type')]));
  });

  it.each([['lege string', ''], ['onbekend zoek type', 'BewoningMetGeslachtsnaam'], ['geldig zoek type met verkeerde casing', 'bewoningmetpeildatum']])("een %s is opgegeven als 'type' waarde", async (_s, type) => {
    expect(await fout({ type })).toEqual(paramsValidation(['type'], [{ code: 'value', name: 'type', reason: 'Waarde is geen geldig zoek type.' }]));
  });

  it("'application/xml' is opgegeven als Accept content type", async () => {
    const res = await post(GELDIG, { accept: 'application/xml' });
    expect(res).toEqual({
      status: 406,
      contentType: PROBLEM,
      body: { type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6', title: 'Gevraagde content type wordt niet ondersteund.', status: 406, detail: 'Ondersteunde content type: application/json; charset=utf-8.', instance: ENDPOINT, code: 'notAcceptable' },
    });
  });

  it.each(['*/*', '*/*; charset=utf-8', '*/*;charset=utf-8', 'application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8', '*/*;charset=UTF-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'])(
    "'%s' wordt opgegeven als Accept content type", async (accept) => {
      expect(await post(GELDIG, { accept })).toMatchObject({ status: 200, body: { bewoningen: [] } });
    });

  it('er is geen Accept header opgegeven; er is een Accept header met lege waarde opgegeven', async () => {
    for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', accept: '' }] as Record<string, string>[]) {
      expect(await raw('POST', ENDPOINT, headers, JSON.stringify(GELDIG))).toMatchObject({ status: 200, body: { bewoningen: [] } });
    }
  });

  it.each(['application/xml', 'text/csv', 'application/json; charset=cp1252', '*/*', '*/*; charset=utf-8', '*/*;charset=utf-8'])("'%s' is opgegeven als Content-Type waarde (415)", async (contentType) => {
    expect(await post(GELDIG, { 'content-type': contentType })).toEqual({
      status: 415,
      contentType: PROBLEM,
      body: { type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13', title: 'Media Type wordt niet ondersteund.', status: 415, detail: 'Ondersteunde content type: application/json; charset=utf-8.', instance: ENDPOINT, code: 'unsupportedMediaType' },
    });
  });

  it.each(['application/json', 'application/json;charset=utf-8', 'application/json; charset=utf-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'])("'%s' is opgegeven als Content-Type waarde (0 bewoningen)", async (contentType) => {
    expect(await post(GELDIG, { 'content-type': contentType })).toMatchObject({ status: 200, body: { bewoningen: [] } });
  });

  it('er is geen Content-Type header opgegeven; er is een Content-Type header met lege waarde opgegeven', async () => {
    for (const headers of [{ accept: 'application/json' }, { accept: 'application/json', 'content-type': '' }] as Record<string, string>[]) {
      expect(await raw('POST', ENDPOINT, headers, JSON.stringify(GELDIG))).toMatchObject({ status: 200, body: { bewoningen: [] } });
    }
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'])("bewoningen wordt gezocht met een '%s' aanroep", async (method) => {
    const res = await raw(method, ENDPOINT, { accept: 'application/json' });
    expect(res).toEqual({
      status: 405,
      contentType: PROBLEM,
      body: { type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5', title: 'Gebruikte bevragingsmethode is niet toegestaan.', status: 405, instance: ENDPOINT, code: 'methodNotAllowed' },
    });
  });
});

describe('raadpleeg-bewoning-op-peildatum/fout-cases.feature', () => {
  const PD = { type: 'BewoningMetPeildatum', peildatum: '2023-01-01', adresseerbaarObjectIdentificatie: '0800010000000001' };

  it('De adresseerbaarObjectIdentificatie en peildatum parameters zijn niet opgegeven', async () => {
    expect(await fout({ type: 'BewoningMetPeildatum' })).toEqual(paramsValidation(['adresseerbaarObjectIdentificatie', 'peildatum'], [required('adresseerbaarObjectIdentificatie'), required('peildatum')]));
  });

  it.each([
    ['De adresseerbaarObjectIdentificatie parameter is niet opgegeven', { type: 'BewoningMetPeildatum', peildatum: '2023-01-01' }, required('adresseerbaarObjectIdentificatie')],
    ['De peildatum parameter is niet opgegeven', { type: 'BewoningMetPeildatum', adresseerbaarObjectIdentificatie: '0800010000000001' }, required('peildatum')],
    ['een lege string is opgegeven als adresseerbaarObjectIdentificatie waarde', { ...PD, adresseerbaarObjectIdentificatie: '' }, required('adresseerbaarObjectIdentificatie')],
    ['een lege string is opgegeven als peildatum waarde', { ...PD, peildatum: '' }, required('peildatum')],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string met minder dan 16 cijfers', { ...PD, adresseerbaarObjectIdentificatie: '123456789012345' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string met meer dan 16 cijfers', { ...PD, adresseerbaarObjectIdentificatie: '12345678901234567' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie bevat niet-cijfer karakters', { ...PD, adresseerbaarObjectIdentificatie: '<script>1234567890123456</script>' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string bestaande uit 16 nullen', { ...PD, adresseerbaarObjectIdentificatie: '0000000000000000' }, AOI_PATTERN],
    ['een ongeldig datum is opgegeven als peildatum waarde (19830526)', { ...PD, peildatum: '19830526' }, date('peildatum')],
    ['een ongeldig datum is opgegeven als peildatum waarde (26 mei 1983)', { ...PD, peildatum: '26 mei 1983' }, date('peildatum')],
    ['een ongeldig datum is opgegeven als peildatum waarde (2023-02-29)', { ...PD, peildatum: '2023-02-29' }, date('peildatum')],
    ['raadplegen met parameter uit ander raadpleeg type', { ...PD, periode: '2022-01-01 tot 2023-01-01' }, unknownParam('periode')],
    ['raadplegen met niet gespecificeerde parameter', { ...PD, geheimhouding: 'false' }, unknownParam('geheimhouding')],
  ] as Geval[])('%s', async (_s, body, invalidParam) => {
    expect(await fout(body)).toEqual(paramsValidation([invalidParam.name], [invalidParam]));
  });
});

describe('raadpleeg-bewoning-met-periode/fout-cases.feature', () => {
  const PR = { type: 'BewoningMetPeriode', datumVan: '2022-01-01', datumTot: '2023-01-01', adresseerbaarObjectIdentificatie: '0800010000000001' };
  const datumTotNaDatumVan = { code: 'invalidParam', name: 'datumTot', reason: 'datumTot moet na datumVan liggen.' };

  it('De adresseerbaarObjectIdentificatie, datumVan en datumTot parameters zijn niet opgegeven', async () => {
    // The detail names them sorted, invalidParams in the feature's order.
    expect(await fout({ type: 'BewoningMetPeriode' })).toEqual(paramsValidation(['adresseerbaarObjectIdentificatie', 'datumTot', 'datumVan'], [required('adresseerbaarObjectIdentificatie'), required('datumVan'), required('datumTot')]));
  });

  it.each([
    ['De adresseerbaarObjectIdentificatie parameter is niet opgegeven', { type: 'BewoningMetPeriode', datumVan: '2022-01-01', datumTot: '2023-01-01' }, required('adresseerbaarObjectIdentificatie')],
    ['De datumTot parameter is niet opgegeven', { type: 'BewoningMetPeriode', adresseerbaarObjectIdentificatie: '0800010000000001', datumVan: '2022-01-01' }, required('datumTot')],
    ['De datumVan parameter is niet opgegeven', { type: 'BewoningMetPeriode', adresseerbaarObjectIdentificatie: '0800010000000001', datumTot: '2023-01-01' }, required('datumVan')],
    ['een lege string is opgegeven als adresseerbaarObjectIdentificatie waarde', { ...PR, adresseerbaarObjectIdentificatie: '' }, required('adresseerbaarObjectIdentificatie')],
    ['een lege string is opgegeven als datumTot waarde', { ...PR, datumTot: '' }, required('datumTot')],
    ['een lege string is opgegeven als datumVan waarde', { ...PR, datumVan: '' }, required('datumVan')],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string met minder dan 16 cijfers', { ...PR, adresseerbaarObjectIdentificatie: '123456789012345' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string met meer dan 16 cijfers', { ...PR, adresseerbaarObjectIdentificatie: '12345678901234567' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie bevat niet-cijfer karakters', { ...PR, adresseerbaarObjectIdentificatie: '<script>1234567890123456</script>' }, AOI_PATTERN],
    ['de opgegeven adresseerbaarObjectIdentificatie is een string bestaande uit 16 nullen', { ...PR, adresseerbaarObjectIdentificatie: '0000000000000000' }, AOI_PATTERN],
    ...['19830526', '26 mei 1983', '2023-02-29'].map((d): Geval => [`een ongeldig datum is opgegeven als datumTot waarde (${d})`, { ...PR, datumTot: d }, date('datumTot')]),
    ...['19830526', '26 mei 1983', '2023-02-29'].map((d): Geval => [`een ongeldig datum is opgegeven als datumVan waarde (${d})`, { ...PR, datumVan: d }, date('datumVan')]),
    ['datumTot ligt op datumVan', { ...PR, datumVan: '2023-01-01', datumTot: '2023-01-01' }, datumTotNaDatumVan],
    ['datumTot ligt vóór datumVan', { ...PR, datumVan: '2023-01-01', datumTot: '2022-01-01' }, datumTotNaDatumVan],
    ['raadplegen met parameter uit ander raadpleeg type', { ...PR, peildatum: '2022-01-01' }, unknownParam('peildatum')],
    ['raadplegen met niet gespecificeerde parameter (geheimhouding)', { ...PR, geheimhouding: 'false' }, unknownParam('geheimhouding')],
    ['raadplegen met niet gespecificeerde parameter (gemeenteVanInschrijving)', { ...PR, gemeenteVanInschrijving: '0800' }, unknownParam('gemeenteVanInschrijving')],
  ] as Geval[])('%s', async (_s, body, invalidParam) => {
    expect(await fout(body)).toEqual(paramsValidation([invalidParam.name], [invalidParam]));
  });

  it('several problems at once are all reported, the detail naming each parameter once', async () => {
    expect(await fout({ type: 'BewoningMetPeriode', adresseerbaarObjectIdentificatie: 1, datumVan: 'x', peildatum: '2022-01-01' })).toEqual(
      paramsValidation(['adresseerbaarObjectIdentificatie', 'datumTot', 'datumVan', 'peildatum'], [AOI_PATTERN, date('datumVan'), required('datumTot'), unknownParam('peildatum')]));
  });
});

describe('other errors', () => {
  it('a body that is no JSON → 400 invalidJson; an unknown path → 404', async () => {
    expect(await fout('{"type": ')).toMatchObject({ status: 400, code: 'invalidJson', instance: ENDPOINT });
    const nf = await raw('POST', '/haalcentraal/api/bewoning/bewoners', JSON_HEADERS, '{}');
    expect(nf).toMatchObject({ status: 404, contentType: PROBLEM, body: { status: 404, code: 'notFound', instance: '/haalcentraal/api/bewoning/bewoners' } });
  });

  it("error bodies match BadRequestFoutbericht / Foutbericht, but for the feature files' strings the spec's patterns reject", async () => {
    // fout-cases.feature prescribes a ':' in detail, the regex in a pattern reason, and the name
    // 'adresseerbaarObjectIdentificatie' (32 characters, the spec's InvalidParam.name allows 30).
    const conflict = (e: ErrorObject) => e.keyword === 'pattern' && (e.instancePath === '/detail' || /^\/invalidParams\/\d+\/(reason|name)$/.test(e.instancePath));
    for (const body of [{}, { type: 'x' }, { ...GELDIG, adresseerbaarObjectIdentificatie: '1' }, inPeriode('0800010000000001', '2023-01-01', '2022-01-01'), { ...GELDIG, extra: 1 }]) {
      const res = await fout(body);
      expect(schema.validate('BadRequestFoutbericht', res).filter((e) => !(conflict(e) && (!e.instancePath.endsWith('/name') || atPointer(res, e.instancePath) === 'adresseerbaarObjectIdentificatie')))).toEqual([]);
    }
    expect(schema.validate('Foutbericht', (await post(GELDIG, { accept: 'application/xml' })).body).filter((e) => !conflict(e))).toEqual([]);
    expect(schema.validate('Foutbericht', (await raw('GET', ENDPOINT, {})).body)).toEqual([]);
  });
});

// --- the test-facing side -----------------------------------------------------------------------------

describe('startBewoningMock', () => {
  beforeEach(() => mock.clearRequests());

  it('listens on the real port behind port 0 and reports the base URL', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/bewoning$/);
    expect(mock.url).not.toContain(':0/');
  });

  it('records every request body and its headers, and clears them', async () => {
    await post(GELDIG, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await post('not json');
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toEqual(GELDIG);
    expect(mock.requests[0]?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(mock.requests[0]?.receivedAt).toBeInstanceOf(Date);
    expect(mock.requests[1]?.body).toBe('not json');
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('failNext answers the next requests with the given status and a problem body, or a given body, then recovers', async () => {
    mock.failNext({ status: 503 });
    mock.failNext({ status: 500, body: { eigen: true } });
    expect(await post(GELDIG)).toMatchObject({ status: 503, contentType: PROBLEM, body: { status: 503, code: 'notAvailable', instance: ENDPOINT } });
    expect(await post(GELDIG)).toMatchObject({ status: 500, body: { eigen: true } });
    expect(await post(GELDIG)).toMatchObject({ status: 200, body: { bewoningen: [] } });
    expect(mock.requests).toHaveLength(3);
  });

  it('failNext with destroySocket drops the connection', async () => {
    mock.failNext({ destroySocket: true });
    await expect(raw('POST', ENDPOINT, JSON_HEADERS, JSON.stringify(GELDIG))).rejects.toThrow();
    expect((await post(GELDIG)).status).toBe(200);
  });
});
