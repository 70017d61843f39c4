// Derived fields of the mock BRP upstream against examples from the official feature files
// (naam/voorletters, naam/volledigeNaam, adressering/*, fields-datum) and leeftijd over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAdressering } from '../src/dev/mocks/brp/adressering.ts';
import { berekenLeeftijd, toDatum } from '../src/dev/mocks/brp/dates.ts';
import { volledigeNaam, voorletters } from '../src/dev/mocks/brp/derived.ts';
import { Onderzoek } from '../src/dev/mocks/brp/onderzoek.ts';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import type { StoredNaam, StoredPartner, StoredPersoon, StoredVerblijfplaats } from '../src/dev/mocks/brp/storage.ts';
import { personen, postPersonen } from './support/mock-brp-client.ts';

describe('dates', () => {
  it.each([
    ['19561115', { type: 'Datum', datum: '1956-11-15', langFormaat: '15 november 1956' }],
    ['20020701', { type: 'Datum', datum: '2002-07-01', langFormaat: '1 juli 2002' }],
    ['19780300', { type: 'JaarMaandDatum', jaar: 1978, maand: 3, langFormaat: 'maart 1978' }],
    ['19680000', { type: 'JaarDatum', jaar: 1968, langFormaat: '1968' }],
    ['00000000', { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' }],
  ])('%s', (stored, expected) => {
    expect(toDatum(stored)).toEqual(expected);
  });

  it('leeftijd: whole years, unknown within the birth month when the day is unknown', () => {
    const now = new Date('2025-03-15T12:00:00Z');
    expect(berekenLeeftijd('19850315', now)).toBe(40);
    expect(berekenLeeftijd('19850316', now)).toBe(39);
    expect(berekenLeeftijd('19850200', now)).toBe(40);
    expect(berekenLeeftijd('19850400', now)).toBe(39);
    expect(berekenLeeftijd('19850300', now)).toBeUndefined();
    expect(berekenLeeftijd('19850000', now)).toBeUndefined();
    expect(berekenLeeftijd('00000000', now)).toBeUndefined();
  });
});

describe('voorletters (voorletters.feature)', () => {
  it.each([
    ['Henk', 'H.'],
    ['Anna Cornelia', 'A.C.'],
    ['Johan Frank Robert', 'J.F.R.'],
    ['Theo Philip IJsbrand', 'T.P.I.'],
    ['Anne-Fleur Belle', 'A.B.'],
    ['Suzie Q', 'S.Q'],
    ['A', 'A'],
    ['J P', 'J P'],
  ])('%s → %s', (voornamen, expected) => {
    expect(voorletters(voornamen)).toBe(expected);
  });

  it('none without voornamen, and at most 40 characters', () => {
    expect(voorletters(undefined)).toBeUndefined();
    expect(voorletters('')).toBeUndefined();
    expect(voorletters(Array(30).fill('Jan').join(' '))?.length).toBeLessThanOrEqual(40);
  });
});

describe('volledigeNaam (volledigeNaam.feature)', () => {
  const naam = (voornamen: string, voorvoegsel: string, geslachtsnaam: string, titel?: string, soort?: string): StoredNaam => ({
    voornamen, voorvoegsel, geslachtsnaam, adellijkeTitelPredicaat: titel ? { code: titel, soort } : undefined,
  });
  it.each([
    [naam('Christina Maria', '', 'Maassen'), 'O', 'Christina Maria Maassen'],
    [naam('Gerrit', 'den', 'Braber'), 'M', 'Gerrit den Braber'],
    [naam('', '', 'Obbadah'), 'M', 'Obbadah'],
    [naam('Dian Marini Maya', '', '.'), 'V', 'Dian Marini Maya'],
    [naam('Jo Anne', 'van', 'Hoogh', 'JV', 'predicaat'), 'M', 'jonkheer Jo Anne van Hoogh'],
    [naam('Jo Anne', 'van', 'Hoogh', 'JH', 'predicaat'), 'V', 'jonkvrouw Jo Anne van Hoogh'],
    [naam('Carolina', 'Van', 'Naersen', 'BS', 'titel'), 'V', 'Carolina barones Van Naersen'],
    [naam('Robin Sam', 'van  den', 'Aedel', 'G', 'titel'), 'V', 'Robin Sam gravin van den Aedel'],
    [naam('Robin Sam', 'van  den', 'Aedel', 'R', 'titel'), 'V', 'Robin Sam ridder van den Aedel'],
  ])('%j (%s) → %s', (n, geslacht, expected) => {
    expect(volledigeNaam(n, geslacht)).toBe(expected);
  });

  it('no volledigeNaam for an entirely unknown name', () => {
    expect(volledigeNaam({ geslachtsnaam: '.' }, 'M')).toBeUndefined();
  });
});

function persoonMet(opts: { geslacht?: string; naam: StoredNaam; verblijfplaats?: StoredVerblijfplaats; gemeente?: string }): StoredPersoon {
  return {
    burgerservicenummer: '000000000',
    geslacht: opts.geslacht ? { code: opts.geslacht } : undefined,
    naam: opts.naam,
    verblijfplaats: opts.verblijfplaats,
    gemeenteVanInschrijving: { code: '0518', omschrijving: opts.gemeente ?? "'s-Gravenhage" },
  };
}

function adressering(p: StoredPersoon, partner?: StoredPartner): Record<string, unknown> {
  return toAdressering({
    persoon: p,
    partner,
    heeftActuelePartner: partner !== undefined && !partner.ontbindingHuwelijkPartnerschap?.datum,
    onderzoekPersoon: new Onderzoek(undefined),
    onderzoekPartner: undefined,
    onderzoekVerblijfplaats: new Onderzoek(p.verblijfplaats?.inOnderzoek),
  }) ?? {};
}

describe('adresregels (adres-regels/overzicht.feature)', () => {
  const adres = (v: StoredVerblijfplaats): Record<string, unknown> =>
    adressering(persoonMet({ naam: { geslachtsnaam: 'Groenen' }, verblijfplaats: { functieAdres: { code: 'W' }, ...v } }));

  it.each([
    [{ straat: 'Jonkheer van Riemsdijkln', huisnummer: '88' }, 'Jonkheer van Riemsdijkln 88'],
    [{ straat: 'Borgesiusstraat', huisnummer: '103', huisletter: 'c' }, 'Borgesiusstraat 103 c'],
    [{ straat: 'Daniël Stalpertstraat', huisnummer: '35', huisnummertoevoeging: 'III' }, 'Daniël Stalpertstraat 35 III'],
    [{ straat: 'Atatürkstraat', huisnummer: '9', huisnummertoevoeging: '2' }, 'Atatürkstraat 9-2'],
    [{ straat: 'St. Jacobsstraat', huisnummer: '400', huisletter: 'L', huisnummertoevoeging: 'Toe' }, 'St. Jacobsstraat 400 LToe'],
    [{ straat: 'Cronus', huisnummer: '555', huisletter: 'B', huisnummertoevoeging: '73c' }, 'Cronus 555 B73c'],
    [{ straat: 'Graan voor Visch', huisnummer: '15201', aanduidingBijHuisnummer: { code: 'by' } }, 'Graan voor Visch bij 15201'],
    [{ straat: '1e Exloërmond', huisnummer: '3', aanduidingBijHuisnummer: { code: 'to' } }, '1e Exloërmond t/o 3'],
    [{ straat: '1e Exloërmond', huisnummer: '3', huisletter: 'L', huisnummertoevoeging: '2', aanduidingBijHuisnummer: { code: 'to' } }, '1e Exloërmond t/o 3 L2'],
  ])('adresregel1 %j', (v, expected) => {
    expect(adres(v).adresregel1).toBe(expected);
  });

  it('adresregel2 with woonplaats, without woonplaats, and for a locatie', () => {
    expect(adres({ straat: 'een straat', huisnummer: '1', postcode: '2583XL', woonplaats: 'Scheveningen' }).adresregel2).toBe('2583 XL  SCHEVENINGEN');
    expect(adres({ straat: 'een straat', huisnummer: '1', postcode: '2584BZ' }).adresregel2).toBe("2584 BZ  'S-GRAVENHAGE");
    const locatie = adres({ locatiebeschrijving: 'Woonboot tegenover de Grote Sloot' });
    expect(locatie.adresregel1).toBe('Woonboot tegenover de Grote Sloot');
    expect(locatie.adresregel2).toBe("'S-GRAVENHAGE");
  });

  it('buitenland: regel1..3 and land', () => {
    const a = adres({ land: { code: '5010', omschrijving: 'België' }, regel1: 'Rue du pomme 26', regel2: 'Bruxelles', regel3: 'postcode 1000' });
    expect(a).toMatchObject({ adresregel1: 'Rue du pomme 26', adresregel2: 'Bruxelles', adresregel3: 'postcode 1000', land: { code: '5010', omschrijving: 'België' } });
  });
});

describe('aanhef, aanschrijfwijze, gebruikInLopendeTekst', () => {
  const partner = (voorvoegsel: string | undefined, geslachtsnaam: string): StoredPartner => ({ naam: { voorvoegsel, geslachtsnaam } });

  it.each([
    ['M', 'Geachte heer Groenen', 'de heer Groenen'],
    ['V', 'Geachte mevrouw Groenen', 'mevrouw Groenen'],
    ['O', 'Geachte J.R. Groenen', 'J.R. Groenen'],
  ])('by geslacht %s', (geslacht, aanhef, lopend) => {
    const a = adressering(persoonMet({ geslacht, naam: { voornamen: 'Jo Rene', geslachtsnaam: 'Groenen', aanduidingNaamgebruik: { code: 'E' } } }));
    expect(a.aanhef).toBe(aanhef);
    expect(a.gebruikInLopendeTekst).toBe(lopend);
    expect(a.aanschrijfwijze).toEqual({ naam: 'J.R. Groenen' });
  });

  it.each([
    ['E', 'Geachte mevrouw In het Veld', 'I. in het Veld', 'mevrouw In het Veld'],
    ['P', 'Geachte mevrouw Van Velzen', 'I. van Velzen', 'mevrouw Van Velzen'],
    ['V', 'Geachte mevrouw Van Velzen-in het Veld', 'I. van Velzen-in het Veld', 'mevrouw Van Velzen-in het Veld'],
    ['N', 'Geachte mevrouw In het Veld-van Velzen', 'I. in het Veld-van Velzen', 'mevrouw In het Veld-van Velzen'],
  ])('naamgebruik %s with a partner', (code, aanhef, naam, lopend) => {
    const p = persoonMet({ geslacht: 'V', naam: { voornamen: 'Iris', voorvoegsel: 'in het', geslachtsnaam: 'Veld', aanduidingNaamgebruik: { code } } });
    const a = adressering(p, partner('van', 'Velzen'));
    expect(a.aanhef).toBe(aanhef);
    expect(a.aanschrijfwijze).toEqual({ naam });
    expect(a.gebruikInLopendeTekst).toBe(lopend);
  });

  it('naamgebruik without any partner falls back to the own name', () => {
    const p = persoonMet({ geslacht: 'V', naam: { voorvoegsel: 'in het', geslachtsnaam: 'Veld', aanduidingNaamgebruik: { code: 'P' } } });
    expect(adressering(p).aanhef).toBe('Geachte mevrouw In het Veld');
  });

  it.each([
    ['E', 'J.A. barones van den Aedel', 'barones van den Aedel'],
    ['V', 'J.A. de Boer-barones van den Aedel', 'mevrouw De Boer-barones van den Aedel'],
    ['N', 'J.A. barones van den Aedel-de Boer', 'barones van den Aedel-de Boer'],
  ])('a barones with naamgebruik %s', (code, naam, lopend) => {
    const p = persoonMet({
      geslacht: 'V',
      naam: { voornamen: 'Jo Anne', adellijkeTitelPredicaat: { code: 'BS', omschrijving: 'barones', soort: 'titel' }, voorvoegsel: 'van den', geslachtsnaam: 'Aedel', aanduidingNaamgebruik: { code } },
    });
    const a = adressering(p, partner('de', 'Boer'));
    expect(a.aanschrijfwijze).toEqual({ naam, aanspreekvorm: 'De hoogwelgeboren vrouwe' });
    expect(a.gebruikInLopendeTekst).toBe(lopend);
    expect(a.aanhef).toBe('Hoogwelgeboren vrouwe');
  });

  it('a jonkheer: predicaat before the initials', () => {
    const p = persoonMet({
      geslacht: 'M',
      naam: { voornamen: 'James Antoine', adellijkeTitelPredicaat: { code: 'JH', omschrijving: 'jonkheer', soort: 'predicaat' }, voorvoegsel: 'van den', geslachtsnaam: 'Aedel', aanduidingNaamgebruik: { code: 'E' } },
    });
    const a = adressering(p, partner('de', 'Boer'));
    expect(a.aanschrijfwijze).toEqual({ naam: 'Jonkheer J.A. van den Aedel', aanspreekvorm: 'De hoogwelgeboren heer' });
    expect(a.gebruikInLopendeTekst).toBe('jonkheer van den Aedel');
  });
});

describe('leeftijd over HTTP, against the injected clock', () => {
  let mock: BrpMock;
  beforeAll(async () => {
    mock = await startBrpMock({ port: 0, now: () => new Date('2025-11-30T23:30:00Z') });
  });
  afterAll(async () => mock?.close());

  it('counts in Dutch calendar days and is absent for the deceased', async () => {
    // 2025-11-30T23:30Z is already 1 December in the Netherlands: 999993653 (1985-12-01) turns 40.
    const res = await postPersonen(mock.url, { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999993653', '999970239'], fields: ['leeftijd', 'burgerservicenummer'] });
    expect(personen(res)).toEqual([
      { burgerservicenummer: '999993653', leeftijd: 40 },
      expect.not.objectContaining({ leeftijd: expect.anything() }),
    ]);
  });
});
