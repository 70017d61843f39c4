// Error responses of the mock BRP upstream, exactly as the official feature files give them
// (fields-fout-cases, zoek-fout-cases, raadpleeg-met-burgerservicenummer/fout-cases,
// persoon/verblijfplaats/fields-alias-fout-cases).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFieldsCsv } from '../src/dev/mocks/brp/data.ts';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { postPersonen, problem, type Antwoord } from './support/mock-brp-client.ts';

let mock: BrpMock;
beforeAll(async () => {
  mock = await startBrpMock({ port: 0 });
});
afterAll(async () => mock?.close());

const RAADPLEEG = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['000000139'] };
const ZOEK = { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'Kierkegaard', geboortedatum: '1956-11-15' };

/** Asserts the paramsValidation body of the feature files and returns its invalidParams. */
function paramsValidation(res: Antwoord, names: string[]): { name: string; code: string; reason: string }[] {
  expect(res.status).toBe(400);
  expect(res.contentType).toBe('application/problem+json');
  const p = problem(res);
  expect(p).toMatchObject({
    type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
    title: 'Een of meerdere parameters zijn niet correct.',
    status: 400,
    detail: `De foutieve parameter(s) zijn: ${names.join(', ')}.`,
    code: 'paramsValidation',
    instance: '/haalcentraal/api/brp/personen',
  });
  return p.invalidParams ?? [];
}

describe('type', () => {
  it.each([
    ['no parameters at all', {}, 'required', 'Parameter is verplicht.'],
    ['no type', { postcode: '3077AW' }, 'required', 'Parameter is verplicht.'],
    ['empty type', { type: '' }, 'value', 'Waarde is geen geldig zoek type.'],
    ['unknown type', { type: 'OnbekendZoekType' }, 'value', 'Waarde is geen geldig zoek type.'],
    ['wrong case', { type: 'zoekmetgeslachtsnaamengeboortedatum' }, 'value', 'Waarde is geen geldig zoek type.'],
  ])('%s', async (_t, body, code, reason) => {
    expect(paramsValidation(await postPersonen(mock.url, body), ['type'])).toEqual([{ code, name: 'type', reason }]);
  });
});

