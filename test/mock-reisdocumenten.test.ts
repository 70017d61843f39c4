// The mock BRP Reisdocumenten upstream (src/dev/mocks/reisdocumenten), over real HTTP on port 0:
// (1) every document and every houder of the official test data answers in the spec's response
// schema; (2) the scenarios of the official feature files, replayed with their own Gegeven data
// (the `testData` option), each test named '<feature file> › <scenario>'; (3) fields selection and
// the fields / request error cases; plus the mock's own plumbing (404, request log, failNext,
// standalone).
//
// Feature files (BRP-API/Haal-Centraal-Reisdocumenten-bevragen, see data/brp-reisdocumenten/SOURCES.md)
// and the scenarios covered; an Abstract Scenario is covered with all its Voorbeelden:
//
// raadpleeg-met-reisdocumentnummer/
//   overzicht.feature               Raadpleeg een reisdocument; Raadpleeg een niet bestaand reisdocument;
//                                   'soort reisdocument (35.10)' is in onderzoek en wordt gevraagd / niet gevraagd
//   fields.feature                  every scenario: reisdocumentnummer, soort(.*), datumEindeGeldigheid(.*),
//                                   inhoudingOfVermissing.datum(.*), inhoudingOfVermissing.aanduiding(.*), houder.burgerservicenummer
//   soort-reisdocument.feature      soort reisdocument heeft de waarde <code>; … heeft de waarde ..
//   inhouding-of-vermissing.feature '… (35.70)' wordt gevraagd en heeft waarde '<aanduiding>' (I, R, V, .)
//   in-onderzoek.feature            all seven Abstract Scenarios (reisdocument-, inhouding/vermissing- and houder-velden)
//   opschorting-bijhouding.feature  'reden opschorting bijhouding (67.20)' met waarde '<opschorting>';
//                                   Opschorting bijhouding wordt geleverd wanneer met fields is gevraagd om '<fields>'
//   geheimhouding/overzicht.feature indicatie geheim 0; indicatie geheim <waarde> (1..7); indicatie geheim en <fields>
//   fout-cases.feature              every scenario (niet opgegeven, lege lijst, patroon ×4, meer dan 1, niet verwachte parameter ×2)
//   gba/opschorting-bijhouding-gba.feature  reden "W" en <fields>; reden "W" en zelfde reisdocumentnummer op andere persoonslijst
//   gba/inhouding-of-vermissing-gba.feature (same as the public one, I R V .)
// zoek-met-burgerservicenummer/
//   overzicht.feature               all nine scenarios (één, meerdere, geen, bestaat niet, ingeleverd, meerdere ingeleverd
//                                   en één in bezit, ingeleverd en vermist met verschillende soorten, in onderzoek ×2)
//   fields.feature                  every scenario
//   soort-reisdocument.feature      soort reisdocument heeft de waarde <code>; … heeft de waarde ..
//   reisdocumentnummer-standaardwaarde.feature  Reisdocumentnummer heeft de standaardwaarde
//   in-onderzoek.feature            all six Abstract Scenarios
//   opschorting-bijhouding.feature  both Abstract Scenarios
//   geheimhouding/overzicht.feature all three rules
//   fout-cases.feature              every scenario
//   gba/actuele-reisdocumenten-gba.feature  I/V not delivered; R/. delivered; ingeleverd en ander in bezit;
//                                   Register paspoortsignaleringen (a row without group 35 is no reisdocument)
//   gba/opschorting-bijhouding-gba.feature  reden "W" en <fields>; reden "W" en zelfde BSN op andere persoonslijst
// fields-fout-cases.feature         every rule, for both query types
// zoek-fout-cases.feature           every rule: type (3 scenarios), Accept (406, accepted values, none, empty),
//                                   Content-Type (415, accepted values, none, empty), POST only (405 for GET … TRACE)
//
// Not covered (not behaviour of the public API's answers): gba/autorisatie-gba.feature,
// gba/protocollering-gba.feature, gba/fields-gba.feature and the other gba/ variants as far as they
// describe the GBA variant's own shape (dates as YYYYMMDD, the '..' soort delivered as 'Onbekend').
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTestData } from '../src/dev/mocks/reisdocumenten/data.ts';
import { isAutomatischGeleverd } from '../src/dev/mocks/reisdocumenten/fields.ts';
import {
  answerReisdocumenten,
  AUTOMATISCH_GELEVERD,
  REISDOCUMENT_FIELDS,
  startReisdocumentenMock,
  type ReisdocumentenMock,
  type StoredReisdocument,
} from '../src/dev/mocks/reisdocumenten/server.ts';
import type { StoredHouder } from '../src/dev/mocks/reisdocumenten/storage.ts';
import { atPointer } from './support/mock-brp-schema.ts';
import { isValidRequest, reisdocumentenSchemaValidators } from './support/mock-reisdocumenten-schema.ts';

const NOW = new Date('2025-03-15T10:00:00Z');
const schema = reisdocumentenSchemaValidators();
const INSTANCE = '/haalcentraal/api/reisdocumenten/reisdocumenten';
const ALLE_VELDEN = ['reisdocumentnummer', 'soort', 'datumEindeGeldigheid', 'inhoudingOfVermissing', 'houder'];

let mock: ReisdocumentenMock;
beforeAll(async () => {
  mock = await startReisdocumentenMock({ port: 0, now: () => NOW });
});
afterAll(async () => mock?.close());

// --- HTTP ---------------------------------------------------------------------------------------

interface Antwoord {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };

/** One request with exactly these headers (node:http adds no content-type of its own). */
async function http(url: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Antwoord> {
  const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers ?? JSON_HEADERS });
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  req.end(body);
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.statusCode ?? 0, headers: res.headers, body: parsed };
}

const post = (baseUrl: string, body: unknown, headers?: Record<string, string>): Promise<Antwoord> =>
  http(`${baseUrl}/reisdocumenten`, { body, headers });

type Reisdocument = Record<string, unknown>;

function reisdocumenten(a: Antwoord): Reisdocument[] {
  if (a.status !== 200) throw new Error(`expected 200, got ${a.status}: ${JSON.stringify(a.body)}`);
  expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
  return (a.body as { reisdocumenten: Reisdocument[] }).reisdocumenten;
}

/** Replays one scenario: a mock on the scenario's own Gegeven data, one request, closed again. */
async function vraag(rows: readonly StoredReisdocument[], body: unknown, headers?: Record<string, string>): Promise<Antwoord> {
  const own = await startReisdocumentenMock({ port: 0, now: () => NOW, testData: rows });
  try {
    return await post(own.url, body, headers);
  } finally {
    await own.close();
  }
}

// --- the feature files' Gegeven steps, in storage shape ------------------------------------------

const GEMEENTE_0800 = { code: '0800' };

/** 'de persoon met burgerservicenummer … is ingeschreven op adres A1 (gemeente 0800)', plus inschrijving data. */
function persoon(bsn: string, extra: Omit<StoredHouder, 'burgerservicenummer'> = {}): StoredHouder {
  return { burgerservicenummer: bsn, gemeenteVanInschrijving: GEMEENTE_0800, ...extra };
}

/** "heeft een 'reisdocument' met de volgende gegevens", by LO GBA element. */
interface ReisdocumentGegevens {
  '35.10'?: string;
  '35.20'?: string;
  '35.50'?: string;
  '35.60'?: string;
  '35.70'?: string;
  '83.10'?: string;
  '83.20'?: string;
}

function reisdocument(houder: StoredHouder, g: ReisdocumentGegevens): StoredReisdocument {
  const row: StoredReisdocument = { houder };
  if (g['35.10'] !== undefined) row.soort = { code: g['35.10'] };
  if (g['35.20'] !== undefined) row.reisdocumentnummer = g['35.20'];
  if (g['35.50'] !== undefined) row.datumEindeGeldigheid = g['35.50'];
  if (g['35.60'] !== undefined || g['35.70'] !== undefined) {
    row.inhoudingOfVermissing = {
      ...(g['35.60'] !== undefined ? { datum: g['35.60'] } : {}),
      ...(g['35.70'] !== undefined ? { aanduiding: { code: g['35.70'] } } : {}),
    };
  }
  if (g['83.10'] !== undefined) row.inOnderzoek = { aanduidingGegevensInOnderzoek: g['83.10'], datumIngangOnderzoek: g['83.20'] };
  return row;
}

const raadpleeg = (nummer: string, fields: string): Record<string, unknown> =>
  ({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: [nummer], fields: fields.split(',') });
const zoek = (bsn: string, fields: string): Record<string, unknown> =>
  ({ type: 'ZoekMetBurgerservicenummer', burgerservicenummer: bsn, fields: fields.split(',') });