describe('fields', () => {
  it.each([
    ['missing', undefined, 'fields', 'required', 'Parameter is verplicht.'],
    ['an empty list', [], 'fields', 'minItems', 'Array bevat minder dan 1 items.'],
    ['a string', 'burgerservicenummer,geslacht', 'fields', 'array', 'Parameter is geen array.'],
    ['a path with *', ['a*nummer'], 'fields[0]', 'pattern', 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.'],
    ['a path with spaces', ['burger service nummer'], 'fields[0]', 'pattern', 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.'],
    ['an empty path', ['', 'burgerservicenummer'], 'fields[0]', 'pattern', 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.'],
    ['a path over 200 characters', ['bestaatookniet'.repeat(15)], 'fields[0]', 'pattern', 'Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.'],
    ['a field in the wrong case', ['anummer'], 'fields[0]', 'fields', 'Parameter bevat een niet bestaande veldnaam.'],
    ['a foreign field through the domestic alias', ['verblijfplaatsBinnenland.verblijfadres.regel1'], 'fields[0]', 'fields', 'Parameter bevat een niet bestaande veldnaam.'],
  ])('%s (raadplegen and zoeken)', async (_t, fields, name, code, reason) => {
    for (const base of [RAADPLEEG, ZOEK]) {
      const res = await postPersonen(mock.url, fields === undefined ? base : { ...base, fields });
      expect(paramsValidation(res, [name])).toEqual([{ code, name, reason }]);
    }
  });

  it('more than 130 paths', async () => {
    const fields = loadFieldsCsv('fields-Persoon.csv').slice(0, 131);
    expect(paramsValidation(await postPersonen(mock.url, { ...RAADPLEEG, fields }), ['fields']))
      .toEqual([{ code: 'maxItems', name: 'fields', reason: 'Array bevat meer dan 130 items.' }]);
  });

  it('a Persoon field when searching (PersoonBeperkt)', async () => {
    expect(paramsValidation(await postPersonen(mock.url, { ...ZOEK, fields: ['burgerservicenummer', 'aNummer'] }), ['fields[1]']))
      .toEqual([{ code: 'fields', name: 'fields[1]', reason: 'Parameter bevat een niet bestaande veldnaam.' }]);
  });

  it.each([
    'geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'opschortingBijhouding.reden.omschrijving', 'opschortingBijhouding.datum.type',
    'rni', 'rni.deelnemer.code', 'rni.categorie', 'verificatie', 'verificatie.datum.datum',
    'inOnderzoek', 'inOnderzoek.burgerservicenummer', 'inOnderzoek.datumIngangOnderzoekGemeente.langFormaat', 'naam.inOnderzoek.voornamen',
    'geboorte.inOnderzoek.datumIngangOnderzoek', 'partners.aangaanHuwelijkPartnerschap.inOnderzoek.datum',
    'adressering.indicatieVastgesteldVerblijftNietOpAdres', 'adresseringBinnenland.indicatieVastgesteldVerblijftNietOpAdres',
    'verblijfplaats.indicatieVastgesteldVerblijftNietOpAdres',
  ])('automatically delivered %s may not be asked for', async (field) => {
    for (const base of [RAADPLEEG, ZOEK]) {
      expect(paramsValidation(await postPersonen(mock.url, { ...base, fields: [field] }), ['fields[0]']))
        .toEqual([{ code: 'fields', name: 'fields[0]', reason: 'Parameter bevat een niet toegestane veldnaam.' }]);
    }
  });
});

describe('burgerservicenummer', () => {
  const raadpleeg = (burgerservicenummer: unknown) =>
    postPersonen(mock.url, { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer, fields: ['burgerservicenummer'] });

  it('missing', async () => {
    const res = await postPersonen(mock.url, { type: 'RaadpleegMetBurgerservicenummer', fields: ['burgerservicenummer'] });
    expect(paramsValidation(res, ['burgerservicenummer'])).toEqual([{ code: 'required', name: 'burgerservicenummer', reason: 'Parameter is verplicht.' }]);
  });

  it('an empty list, a string, more than 20', async () => {
    expect(paramsValidation(await raadpleeg([]), ['burgerservicenummer']))
      .toEqual([{ code: 'minItems', name: 'burgerservicenummer', reason: 'Array bevat minder dan 1 items.' }]);
    expect(paramsValidation(await raadpleeg('999994086,999994086,999994086'), ['burgerservicenummer']))
      .toEqual([{ code: 'array', name: 'burgerservicenummer', reason: 'Parameter is geen array.' }]);
    expect(paramsValidation(await raadpleeg(Array(21).fill('999993653')), ['burgerservicenummer']))
      .toEqual([{ code: 'maxItems', name: 'burgerservicenummer', reason: 'Array bevat meer dan 20 items.' }]);
  });

  it.each([['12345678'], ['1234567890'], ['<script>123456789</script>']])('not 9 digits: %s', async (bsn) => {
    expect(paramsValidation(await raadpleeg([bsn]), ['burgerservicenummer[0]']))
      .toEqual([{ code: 'pattern', name: 'burgerservicenummer[0]', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' }]);
  });

  it('every invalid item is reported once', async () => {
    expect(paramsValidation(await raadpleeg(['1234567890', '123456789', '1234567890']), ['burgerservicenummer[0]', 'burgerservicenummer[2]'])).toEqual([
      { code: 'pattern', name: 'burgerservicenummer[0]', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' },
      { code: 'pattern', name: 'burgerservicenummer[2]', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' },
    ]);
  });
});

describe('other parameters', () => {
  it.each([['123'], ['12345'], ["<script>alert('hello world');</script>"]])('gemeenteVanInschrijving %s', async (gemeente) => {
    const res = await postPersonen(mock.url, { ...RAADPLEEG, gemeenteVanInschrijving: gemeente, fields: ['burgerservicenummer'] });
    expect(paramsValidation(res, ['gemeenteVanInschrijving']))
      .toEqual([{ code: 'pattern', name: 'gemeenteVanInschrijving', reason: 'Waarde voldoet niet aan patroon ^[0-9]{4}$.' }]);
  });

  it.each([['voornamen', 'Pietje'], ['gemeenteVanInschijving', '0363'], ['bestaatNiet', 'een waarde']])('unknown parameter %s', async (name, value) => {
    const res = await postPersonen(mock.url, { ...RAADPLEEG, [name]: value, fields: ['burgerservicenummer'] });
    expect(paramsValidation(res, [name])).toEqual([{ code: 'unknownParam', name, reason: 'Parameter is niet verwacht.' }]);
  });

  it('a missing required search parameter', async () => {
    const res = await postPersonen(mock.url, { type: 'ZoekMetPostcodeEnHuisnummer', postcode: '3077AW', fields: ['burgerservicenummer'] });
    expect(paramsValidation(res, ['huisnummer'])).toEqual([{ code: 'required', name: 'huisnummer', reason: 'Parameter is verplicht.' }]);
  });

  it('postcode, huisnummer and a wildcard with too few letters', async () => {
    const res = await postPersonen(mock.url, { type: 'ZoekMetPostcodeEnHuisnummer', postcode: '0123 AB', huisnummer: '31', geslachtsnaam: 'Mo*', fields: ['burgerservicenummer'] });
    const params = paramsValidation(res, ['postcode', 'huisnummer', 'geslachtsnaam']);
    expect(params.map((p) => [p.name, p.code])).toEqual([['postcode', 'pattern'], ['huisnummer', 'integer'], ['geslachtsnaam', 'pattern']]);
    expect(params[0]?.reason).toBe('Waarde voldoet niet aan patroon ^[1-9]{1}[0-9]{3}[ ]?[A-Za-z]{2}$.');
  });

  it('a geboortedatum that is no date', async () => {
    const res = await postPersonen(mock.url, { ...ZOEK, geboortedatum: '1956-02-30', fields: ['naam'] });
    expect(paramsValidation(res, ['geboortedatum'])).toEqual([{ code: 'date', name: 'geboortedatum', reason: 'Waarde is geen geldige datum.' }]);
  });
});

describe('transport', () => {
  const body = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['000000024'], fields: ['burgerservicenummer'] };
  const UNSUPPORTED = {
    type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13',
    title: 'Media Type wordt niet ondersteund.',
    status: 415,
    detail: 'Ondersteunde content type: application/json; charset=utf-8.',
    instance: '/haalcentraal/api/brp/personen',
    code: 'unsupportedMediaType',
  };

  it.each(['application/xml', 'text/csv', 'application/json; charset=cp1252', '*/*', '*/*; charset=utf-8'])('Content-Type %s → 415', async (ct) => {
    const res = await postPersonen(mock.url, body, { 'content-type': ct });
    expect(res.status).toBe(415);
    expect(res.body).toEqual(UNSUPPORTED);
  });

  it.each(['application/json', 'application/json;charset=utf-8', 'application/json;charset=Utf-8', 'application/json; charset=UTF-8'])('Content-Type %s is fine', async (ct) => {
    expect((await postPersonen(mock.url, body, { 'content-type': ct })).status).toBe(200);
  });

  it('Accept application/xml → 406', async () => {
    const res = await postPersonen(mock.url, body, { accept: 'application/xml' });
    expect(res.status).toBe(406);
    expect(res.body).toEqual({
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6',
      title: 'Gevraagde content type wordt niet ondersteund.',
      status: 406,
      detail: 'Ondersteunde content type: application/json; charset=utf-8.',
      instance: '/haalcentraal/api/brp/personen',
      code: 'notAcceptable',
    });
  });

  it.each(['*/*', '*/*;charset=UTF-8', 'application/json', 'application/json; charset=utf-8', ''])('Accept %j is fine', async (accept) => {
    const res = await postPersonen(mock.url, body, { accept });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json; charset=utf-8');
  });

  it('malformed JSON → 400 problem+json', async () => {
    const res = await postPersonen(mock.url, '{"type": "RaadpleegMetBurgerservicenummer",');
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    expect(problem(res)).toMatchObject({ status: 400, code: 'invalidJson', instance: '/haalcentraal/api/brp/personen' });
  });

  it('unknown path → 404, other method → 405', async () => {
    const notFound = await fetch(`${mock.url}/bestaatniet`, { method: 'POST', body: '{}' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toBe('application/problem+json');
    const get = await fetch(`${mock.url}/personen`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