const datum = (iso: string, langFormaat: string) => ({ type: 'Datum', datum: iso, langFormaat });
const PN = { code: 'PN', omschrijving: 'Nationaal paspoort' };
const INGEHOUDEN = { code: 'I', omschrijving: 'ingehouden of ingeleverd' };

/** The one reisdocument a scenario answers with. */
async function eenReisdocument(rows: readonly StoredReisdocument[], body: unknown): Promise<Reisdocument> {
  const list = reisdocumenten(await vraag(rows, body));
  expect(list).toHaveLength(1);
  return list[0] as Reisdocument;
}

// --- (1) the official test data against the spec ---------------------------------------------------

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

function schemaProblems(body: unknown, label: string): string[] {
  return schema.validate('ReisdocumentenQueryResponse', body).map((err) =>
    `${label}${err.instancePath} ${err.keyword} ${err.message ?? ''} ${JSON.stringify(err.params)} ${JSON.stringify(atPointer(body, err.instancePath))?.slice(0, 80)}`);
}

describe('the official test data answers in the spec\'s ReisdocumentenQueryResponse', () => {
  const data = loadTestData();

  it(`RaadpleegMetReisdocumentnummer for every one of the ${data.byNummer.size} reisdocumentnummers, with all fields`, async () => {
    const problems: string[] = [];
    let delivered = 0;
    for (const batch of chunks([...data.byNummer.keys()], 20)) {
      await Promise.all(batch.map(async (nummer) => {
        const body = { type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: [nummer], fields: ALLE_VELDEN };
        expect(isValidRequest(body)).toBe(true);
        const res = await post(mock.url, body);
        const list = reisdocumenten(res);
        // Raadplegen delivers every row with the number, ingehouden and vermist ones included.
        expect(list.map((d) => d.reisdocumentnummer)).toEqual(data.byNummer.get(nummer)?.map(() => nummer));
        problems.push(...schemaProblems(res.body, nummer));
        delivered += list.length;
      }));
    }
    expect(problems).toEqual([]);
    expect(delivered).toBe(164);
  });

  it(`ZoekMetBurgerservicenummer for every one of the ${data.byBsn.size} houders, with all fields`, async () => {
    const problems: string[] = [];
    let delivered = 0;
    let geheim = 0;
    let opgeschort = 0;
    for (const batch of chunks([...data.byBsn.keys()], 20)) {
      await Promise.all(batch.map(async (bsn) => {
        const body = { type: 'ZoekMetBurgerservicenummer', burgerservicenummer: bsn, fields: ALLE_VELDEN };
        expect(isValidRequest(body)).toBe(true);
        const res = await post(mock.url, body);
        const list = reisdocumenten(res);
        problems.push(...schemaProblems(res.body, bsn));
        for (const d of list) {
          const houder = d.houder as Record<string, unknown>;
          expect(houder.burgerservicenummer).toBe(bsn);
          expect(d.inhoudingOfVermissing).toBeUndefined();
          if (houder.geheimhoudingPersoonsgegevens === true) geheim++;
          if (houder.opschortingBijhouding !== undefined) opgeschort++;
        }
        delivered += list.length;
      }));
    }
    expect(problems).toEqual([]);
    // 121 documents have a houder's BSN; the 4 ingehouden or vermist ones are no longer in the houder's possession.
    expect(delivered).toBe(117);
    // The houder data the BRP Personen test data adds for the same persons.
    expect(geheim).toBeGreaterThan(20);
    expect(opgeschort).toBeGreaterThan(15);
  });

  it('the validator is not vacuous', () => {
    const extra = { type: 'RaadpleegMetReisdocumentnummer', reisdocumenten: [{ reisdocumentnummer: 'NTLBCL731', bestaatNiet: 1 }] };
    expect(schema.validate('ReisdocumentenQueryResponse', extra).map((e) => e.keyword)).toContain('unevaluatedProperties');
    const wrongDate = { type: 'ZoekMetBurgerservicenummer', reisdocumenten: [{ datumEindeGeldigheid: { type: 'Datum', langFormaat: '3 december 2030' } }] };
    expect(schema.validate('ReisdocumentenQueryResponse', wrongDate).map((e) => e.keyword)).toContain('required');
    const wrongType = { type: 'ZoekMetGeslachtsnaam', reisdocumenten: [] };
    expect(schema.validate('ReisdocumentenQueryResponse', wrongType).map((e) => e.keyword)).toContain('enum');
    expect(isValidRequest({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: ['NTLBCL731', 'NW21K79D5'], fields: ['soort'] })).toBe(false);
  });

  it('good examples: one valid passport; several documents, one of them ingehouden; vermist', async () => {
    expect(reisdocumenten(await post(mock.url, zoek('999992740', ALLE_VELDEN.join(','))))).toEqual([{
      reisdocumentnummer: 'NTLBCL731',
      soort: PN,
      datumEindeGeldigheid: datum('2030-12-03', '3 december 2030'),
      houder: { burgerservicenummer: '999992740' },
    }]);
    expect(reisdocumenten(await post(mock.url, zoek('999992764', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'IR4F96083' }]);
    const ingehouden = reisdocumenten(await post(mock.url, raadpleeg('NMF3JHFJ9', 'houder,inhoudingOfVermissing')));
    expect(ingehouden).toContainEqual({
      inhoudingOfVermissing: { datum: datum('2020-12-03', '3 december 2020'), aanduiding: INGEHOUDEN },
      houder: { burgerservicenummer: '999992764' },
    });
    expect(reisdocumenten(await post(mock.url, zoek('999992041', 'reisdocumentnummer')))).toEqual([]);
    expect(reisdocumenten(await post(mock.url, raadpleeg('NA1516192', 'inhoudingOfVermissing.aanduiding')))).toEqual([
      { inhoudingOfVermissing: { aanduiding: { code: 'V', omschrijving: 'vermist' } } },
    ]);
    expect(reisdocumenten(await post(mock.url, zoek('999991553', 'reisdocumentnummer,soort.code')))).toEqual([
      { reisdocumentnummer: 'NM7836542', soort: PN },
      { reisdocumentnummer: 'IVR783659', soort: { code: 'NI', omschrijving: 'Nederlandse identiteitskaart' } },
    ]);
  });

  it('the houder carries what the persoonslijst says: overleden, geëmigreerd with geheimhouding', async () => {
    expect(reisdocumenten(await post(mock.url, zoek('999991759', 'reisdocumentnummer')))).toEqual([{
      reisdocumentnummer: 'NNPR8RC38',
      houder: { opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: datum('1995-05-04', '4 mei 1995') } },
    }]);
    expect(reisdocumenten(await post(mock.url, zoek('999993483', 'houder')))).toEqual([{
      houder: {
        burgerservicenummer: '999993483',
        geheimhoudingPersoonsgegevens: true,
        opschortingBijhouding: { reden: { code: 'E', omschrijving: 'emigratie' }, datum: datum('2014-07-02', '2 juli 2014') },
      },
    }]);
    // 999992624's geboorte is in onderzoek (010300): no field of the houder, so no inOnderzoek.
    expect(reisdocumenten(await post(mock.url, zoek('999992624', 'houder')))).toEqual([
      { houder: { burgerservicenummer: '999992624', geheimhoudingPersoonsgegevens: true } },
    ]);
  });

  it('expiry does not matter: an expired document is still delivered, whatever the clock says', async () => {
    const body = zoek('999991553', 'reisdocumentnummer,datumEindeGeldigheid');
    const vroeg = answerReisdocumenten(body, new Date('2010-01-01T00:00:00Z'));
    const laat = answerReisdocumenten(body, new Date('2040-01-01T00:00:00Z'));
    expect(vroeg).toEqual(laat);
    expect(vroeg.status).toBe(200);
    expect((vroeg.body as { reisdocumenten: unknown[] }).reisdocumenten).toHaveLength(2);
  });
});

// --- (2) the feature files ------------------------------------------------------------------------

describe('raadpleeg-met-reisdocumentnummer/overzicht.feature', () => {
  const houder = persoon('000000152');
  const basis = { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' };

  it('Raadpleeg een reisdocument', async () => {
    expect(await eenReisdocument([reisdocument(houder, basis)], raadpleeg('NE3663258', 'reisdocumentnummer,houder'))).toEqual({
      reisdocumentnummer: 'NE3663258',
      houder: { burgerservicenummer: '000000152' },
    });
  });

  it('Raadpleeg een niet bestaand reisdocument', async () => {
    expect(reisdocumenten(await vraag([reisdocument(houder, basis)], raadpleeg('NE3663259', 'reisdocumentnummer,houder')))).toEqual([]);
  });

  it("'soort reisdocument (35.10)' is in onderzoek en wordt gevraagd", async () => {
    const rows = [reisdocument(houder, { ...basis, '83.10': '123510', '83.20': '20230201' })];
    expect(await eenReisdocument(rows, raadpleeg('NE3663258', 'reisdocumentnummer,soort'))).toEqual({
      reisdocumentnummer: 'NE3663258',
      soort: PN,
      inOnderzoek: { soort: true, datumIngangOnderzoek: datum('2023-02-01', '1 februari 2023') },
    });
  });

  it("'soort reisdocument (35.10)' is in onderzoek en wordt niet gevraagd", async () => {
    const rows = [reisdocument(houder, { ...basis, '83.10': '123510', '83.20': '20230201' })];
    expect(await eenReisdocument(rows, raadpleeg('NE3663258', 'reisdocumentnummer'))).toEqual({ reisdocumentnummer: 'NE3663258' });
  });
});

// fields.feature exists for both query types; raadplegen has the inhoudingOfVermissing paths too.
for (const [feature, vraagMet, metInhouding] of [
  ['raadpleeg-met-reisdocumentnummer/fields.feature', (f: string) => raadpleeg('NE3663258', f), true],
  ['zoek-met-burgerservicenummer/fields.feature', (f: string) => zoek('000000152', f), false],
] as const) {
  describe(feature, () => {
    const rows = [reisdocument(persoon('000000152'), metInhouding
      ? { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '35.60': '20230405', '35.70': 'I' }
      : { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' })];
    // Zoeken only delivers documents still in possession, so its Achtergrond has no inhouding.

    it("'nummer reisdocument (35.20)' wordt gevraagd met field pad 'reisdocumentnummer'", async () => {
      expect(await eenReisdocument(rows, vraagMet('reisdocumentnummer'))).toEqual({ reisdocumentnummer: 'NE3663258' });
    });

    it.each(['soort', 'soort.code', 'soort.omschrijving'])("'soort reisdocument (35.10)' wordt gevraagd met field pad '%s'", async (field) => {
      expect(await eenReisdocument(rows, vraagMet(field))).toEqual({ soort: PN });
    });

    it.each(['', '.type', '.datum', '.jaar', '.maand', '.onbekend', '.langFormaat'].map((d) => `datumEindeGeldigheid${d}`))(
      "'datum einde geldigheid reisdocument (35.50)' wordt gevraagd met field pad '%s'", async (field) => {
        expect(await eenReisdocument(rows, vraagMet(field))).toEqual({ datumEindeGeldigheid: datum('2024-05-06', '6 mei 2024') });
      });

    if (metInhouding) {
      it.each(['', '.type', '.datum', '.jaar', '.maand', '.onbekend', '.langFormaat'].map((d) => `datum${d}`))(
        "'datum inhouding dan wel vermissing Nederlands reisdocument (35.60)' wordt gevraagd met field pad 'inhoudingOfVermissing.%s'", async (field) => {
          expect(await eenReisdocument(rows, vraagMet(`inhoudingOfVermissing.${field}`))).toEqual({
            inhoudingOfVermissing: { datum: datum('2023-04-05', '5 april 2023') },
          });
        });

      it.each(['aanduiding', 'aanduiding.code', 'aanduiding.omschrijving'])(
        "'aanduiding inhouding dan wel vermissing Nederlands reisdocument (35.70)' wordt gevraagd met field pad 'inhoudingOfVermissing.%s'", async (field) => {
          expect(await eenReisdocument(rows, vraagMet(`inhoudingOfVermissing.${field}`))).toEqual({
            inhoudingOfVermissing: { aanduiding: INGEHOUDEN },
          });
        });
    }

    it("'burgerservicenummer' van houder wordt gevraagd met field pad 'houder.burgerservicenummer'", async () => {
      expect(await eenReisdocument(rows, vraagMet('houder.burgerservicenummer'))).toEqual({ houder: { burgerservicenummer: '000000152' } });
    });
  });
}

for (const [feature, vraagMet] of [
  ['raadpleeg-met-reisdocumentnummer/soort-reisdocument.feature', (f: string) => raadpleeg('NE3663258', f)],
  ['zoek-met-burgerservicenummer/soort-reisdocument.feature', (f: string) => zoek('000000024', f)],
] as const) {
  describe(feature, () => {
    it.each([
      ['PD', 'Diplomatiek paspoort'],
      ['R1', 'Reisdocument ouder1'],
      ['TE', 'Tweede paspoort (zakenpaspoort)'],
    ])('soort reisdocument heeft de waarde %s', async (code, omschrijving) => {
      const rows = [reisdocument(persoon('000000024'), { '35.10': code, '35.20': 'NE3663258' })];
      expect(await eenReisdocument(rows, vraagMet('soort'))).toEqual({ soort: { code, omschrijving } });
    });

    it('soort reisdocument heeft de waarde ..', async () => {
      const rows = [reisdocument(persoon('000000024'), { '35.10': '..', '35.20': 'NE3663258' })];
      expect(await eenReisdocument(rows, vraagMet('soort'))).toEqual({});
    });
  });
}

for (const feature of ['raadpleeg-met-reisdocumentnummer/inhouding-of-vermissing.feature', 'raadpleeg-met-reisdocumentnummer/gba/inhouding-of-vermissing-gba.feature']) {
  describe(feature, () => {
    it.each([
      ['I', 'ingehouden of ingeleverd'],
      ['R', 'van rechtswege vervallen'],
      ['V', 'vermist'],
      ['.', 'onbekend'],
    ])("'aanduiding inhouding dan wel vermissing Nederlands reisdocument (35.70)' wordt gevraagd en heeft waarde '%s'", async (code, omschrijving) => {
      const rows = [reisdocument(persoon('000000152'), { '35.10': 'PN', '35.20': 'NE3663258', '35.70': code })];
      expect(await eenReisdocument(rows, raadpleeg('NE3663258', 'inhoudingOfVermissing.aanduiding'))).toEqual({
        inhoudingOfVermissing: { aanduiding: { code, omschrijving } },
      });
    });
  });
}

describe('raadpleeg-met-reisdocumentnummer/in-onderzoek.feature', () => {
  const ONDERZOEK_2023_05_06 = datum('2023-05-06', '6 mei 2023');
  const ONDERZOEK_2023_02_01 = datum('2023-02-01', '1 februari 2023');
  const metOnderzoek = (code: string) => [reisdocument(persoon('000000152'), {
    '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '35.60': '20230405', '35.70': 'I', '83.10': code, '83.20': '20230506',
  })];
  const velden = { reisdocumentnummer: 'NE3663258', soort: PN, datumEindeGeldigheid: datum('2024-05-06', '6 mei 2024') };
  const inhouding = { datum: datum('2023-04-05', '5 april 2023'), aanduiding: INGEHOUDEN };

  it.each([
    ['120000', 'hele categorie reisdocument', { reisdocumentnummer: true, soort: true, datumEindeGeldigheid: true }],
    ['123500', 'hele groep Nederlands reisdocument', { reisdocumentnummer: true, soort: true, datumEindeGeldigheid: true }],
    ['123510', 'soort Nederlands reisdocument', { soort: true }],
    ['123520', 'nummer Nederlands reisdocument', { reisdocumentnummer: true }],
    ['123550', 'datum einde geldigheid Nederlands reisdocument', { datumEindeGeldigheid: true }],
  ])("'%s' (%s) is in onderzoek en de velden reisdocumentnummer, soort en datumEindeGeldigheid worden gevraagd", async (code, _type, flags) => {
    expect(await eenReisdocument(metOnderzoek(code), raadpleeg('NE3663258', 'reisdocumentnummer,soort,datumEindeGeldigheid'))).toEqual({
      ...velden,
      inOnderzoek: { ...flags, datumIngangOnderzoek: ONDERZOEK_2023_05_06 },
    });
  });

  it.each([
    ['123530', 'datum uitgifte Nederlands reisdocument'],
    ['123540', 'autoriteit van uitgifte Nederlands reisdocument'],
    ['123560', 'datum inhouding/vermissing Nederlands reisdocument'],
    ['123570', 'aanduiding inhouding/vermissing Nederlands reisdocument'],
  ])("'%s' (%s) is in onderzoek en de velden reisdocumentnummer, soort en datumEindeGeldigheid worden gevraagd (geen inOnderzoek)", async (code) => {
    expect(await eenReisdocument(metOnderzoek(code), raadpleeg('NE3663258', 'reisdocumentnummer,soort,datumEindeGeldigheid'))).toEqual(velden);
  });

  it.each([
    ['120000', 'hele categorie reisdocument', { datum: true, aanduiding: true }],
    ['123500', 'hele groep Nederlands reisdocument', { datum: true, aanduiding: true }],
    ['123560', 'datum inhouding/vermissing Nederlands reisdocument', { datum: true }],
    ['123570', 'aanduiding inhouding/vermissing Nederlands reisdocument', { aanduiding: true }],
  ])("'%s' (%s) is in onderzoek en de inhouding/vermissing velden wordt gevraagd", async (code, _type, flags) => {
    expect(await eenReisdocument(metOnderzoek(code), raadpleeg('NE3663258', 'inhoudingOfVermissing'))).toEqual({
      inhoudingOfVermissing: { ...inhouding, inOnderzoek: { ...flags, datumIngangOnderzoek: ONDERZOEK_2023_05_06 } },
    });
  });

  it.each(['123510', '123520', '123530', '123540', '123550'])(
    "'%s' is in onderzoek en de inhouding/vermissing velden wordt gevraagd (geen inOnderzoek)", async (code) => {
      expect(await eenReisdocument(metOnderzoek(code), raadpleeg('NE3663258', 'inhoudingOfVermissing'))).toEqual({ inhoudingOfVermissing: inhouding });
    });

  const houderInOnderzoek = (code: string) => [reisdocument(
    persoon('000000152', { inOnderzoek: { aanduidingGegevensInOnderzoek: code, datumIngangOnderzoek: '20230201' } }),
    { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' },
  )];

  it.each([
    ['010000', 'hele categorie persoon'],
    ['010100', 'hele groep identificatienummers'],
    ['010120', 'burgerservicenummer'],
  ])("'%s' (%s) is in onderzoek en de houder velden wordt gevraagd", async (code) => {
    expect(await eenReisdocument(houderInOnderzoek(code), raadpleeg('NE3663258', 'houder'))).toEqual({
      houder: { burgerservicenummer: '000000152', inOnderzoek: { burgerservicenummer: true, datumIngangOnderzoek: ONDERZOEK_2023_02_01 } },
    });
  });

  it.each([
    ['010300', 'hele groep geboorte'],
    ['010410', 'geslachtsaanduiding'],
  ])("'%s' (%s) is in onderzoek en de houder velden wordt gevraagd (geen veld van houder resource)", async (code) => {
    expect(await eenReisdocument(houderInOnderzoek(code), raadpleeg('NE3663258', 'houder'))).toEqual({ houder: { burgerservicenummer: '000000152' } });
  });

  it.each(['123510', '123520'])("'%s' is in onderzoek en de houder velden wordt gevraagd (niet gevraagd veld van reisdocument resource)", async (code) => {
    const rows = [reisdocument(persoon('000000152'), { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '83.10': code, '83.20': '20230201' })];
    expect(await eenReisdocument(rows, raadpleeg('NE3663258', 'houder'))).toEqual({ houder: { burgerservicenummer: '000000152' } });
  });
});

describe('zoek-met-burgerservicenummer/in-onderzoek.feature', () => {
  const ONDERZOEK_2023_05_06 = datum('2023-05-06', '6 mei 2023');
  const ONDERZOEK_2023_02_01 = datum('2023-02-01', '1 februari 2023');
  const basis = { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' };
  const velden = { reisdocumentnummer: 'NE3663258', soort: PN, datumEindeGeldigheid: datum('2024-05-06', '6 mei 2024') };
  const metOnderzoek = (code: string, ingang = '20230506') => [reisdocument(persoon('000000152'), { ...basis, '83.10': code, '83.20': ingang })];
  const houderInOnderzoek = (code: string) => [reisdocument(
    persoon('000000152', { inOnderzoek: { aanduidingGegevensInOnderzoek: code, datumIngangOnderzoek: '20230201' } }), basis)];

  it.each([
    ['120000', { reisdocumentnummer: true, soort: true, datumEindeGeldigheid: true }],
    ['123500', { reisdocumentnummer: true, soort: true, datumEindeGeldigheid: true }],
    ['123510', { soort: true }],
    ['123520', { reisdocumentnummer: true }],
    ['123550', { datumEindeGeldigheid: true }],
  ])("'%s' is in onderzoek en de velden reisdocumentnummer, soort en datumEindeGeldigheid worden gevraagd", async (code, flags) => {
    expect(await eenReisdocument(metOnderzoek(code), zoek('000000152', 'reisdocumentnummer,soort,datumEindeGeldigheid'))).toEqual({
      ...velden,
      inOnderzoek: { ...flags, datumIngangOnderzoek: ONDERZOEK_2023_05_06 },
    });
  });

  it.each(['123530', '123540', '123560', '123570'])(
    "'%s' is in onderzoek en de velden reisdocumentnummer, soort en datumEindeGeldigheid worden gevraagd (geen inOnderzoek)", async (code) => {
      expect(await eenReisdocument(metOnderzoek(code), zoek('000000152', 'reisdocumentnummer,soort,datumEindeGeldigheid'))).toEqual(velden);
    });

  it.each(['010000', '010100', '010120'])("'%s' is in onderzoek en de houder velden wordt gevraagd", async (code) => {
    expect(await eenReisdocument(houderInOnderzoek(code), zoek('000000152', 'houder'))).toEqual({
      houder: { burgerservicenummer: '000000152', inOnderzoek: { burgerservicenummer: true, datumIngangOnderzoek: ONDERZOEK_2023_02_01 } },
    });
  });

  it.each(['houder', 'houder.burgerservicenummer'])("'persoon' is in onderzoek en de %s wordt gevraagd", async (fields) => {
    expect(await eenReisdocument(houderInOnderzoek('010000'), zoek('000000152', fields))).toEqual({
      houder: { burgerservicenummer: '000000152', inOnderzoek: { burgerservicenummer: true, datumIngangOnderzoek: ONDERZOEK_2023_02_01 } },
    });
  });

  it.each(['010300', '010410'])("'%s' is in onderzoek en de houder velden wordt gevraagd (geen veld van houder resource)", async (code) => {
    expect(await eenReisdocument(houderInOnderzoek(code), zoek('000000152', 'houder'))).toEqual({ houder: { burgerservicenummer: '000000152' } });
  });

  it.each(['123510', '123520'])("'%s' is in onderzoek en de houder velden wordt gevraagd (niet gevraagd veld van reisdocument resource)", async (code) => {
    expect(await eenReisdocument(metOnderzoek(code, '20230201'), zoek('000000152', 'houder'))).toEqual({ houder: { burgerservicenummer: '000000152' } });
  });

  it("gba/in-onderzoek-gba.feature: 'persoon' is in onderzoek en houder wordt niet gevraagd", async () => {
    expect(await eenReisdocument(houderInOnderzoek('010000'), zoek('000000152', 'reisdocumentnummer,soort'))).toEqual({ reisdocumentnummer: 'NE3663258', soort: PN });
  });
});

for (const [feature, vraagMet, metInhouding] of [
  ['raadpleeg-met-reisdocumentnummer/opschorting-bijhouding.feature', (f: string) => raadpleeg('NE3663258', f), true],
  ['zoek-met-burgerservicenummer/opschorting-bijhouding.feature', (f: string) => zoek('000000024', f), false],
] as const) {
  describe(feature, () => {
    const opgeschort = (reden: string, datumOpschorting: string) => persoon('000000024', { opschortingBijhouding: { datum: datumOpschorting, reden: { code: reden } } });

    it.each([
      ['O', 'overlijden'],
      ['E', 'emigratie'],
      ['M', 'ministerieel besluit'],
      ['R', 'pl is aangelegd in de rni'],
      ['.', 'onbekend'],
    ])("'reden opschorting bijhouding (67.20)' met waarde '%s'", async (code, omschrijving) => {
      const [iso, lang, stored] = metInhouding ? ['2022-08-29', '29 augustus 2022', '20220829'] : ['2023-04-02', '2 april 2023', '20230402'];
      const rows = [reisdocument(opgeschort(code, stored), { '35.10': 'PN', '35.20': 'NE3663258' })];
      expect(await eenReisdocument(rows, vraagMet('houder.burgerservicenummer'))).toEqual({
        houder: { burgerservicenummer: '000000024', opschortingBijhouding: { reden: { code, omschrijving }, datum: datum(iso, lang) } },
      });
    });

    const OVERLEDEN = { opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: datum('2023-04-02', '2 april 2023') } };
    const rows = [reisdocument(opgeschort('O', '20230402'), metInhouding
      ? { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '35.60': '20230305', '35.70': 'I' }
      : { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20320506' })];
    const voorbeelden: [string, Reisdocument][] = [
      ['reisdocumentnummer', { reisdocumentnummer: 'NE3663258' }],
      ['soort', { soort: PN }],
      ...(metInhouding
        ? [['inhoudingOfVermissing.aanduiding', { inhoudingOfVermissing: { aanduiding: INGEHOUDEN } }] as [string, Reisdocument]]
        : [
          ['datumEindeGeldigheid', { datumEindeGeldigheid: datum('2032-05-06', '6 mei 2032') }] as [string, Reisdocument],
          ['inhoudingOfVermissing.datum', {}] as [string, Reisdocument],
          ['inhoudingOfVermissing.aanduiding', {}] as [string, Reisdocument],
        ]),
    ];
    it.each(voorbeelden)("Opschorting bijhouding wordt geleverd wanneer met fields is gevraagd om '%s'", async (fields, verwacht) => {
      expect(await eenReisdocument(rows, vraagMet(fields))).toEqual({ ...verwacht, houder: OVERLEDEN });
    });
  });
}

for (const [feature, vraagMet] of [
  ['raadpleeg-met-reisdocumentnummer/geheimhouding/overzicht.feature', (f: string) => raadpleeg('NE3663258', f)],
  ['zoek-met-burgerservicenummer/geheimhouding/overzicht.feature', (f: string) => zoek('000000152', f)],
] as const) {
  describe(feature, () => {
    const rows = (indicatie: string) => [reisdocument(persoon('000000152', { geheimhoudingPersoonsgegevens: indicatie }), { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20330506' })];

    it('reisdocument van een persoon die toestemming heeft gegeven voor het verstrekken van zijn gegevens aan derden, wordt geraadpleegd', async () => {
      expect(await eenReisdocument(rows('0'), vraagMet('reisdocumentnummer'))).toEqual({ reisdocumentnummer: 'NE3663258' });
    });

    it.each(['1', '2', '3', '4', '5', '6', '7'])('persoon met indicatie geheim %s, wordt geraadpleegd met reisdocumentnummer', async (indicatie) => {
      expect(await eenReisdocument(rows(indicatie), vraagMet('reisdocumentnummer'))).toEqual({
        reisdocumentnummer: 'NE3663258',
        houder: { geheimhoudingPersoonsgegevens: true },
      });
    });

    it.each([
      ['reisdocumentnummer', { reisdocumentnummer: 'NE3663258' }],
      ['soort', { soort: PN }],
      ['reisdocumentnummer,soort', { reisdocumentnummer: 'NE3663258', soort: PN }],
      ['datumEindeGeldigheid', { datumEindeGeldigheid: datum('2033-05-06', '6 mei 2033') }],
      ['inhoudingOfVermissing.datum', {}],
      ['inhoudingOfVermissing.aanduiding', {}],
      ['houder', { houder: { burgerservicenummer: '000000152' } }],
      ['houder.burgerservicenummer', { houder: { burgerservicenummer: '000000152' } }],
    ] as [string, Reisdocument][])('persoon met indicatie geheim en %s wordt gevraagd', async (fields, verwacht) => {
      const houder = { ...(verwacht.houder as Record<string, unknown> | undefined), geheimhoudingPersoonsgegevens: true };
      expect(await eenReisdocument(rows('7'), vraagMet(fields))).toEqual({ ...verwacht, houder });
    });
  });
}

describe('zoek-met-burgerservicenummer/overzicht.feature', () => {
  const houder = persoon('000000152');
  const NE3663258_INGELEVERD = reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20231106', '35.60': '20221229', '35.70': 'I' });
  const NWE45TN71 = reisdocument(houder, { '35.10': 'PN', '35.20': 'NWE45TN71', '35.50': '20330317' });

  it('de gezochte persoon heeft één reisdocument', async () => {
    const rows = [reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' })];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NE3663258' }]);
  });

  it('de gezochte persoon heeft meerdere reisdocumenten', async () => {
    const rows = [
      reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506' }),
      reisdocument(houder, { '35.10': 'NI', '35.20': 'ID82046A7', '35.50': '20281103' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([
      { reisdocumentnummer: 'NE3663258' },
      { reisdocumentnummer: 'ID82046A7' },
    ]);
  });

  it('de gezochte persoon heeft geen reisdocument', async () => {
    const rows = [reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258' }), { houder: persoon('987654321') }];
    expect(reisdocumenten(await vraag(rows, zoek('987654321', 'reisdocumentnummer,houder')))).toEqual([]);
  });

  it('de gezochte persoon bestaat niet', async () => {
    expect(reisdocumenten(await vraag([reisdocument(houder, { '35.20': 'NE3663258' })], zoek('987654321', 'reisdocumentnummer,houder')))).toEqual([]);
  });

  it('de gezochte persoon heeft het reisdocument ingeleverd', async () => {
    expect(reisdocumenten(await vraag([NE3663258_INGELEVERD], zoek('000000152', 'reisdocumentnummer')))).toEqual([]);
  });

  it('de gezochte persoon heeft meerdere reisdocumenten ingeleverd en heeft één reisdocument nog in bezit', async () => {
    const rows = [
      NE3663258_INGELEVERD,
      NWE45TN71,
      reisdocument(houder, { '35.10': 'PN', '35.20': 'PP82046A7', '35.50': '20281103', '35.60': '20230205', '35.70': 'I' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NWE45TN71' }]);
  });

  it('de gezochte persoon heeft reisdocumenten ingeleverd en vermist en heeft verschillende soorten reisdocumenten in bezit', async () => {
    const rows = [
      NE3663258_INGELEVERD,
      NWE45TN71,
      reisdocument(houder, { '35.10': 'NI', '35.20': 'ID82046A7', '35.50': '20281103', '35.60': '20230205', '35.70': 'V' }),
      reisdocument(houder, { '35.10': 'NI', '35.20': 'ID23NW456', '35.50': '20330221' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([
      { reisdocumentnummer: 'NWE45TN71' },
      { reisdocumentnummer: 'ID23NW456' },
    ]);
  });

  const inOnderzoek = [reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '83.10': '123510', '83.20': '20230201' })];

  it("'soort reisdocument (35.10)' is in onderzoek en wordt gevraagd", async () => {
    expect(await eenReisdocument(inOnderzoek, zoek('000000152', 'reisdocumentnummer,soort'))).toEqual({
      reisdocumentnummer: 'NE3663258',
      soort: PN,
      inOnderzoek: { soort: true, datumIngangOnderzoek: datum('2023-02-01', '1 februari 2023') },
    });
  });

  it("'soort reisdocument (35.10)' is in onderzoek en wordt niet gevraagd", async () => {
    expect(await eenReisdocument(inOnderzoek, zoek('000000152', 'reisdocumentnummer'))).toEqual({ reisdocumentnummer: 'NE3663258' });
  });
});

describe('zoek-met-burgerservicenummer/reisdocumentnummer-standaardwaarde.feature', () => {
  it('Reisdocumentnummer heeft de standaardwaarde', async () => {
    const rows = [reisdocument(persoon('000000024'), { '35.10': 'PN', '35.20': '.........', '35.50': '20330506' })];
    expect(await eenReisdocument(rows, zoek('000000024', 'reisdocumentnummer'))).toEqual({});
  });
});

describe('zoek-met-burgerservicenummer/gba/actuele-reisdocumenten-gba.feature', () => {
  const houder = persoon('000000152');
  const met = (aanduiding: string) => [reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20371106', '35.60': '20221229', '35.70': aanduiding })];

  it.each([['I', 'reisdocument ingeleverd'], ['V', 'vermist reisdocument']])('de persoon heeft een %s (%s) en heeft geen ander reisdocument: 0 reisdocumenten', async (aanduiding) => {
    expect(reisdocumenten(await vraag(met(aanduiding), zoek('000000152', 'reisdocumentnummer')))).toEqual([]);
  });

  it.each([['R', 'van rechtswege vervallen reisdocument'], ['.', 'vermist of ingehouden reisdocument met onbekende aanduiding']])(
    'de persoon heeft een %s (%s) en heeft geen ander reisdocument: 1 reisdocument', async (aanduiding) => {
      expect(reisdocumenten(await vraag(met(aanduiding), zoek('000000152', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NE3663258' }]);
    });

  it('de persoon heeft een reisdocument ingeleverd en heeft een ander reisdocument van dezelfde soort nog in bezit', async () => {
    const rows = [
      reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20231106', '35.60': '20221229', '35.70': 'I' }),
      reisdocument(houder, { '35.10': 'PN', '35.20': 'NWE45TN71', '35.50': '20330317' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NWE45TN71' }]);
  });

  it('de persoon staat in het Register paspoortsignaleringen (a row without group 35 data is no reisdocument)', async () => {
    const rows = [reisdocument(houder, { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20271106' }), { houder }];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NE3663258' }]);
  });
});

describe('gba/opschorting-bijhouding-gba.feature (raadpleeg-met-reisdocumentnummer and zoek-met-burgerservicenummer)', () => {
  const gewist = persoon('000000024', { opschortingBijhouding: { datum: '20220829', reden: { code: 'W' } } });

  it.each(['reisdocumentnummer', 'soort', 'houder.burgerservicenummer'])('persoonslijst heeft opschorting bijhouding reden "W" en %s van het reisdocument wordt gevraagd', async (fields) => {
    const rows = [reisdocument(gewist, { '35.10': 'PN', '35.20': 'NE3663258' })];
    expect(reisdocumenten(await vraag(rows, raadpleeg('NE3663258', fields)))).toEqual([]);
    expect(reisdocumenten(await vraag(rows, zoek('000000024', fields)))).toEqual([]);
  });

  it('raadpleeg: persoonslijst heeft opschorting bijhouding reden "W" en zelfde reisdocumentnummer is gebruikt op andere persoonslijst', async () => {
    const rows = [
      reisdocument(gewist, { '35.10': 'PN', '35.20': 'NE3663258' }),
      reisdocument(persoon('000000048'), { '35.10': 'PN', '35.20': 'NE3663258' }),
    ];
    expect(reisdocumenten(await vraag(rows, raadpleeg('NE3663258', 'houder.burgerservicenummer')))).toEqual([{ houder: { burgerservicenummer: '000000048' } }]);
  });

  it('zoek: persoonslijst heeft opschorting bijhouding reden "W" en zelfde burgerservicenummer op een andere persoonslijst', async () => {
    const rows = [
      reisdocument(gewist, { '35.10': 'PN', '35.20': 'NE3663258' }),
      reisdocument(persoon('000000024'), { '35.10': 'PN', '35.20': 'NE8372664' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000024', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NE8372664' }]);
  });
});

// --- (2) and (3): the error cases -----------------------------------------------------------------

interface InvalidParam { code: string; name: string; reason: string }

/** The 400 paramsValidation problem the fout-cases features describe. */
async function verwachtParamsValidation(body: unknown, invalidParams: InvalidParam[], detailNames?: string): Promise<void> {
  const res = await post(mock.url, body);
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const names = detailNames ?? [...new Set(invalidParams.map((p) => p.name))].join(', ');
  expect(res.body).toEqual({
    type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
    title: 'Een of meerdere parameters zijn niet correct.',
    status: 400,
    detail: `De foutieve parameter(s) zijn: ${names}.`,
    code: 'paramsValidation',
    instance: INSTANCE,
    invalidParams,
  });
  // The feature files' strings that the spec's own patterns reject: ':' in detail, 'fields[0]' as a
  // name, a regex in the reason. The mock follows the feature files; only these checks are set aside.
  const conflict = (e: { keyword: string; instancePath: string }) => e.keyword === 'pattern'
    && (e.instancePath === '/detail' || /^\/invalidParams\/\d+\/(name|reason)$/.test(e.instancePath));
  expect(schema.validate('BadRequestFoutbericht', res.body).filter((e) => !conflict(e))).toEqual([]);
}

const REQUIRED = (name: string): InvalidParam => ({ code: 'required', name, reason: 'Parameter is verplicht.' });

describe('raadpleeg-met-reisdocumentnummer/fout-cases.feature', () => {
  it('De reisdocumentnummer parameter is niet opgegeven', async () => {
    await verwachtParamsValidation({ type: 'RaadpleegMetReisdocumentnummer', fields: ['reisdocumentnummer'] }, [REQUIRED('reisdocumentnummer')]);
  });

  it('De reisdocumentnummer parameter bevat een lege lijst', async () => {
    await verwachtParamsValidation({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: [], fields: ['reisdocumentnummer'] },
      [{ code: 'minItems', name: 'reisdocumentnummer', reason: 'Array bevat minder dan 1 items.' }]);
  });

  it.each([
    ['12345678', 'De opgegeven reisdocumentnummer is een string met minder dan negen cijfers'],
    ['1234567890', 'De opgegeven reisdocumentnummer is een string met meer dan negen cijfers'],
    ['ABCDEFGHi', 'De opgegeven reisdocumentnummer is een string met één of meerdere kleine letters'],
    ['<script>ABCDE6789</script>', 'De opgegeven reisdocumentnummer bevat niet-cijfer en niet-hoofdletter karakters'],
  ])('%s: %s', async (nummer) => {
    await verwachtParamsValidation({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: [nummer], fields: ['reisdocumentnummer'] },
      [{ code: 'pattern', name: 'reisdocumentnummer[0]', reason: 'Waarde voldoet niet aan patroon ^[A-Z0-9]{9}$.' }]);
  });

  it('De reisdocumentnummer parameter bevat meer dan 1 reisdocumentnummer', async () => {
    await verwachtParamsValidation({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: ['AB1234567', 'BC8901234'], fields: ['reisdocumentnummer'] },
      [{ code: 'maxItems', name: 'reisdocumentnummer', reason: 'Array bevat meer dan 1 items.' }]);
  });

  it.each([
    ['zoeken met parameter uit ander zoektype', 'burgerservicenummer', '123456789'],
    ['zoeken met niet gespecificeerde parameter', 'geslachtsnaam', 'Jansen'],
  ])('%s', async (_titel, parameter, waarde) => {
    await verwachtParamsValidation({ type: 'RaadpleegMetReisdocumentnummer', reisdocumentnummer: ['AB1234567'], [parameter]: waarde, fields: ['reisdocumentnummer'] },
      [{ code: 'unknownParam', name: parameter, reason: 'Parameter is niet verwacht.' }]);
  });
});

describe('zoek-met-burgerservicenummer/fout-cases.feature', () => {
  it('De burgerservicenummer parameter is niet opgegeven', async () => {
    await verwachtParamsValidation({ type: 'ZoekMetBurgerservicenummer', fields: ['reisdocumentnummer'] }, [REQUIRED('burgerservicenummer')]);
  });

  it.each([
    ['12345678', 'De opgegeven burgerservicenummer is een string met minder dan negen cijfers'],
    ['1234567890', 'De opgegeven burgerservicenummer is een string met meer dan negen cijfers'],
    ['12345678X', 'De opgegeven burgerservicenummer is een string met een letter'],
  ])('%s: %s', async (bsn) => {
    await verwachtParamsValidation({ type: 'ZoekMetBurgerservicenummer', burgerservicenummer: bsn, fields: ['reisdocumentnummer'] },
      [{ code: 'pattern', name: 'burgerservicenummer', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' }]);
  });

  it.each([
    ['zoeken met parameter uit ander zoektype', 'reisdocumentnummer', 'AB1234567'],
    ['zoeken met niet gespecificeerde parameter', 'geslachtsnaam', 'Jansen'],
  ])('%s', async (_titel, parameter, waarde) => {
    await verwachtParamsValidation({ type: 'ZoekMetBurgerservicenummer', burgerservicenummer: '123456789', [parameter]: waarde, fields: ['reisdocumentnummer'] },
      [{ code: 'unknownParam', name: parameter, reason: 'Parameter is niet verwacht.' }]);
  });
});

describe('fields-fout-cases.feature', () => {
  const typen = [
    ['ZoekMetBurgerservicenummer', { burgerservicenummer: '999999321' }],
    ['RaadpleegMetReisdocumentnummer', { reisdocumentnummer: ['NE3663258'] }],
  ] as const;

  it.each(typen)('De fields parameter ontbreekt (%s)', async (type, parameter) => {
    await verwachtParamsValidation({ type, ...parameter }, [REQUIRED('fields')]);
  });

  it.each(typen)('De fields parameter bevat een lege lijst (%s)', async (type, parameter) => {
    await verwachtParamsValidation({ type, ...parameter, fields: [] }, [{ code: 'minItems', name: 'fields', reason: 'Array bevat minder dan 1 items.' }]);
  });

  it.each(typen)('De fields parameter bevat meer dan 25 veld paden (%s)', async (type, parameter) => {
    const fields = 'reisdocumentnummer,soort,soort.code,soort.omschrijving,datumEindeGeldigheid,datumEindeGeldigheid.type,datumEindeGeldigheid.datum,houder,houder.burgerservicenummer,inhoudingOfVermissing,inhoudingOfVermissing.aanduiding,inhoudingOfVermissing.datum,reisdocumentnummer,soort,soort.code,soort.omschrijving,datumEindeGeldigheid,datumEindeGeldigheid.type,datumEindeGeldigheid.datum,houder,houder.burgerservicenummer,inhoudingOfVermissing,inhoudingOfVermissing.aanduiding,inhoudingOfVermissing.datum,reisdocumentnummer,reisdocumentnummer'.split(',');
    expect(fields.length).toBeGreaterThan(25);
    await verwachtParamsValidation({ type, ...parameter, fields }, [{ code: 'maxItems', name: 'fields', reason: 'Array bevat meer dan 25 items.' }]);
  });

  it.each(typen.flatMap(([type, parameter]) => [
    ['reisd*cumentnummer', 'fields[0]'],
    ['houder burger service nummer', 'fields[0]'],
    ['reisdocumentnummer,,houder.burgerservicenummer', 'fields[1]'],
  ].map(([fields, index]) => [type, parameter, fields, index] as const)))(
    'De fields parameter bevat één of meerdere veld paden met ongeldige karakters (%s, %j, %s)', async (type, parameter, fields, index) => {
      await verwachtParamsValidation({ type, ...parameter, fields: fields.split(',') },
        [{ code: 'pattern', name: index, reason: 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.' }]);
    });

  it.each(typen.flatMap(([type, parameter]) => [
    ['reisDocumentNummer', 'fields[0]'],
    ['reisdocumentnummer,burgerservicenummer', 'fields[1]'],
  ].map(([fields, index]) => [type, parameter, fields, index] as const)))(
    'De fields parameter bevat één of meerdere niet bestaande (onjuiste case) veld paden (%s, %j, %s)', async (type, parameter, fields, index) => {
      await verwachtParamsValidation({ type, ...parameter, fields: fields.split(',') },
        [{ code: 'fields', name: index, reason: 'Parameter bevat een niet bestaande veldnaam.' }]);
    });

  const AUTOMATISCH = [
    'inhoudingOfVermissing.inOnderzoek', 'inhoudingOfVermissing.inOnderzoek.datum', 'inhoudingOfVermissing.inOnderzoek.aanduiding',
    'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek', 'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.type',
    'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.datum', 'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.langFormaat',
    'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.onbekend', 'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.jaar',
    'inhoudingOfVermissing.inOnderzoek.datumIngangOnderzoek.maand', 'houder.geheimhoudingPersoonsgegevens', 'houder.opschortingBijhouding',
    'houder.opschortingBijhouding.datum', 'houder.opschortingBijhouding.datum.type', 'houder.opschortingBijhouding.datum.datum',
    'houder.opschortingBijhouding.datum.langFormaat', 'houder.opschortingBijhouding.datum.onbekend', 'houder.opschortingBijhouding.datum.jaar',
    'houder.opschortingBijhouding.datum.maand', 'houder.opschortingBijhouding.reden', 'houder.opschortingBijhouding.reden.code',
    'houder.opschortingBijhouding.reden.omschrijving', 'houder.inOnderzoek', 'houder.inOnderzoek.burgerservicenummer',
    'houder.inOnderzoek.datumIngangOnderzoek', 'houder.inOnderzoek.datumIngangOnderzoek.type', 'houder.inOnderzoek.datumIngangOnderzoek.datum',
    'houder.inOnderzoek.datumIngangOnderzoek.langFormaat', 'houder.inOnderzoek.datumIngangOnderzoek.onbekend', 'houder.inOnderzoek.datumIngangOnderzoek.jaar',
    'houder.inOnderzoek.datumIngangOnderzoek.maand', 'inOnderzoek', 'inOnderzoek.reisdocumentnummer', 'inOnderzoek.soort',
    'inOnderzoek.datumEindeGeldigheid', 'inOnderzoek.datumIngangOnderzoek', 'inOnderzoek.datumIngangOnderzoek.type',
    'inOnderzoek.datumIngangOnderzoek.datum', 'inOnderzoek.datumIngangOnderzoek.langFormaat', 'inOnderzoek.datumIngangOnderzoek.onbekend',
    'inOnderzoek.datumIngangOnderzoek.jaar', 'inOnderzoek.datumIngangOnderzoek.maand',
  ];

  it.each(AUTOMATISCH.map((field, i) => [field, typen[(i + 1) % 2]] as const))(
    'De fields parameter bevat één of meerdere paden van automatisch geleverde velden (%s)', async (field, [type, parameter]) => {
      await verwachtParamsValidation({ type, ...parameter, fields: [field] },
        [{ code: 'fields', name: 'fields[0]', reason: 'Parameter bevat een niet toegestane veldnaam.' }]);
    });

  it('reports every faulty path once, in order, together with a faulty parameter', async () => {
    await verwachtParamsValidation({ type: 'ZoekMetBurgerservicenummer', burgerservicenummer: '12345', fields: ['soort', 'houder.inOnderzoek', 'bestaatNiet', 'a b'] }, [
      { code: 'pattern', name: 'burgerservicenummer', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' },
      { code: 'fields', name: 'fields[1]', reason: 'Parameter bevat een niet toegestane veldnaam.' },
      { code: 'fields', name: 'fields[2]', reason: 'Parameter bevat een niet bestaande veldnaam.' },
      { code: 'pattern', name: 'fields[3]', reason: 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.' },
    ]);
  });
});

describe('zoek-fout-cases.feature', () => {
  it('er zijn geen parameters opgegeven', async () => {
    await verwachtParamsValidation({}, [REQUIRED('type')]);
    // An empty body is no parameters at all, too.
    const res = await http(`${mock.url}/reisdocumenten`, { body: '' });
    expect((res.body as { invalidParams: unknown }).invalidParams).toEqual([REQUIRED('type')]);
  });

  it("de 'type' parameter is niet opgegeven", async () => {
    await verwachtParamsValidation({ reisdocumentnummer: ['NE3663258'] }, [REQUIRED('type')]);
  });

  it.each([
    ['lege string', ''],
    ['onbekend zoek type', 'ZoekMetGeslachtsnaam'],
    ['geldig zoek type met verkeerde casing', 'zoekmetburgerservicenummer'],
  ])("een %s is opgegeven als 'type' waarde", async (_omschrijving, type) => {
    await verwachtParamsValidation({ type }, [{ code: 'value', name: 'type', reason: 'Waarde is geen geldig zoek type.' }]);
  });

  const typen = [
    ['ZoekMetBurgerservicenummer', { burgerservicenummer: '000000024' }],
    ['RaadpleegMetReisdocumentnummer', { reisdocumentnummer: ['NE3663258'] }],
  ] as const;

  it.each(typen)("'application/xml' is opgegeven als Accept content type (%s)", async (type, parameter) => {
    const res = await post(mock.url, { type, ...parameter, fields: ['reisdocumentnummer'] }, { 'content-type': 'application/json', accept: 'application/xml' });
    expect(res.status).toBe(406);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6',
      title: 'Gevraagde content type wordt niet ondersteund.',
      status: 406,
      detail: 'Ondersteunde content type: application/json; charset=utf-8.',
      instance: INSTANCE,
      code: 'notAcceptable',
    });
  });

  it.each(['*/*', '*/*; charset=utf-8', '*/*;charset=utf-8', 'application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8',
    '*/*;charset=UTF-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'].map((accept, i) => [accept, typen[i % 2]] as const))(
    "'%s' wordt opgegeven als Accept content type", async (accept, [type, parameter]) => {
      const res = await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, { 'content-type': 'application/json', accept });
      expect(reisdocumenten(res)).toEqual([]);
    });

  it.each(typen)('Er is geen Accept header met waarde opgegeven (%s)', async (type, parameter) => {
    expect(reisdocumenten(await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, { 'content-type': 'application/json' }))).toEqual([]);
  });

  it.each(typen)('Er is een lege waarde opgegeven voor de Accept header (%s)', async (type, parameter) => {
    expect(reisdocumenten(await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, { 'content-type': 'application/json', accept: '' }))).toEqual([]);
  });

  it.each(['application/xml', 'text/csv', 'application/json; charset=cp1252', '*/*', '*/*; charset=utf-8', '*/*;charset=utf-8']
    .map((mediaType, i) => [mediaType, typen[i % 2]] as const))("'%s' is opgegeven als Content-Type waarde: 415", async (mediaType, [type, parameter]) => {
    const res = await post(mock.url, { type, ...parameter, fields: ['reisdocumentnummer'] }, { 'content-type': mediaType, accept: 'application/json' });
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13',
      title: 'Media Type wordt niet ondersteund.',
      status: 415,
      detail: 'Ondersteunde content type: application/json; charset=utf-8.',
      instance: INSTANCE,
      code: 'unsupportedMediaType',
    });
    expect(schema.validate('Foutbericht', res.body).filter((e) => !(e.keyword === 'pattern' && e.instancePath === '/detail'))).toEqual([]);
  });

  it.each(['application/json', 'application/json;charset=utf-8', 'application/json; charset=utf-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8']
    .map((mediaType, i) => [mediaType, typen[(i + 1) % 2]] as const))("'%s' is opgegeven als Content-Type waarde", async (mediaType, [type, parameter]) => {
    expect(reisdocumenten(await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, { 'content-type': mediaType }))).toEqual([]);
  });

  it.each(typen)('Er is geen Content-Type header met waarde opgegeven (%s)', async (type, parameter) => {
    expect(reisdocumenten(await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, {}))).toEqual([]);
  });

  it.each(typen)('Er is een lege waarde opgegeven voor de Content-Type header (%s)', async (type, parameter) => {
    expect(reisdocumenten(await post(mock.url, { type, ...parameter, fields: ['houder.burgerservicenummer'] }, { 'content-type': '' }))).toEqual([]);
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'])("reisdocumenten wordt gezocht met een '%s' aanroep", async (method) => {
    const res = await http(`${mock.url}/reisdocumenten`, { method, headers: {} });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5',
      title: 'Gebruikte bevragingsmethode is niet toegestaan.',
      status: 405,
      code: 'methodNotAllowed',
      instance: INSTANCE,
    });
    expect(schema.validate('Foutbericht', res.body)).toEqual([]);
  });
});

// --- (3) fields: the catalogue and the selection ------------------------------------------------

describe('REISDOCUMENT_FIELDS', () => {
  type Schema = Record<string, unknown>;
  const spec = parse(readFileSync('data/brp-reisdocumenten/openapi.yaml', 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const REF = '#/components/schemas/';

  /** Every dotted property path under a schema: properties, allOf parts and discriminator subtypes. */
  function specPaden(start: string): string[] {
    const out = new Set<string>();
    const walk = (s: Schema | undefined, prefix: string, stack: readonly string[]): void => {
      if (!s) return;
      if (typeof s.$ref === 'string') {
        const name = s.$ref.slice(REF.length);
        if (!stack.includes(name)) walk(spec.components.schemas[name], prefix, [...stack, name]);
        return;
      }
      for (const part of (s.allOf as Schema[] | undefined) ?? []) walk(part, prefix, stack);
      const mapping = (s.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping ?? {};
      for (const target of Object.values(mapping)) walk({ $ref: target }, prefix, stack);
      for (const [key, value] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) {
        const path = prefix ? `${prefix}.${key}` : key;
        out.add(path);
        walk(value, path, stack);
      }
    };
    walk({ $ref: `${REF}${start}` }, '', []);
    return [...out];
  }

  const alle = specPaden('Reisdocument');

  it('is exactly the spec\'s Reisdocument paths minus the automatically delivered ones', () => {
    expect(new Set(REISDOCUMENT_FIELDS)).toEqual(new Set(alle.filter((p) => !isAutomatischGeleverd(p))));
    expect(REISDOCUMENT_FIELDS).toContain('inhoudingOfVermissing.aanduiding.code');
    expect(REISDOCUMENT_FIELDS).not.toContain('houder.geheimhoudingPersoonsgegevens');
    for (const auto of AUTOMATISCH_GELEVERD) expect(alle).toContain(auto);
  });

  it('every path is accepted, and every automatically delivered path of the spec is refused', async () => {
    for (const field of REISDOCUMENT_FIELDS) {
      expect(answerReisdocumenten(zoek('999992740', field), NOW).status, field).toBe(200);
    }
    const auto = alle.filter(isAutomatischGeleverd);
    expect(auto.length).toBeGreaterThan(40);
    for (const field of auto) {
      const res = answerReisdocumenten(raadpleeg('NTLBCL731', field), NOW);
      expect(res.status, field).toBe(400);
      expect((res.body as unknown as { invalidParams: InvalidParam[] }).invalidParams).toEqual([
        { name: 'fields[0]', code: 'fields', reason: 'Parameter bevat een niet toegestane veldnaam.' },
      ]);
    }
  });

  it('delivers only what is asked for, in the spec\'s order, whatever the order of fields', async () => {
    const rows = [reisdocument(persoon('000000152'), { '35.10': 'PN', '35.20': 'NE3663258', '35.50': '20240506', '35.60': '20230405', '35.70': 'I' })];
    const alles = await eenReisdocument(rows, raadpleeg('NE3663258', 'houder,inhoudingOfVermissing.datum.jaar,datumEindeGeldigheid.langFormaat,soort.omschrijving,reisdocumentnummer,inhoudingOfVermissing.aanduiding'));
    expect(Object.keys(alles)).toEqual(['reisdocumentnummer', 'soort', 'datumEindeGeldigheid', 'inhoudingOfVermissing', 'houder']);
    expect(alles.inhoudingOfVermissing).toEqual({ datum: datum('2023-04-05', '5 april 2023'), aanduiding: INGEHOUDEN });
    expect(await eenReisdocument(rows, raadpleeg('NE3663258', 'soort,soort.code'))).toEqual({ soort: PN });
  });

  it('dates with unknown parts come as JaarMaandDatum, JaarDatum, DatumOnbekend', async () => {
    const rows = [
      reisdocument(persoon('000000152'), { '35.20': 'NE3663258', '35.50': '20300700', '35.60': '20200000' }),
      reisdocument(persoon('000000152'), { '35.20': 'NE3663259', '35.50': '00000000' }),
    ];
    expect(reisdocumenten(await vraag(rows, zoek('000000152', 'datumEindeGeldigheid,inhoudingOfVermissing.datum')))).toEqual([
      {
        datumEindeGeldigheid: { type: 'JaarMaandDatum', jaar: 2030, maand: 7, langFormaat: 'juli 2030' },
        inhoudingOfVermissing: { datum: { type: 'JaarDatum', jaar: 2020, langFormaat: '2020' } },
      },
      { datumEindeGeldigheid: { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' } },
    ]);
  });
});

// --- the mock's own plumbing ------------------------------------------------------------------------

describe('startReisdocumentenMock', () => {
  beforeEach(() => mock.clearRequests());
  const RAADPLEEG = raadpleeg('NTLBCL731', 'reisdocumentnummer');

  it('listens on the real port behind port 0 and reports the base URL', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/reisdocumenten$/);
    expect(mock.url).not.toContain(':0/');
  });

  it('answers anything but POST {base}/reisdocumenten with 404 problem+json', async () => {
    for (const url of [`${mock.url}/reisdocument`, `${mock.url}`, `${mock.url.replace('/reisdocumenten', '/brp')}/personen`]) {
      const res = await http(url, { body: RAADPLEEG });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, code: 'notFound' });
    }
  });

  it('records every request body and its headers, and clears them', async () => {
    await post(mock.url, RAADPLEEG, { ...JSON_HEADERS, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await http(`${mock.url}/reisdocumenten`, { body: 'not json' });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toEqual(RAADPLEEG);
    expect(mock.requests[0]?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(mock.requests[1]?.body).toBe('not json');
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('answers a body that is no JSON with 400 invalidJson', async () => {
    const res = await http(`${mock.url}/reisdocumenten`, { body: '{"type":' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalidJson', instance: INSTANCE });
  });

  it('failNext: a status with the problem body, a given body verbatim, a drop; then it recovers', async () => {
    mock.failNext({ status: 503 });
    mock.failNext({ status: 400, body: { code: 'paramsValidation' } });
    mock.failNext({ destroySocket: true });
    const first = await post(mock.url, RAADPLEEG);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 503, code: 'notAvailable', title: 'Bronservice BRP is tijdelijk niet beschikbaar.' });
    const second = await post(mock.url, RAADPLEEG);
    expect(second.body).toEqual({ code: 'paramsValidation' });
    await expect(post(mock.url, RAADPLEEG)).rejects.toThrow();
    expect(reisdocumenten(await post(mock.url, RAADPLEEG))).toEqual([{ reisdocumentnummer: 'NTLBCL731' }]);
    expect(mock.requests).toHaveLength(4);
  });
});

describe('npm run mock:reisdocumenten (src/dev/mocks/reisdocumenten/standalone.ts)', () => {
  it('logs one JSON line with its URL and serves it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev/mocks/reisdocumenten/standalone.ts'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const line = JSON.parse(chunk.toString('utf8').trim().split('\n')[0] ?? '') as { url: string; level: string; service: string };
      expect(line.level).toBe('info');
      expect(line.service).toBe('mock-reisdocumenten');
      expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/reisdocumenten$/);
      expect(reisdocumenten(await post(line.url, raadpleeg('NTLBCL731', 'reisdocumentnummer')))).toEqual([{ reisdocumentnummer: 'NTLBCL731' }]);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
