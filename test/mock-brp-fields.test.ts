// The `fields` semantics of the mock BRP upstream, after the official feature files
// (bevragen/fields.feature, fields-datum.feature, the adressering alias and in-onderzoek features).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { personen, postPersonen } from './support/mock-brp-client.ts';

let mock: BrpMock;
beforeAll(async () => {
  mock = await startBrpMock({ port: 0, now: () => new Date('2025-03-15T10:00:00Z') });
});
afterAll(async () => mock?.close());

async function raadpleeg(bsn: string, fields: string[]): Promise<Record<string, unknown>> {
  const list = personen(await postPersonen(mock.url, { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields }));
  expect(list).toHaveLength(1);
  return list[0] ?? {};
}

const DATUM_1985_12_01 = { type: 'Datum', datum: '1985-12-01', langFormaat: '1 december 1985' };

describe('only the requested fields are delivered', () => {
  it('a root field', async () => {
    expect(await raadpleeg('999993653', ['aNummer'])).toEqual({ aNummer: '8940402024' });
  });

  it('several root fields', async () => {
    expect(await raadpleeg('999993653', ['aNummer', 'burgerservicenummer'])).toEqual({ aNummer: '8940402024', burgerservicenummer: '999993653' });
  });

  it('a group delivers the whole group, derived fields included', async () => {
    expect(await raadpleeg('999993653', ['naam'])).toEqual({
      naam: {
        voornamen: 'Suzanne',
        geslachtsnaam: 'Moulin',
        voorletters: 'S.',
        volledigeNaam: 'Suzanne Moulin',
        aanduidingNaamgebruik: { code: 'E', omschrijving: 'eigen geslachtsnaam' },
      },
    });
  });

  it('a group of a PersoonBeperkt delivers only what PersoonBeperkt has', async () => {
    const list = personen(await postPersonen(mock.url, {
      type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'Moulin', geboortedatum: '1985-12-01', fields: ['naam'],
    }));
    expect(list).toEqual([{ naam: { voornamen: 'Suzanne', geslachtsnaam: 'Moulin', voorletters: 'S.', volledigeNaam: 'Suzanne Moulin' } }]);
  });

  it('fields of several groups', async () => {
    expect(await raadpleeg('999993653', ['naam.geslachtsnaam', 'geboorte.datum'])).toEqual({
      naam: { geslachtsnaam: 'Moulin' },
      geboorte: { datum: DATUM_1985_12_01 },
    });
  });

  it('a field of a collection', async () => {
    expect(await raadpleeg('999970239', ['partners.burgerservicenummer'])).toEqual({
      partners: [{ burgerservicenummer: '999970240' }],
      opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: { type: 'Datum', datum: '2020-08-01', langFormaat: '1 augustus 2020' } },
    });
  });

  it('a path that only partly matches is not delivered (naam.voornamen is not partners.naam.voornamen)', async () => {
    // 999993653 is married: her partner's voornamen must not come along.
    expect(await raadpleeg('999993653', ['naam.voornamen'])).toEqual({ naam: { voornamen: 'Suzanne' } });
  });

  it('a requested field without a value is not delivered', async () => {
    expect(await raadpleeg('999993653', ['naam.adellijkeTitelPredicaat'])).toEqual({});
  });
});

describe('a date or Waardetabel is delivered whole', () => {
  const subFields = ['type', 'datum', 'langFormaat', 'jaar', 'maand', 'onbekend'];
  it.each([
    ['999993653', DATUM_1985_12_01],
    ['999970598', { type: 'JaarMaandDatum', jaar: 1978, maand: 6, langFormaat: 'juni 1978' }],
    ['999970586', { type: 'JaarDatum', jaar: 1970, langFormaat: '1970' }],
    ['999994220', { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' }],
  ])('geboorte.datum.* of %s', async (bsn, datum) => {
    for (const sub of subFields) {
      expect(await raadpleeg(bsn, [`geboorte.datum.${sub}`])).toMatchObject({ geboorte: { datum } });
    }
    expect(await raadpleeg(bsn, ['geboorte.datum.jaar', 'geboorte.datum.maand'])).toMatchObject({ geboorte: { datum } });
  });

  it('geslacht.code delivers code and omschrijving', async () => {
    expect(await raadpleeg('999993653', ['geslacht.code'])).toEqual({ geslacht: { code: 'V', omschrijving: 'vrouw' } });
  });
});

describe('polymorphic objects always carry their type', () => {
  it('verblijfplaats', async () => {
    expect(await raadpleeg('999993653', ['verblijfplaats.datumVan'])).toEqual({
      verblijfplaats: { type: 'Adres', datumVan: { type: 'Datum', datum: '2015-08-08', langFormaat: '8 augustus 2015' } },
    });
  });

  it('nationaliteiten', async () => {
    expect(await raadpleeg('999993653', ['nationaliteiten.nationaliteit'])).toEqual({
      nationaliteiten: [{ type: 'Nationaliteit', nationaliteit: { code: '0057', omschrijving: 'Franse' } }],
    });
  });
});

describe('automatically delivered fields', () => {
  it('opschortingBijhouding accompanies any request for a deceased person', async () => {
    const p = await raadpleeg('999970239', ['burgerservicenummer']);
    expect(p).toEqual({
      burgerservicenummer: '999970239',
      opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum: { type: 'Datum', datum: '2020-08-01', langFormaat: '1 augustus 2020' } },
    });
  });

  it('geheimhoudingPersoonsgegevens', async () => {
    expect(await raadpleeg('100600220', ['burgerservicenummer'])).toEqual({ burgerservicenummer: '100600220', geheimhoudingPersoonsgegevens: true });
  });

  it('rni entries of the requested categories, and verificatie', async () => {
    const p = await raadpleeg('999990457', ['nationaliteiten.nationaliteit']);
    expect(p.rni).toEqual(Array(4).fill({ deelnemer: { code: '0201' }, categorie: 'Nationaliteit' }));
    expect(p.verificatie).toEqual({ datum: { type: 'Datum', datum: '2012-10-23', langFormaat: '23 oktober 2012' }, omschrijving: 'bewijs nationaliteit' });
    expect((await raadpleeg('999990457', ['naam.voornamen'])).rni).toEqual([{ deelnemer: { code: '0201' }, categorie: 'Persoon' }]);
  });
});

describe('inOnderzoek goes with the requested fields that are in onderzoek', () => {
  const DATUM_1994_03_11 = { type: 'Datum', datum: '1994-03-11', langFormaat: '11 maart 1994' };

  it('verblijfplaats (080000) and nationaliteit (040000) of 999990378', async () => {
    expect(await raadpleeg('999990378', ['verblijfplaats.verblijfadres.korteStraatnaam', 'nationaliteiten.nationaliteit'])).toEqual({
      nationaliteiten: [{
        type: 'Nationaliteit',
        nationaliteit: { code: '0001', omschrijving: 'Nederlandse' },
        inOnderzoek: { type: true, nationaliteit: true, datumIngangOnderzoek: DATUM_1994_03_11 },
      }],
      verblijfplaats: {
        type: 'Adres',
        verblijfadres: { korteStraatnaam: 'Tromsödreef', inOnderzoek: { korteStraatnaam: true, datumIngangOnderzoek: DATUM_1994_03_11 } },
        inOnderzoek: { type: true, datumIngangOnderzoek: DATUM_1994_03_11 },
      },
    });
  });

  it('not when the fields in onderzoek are not requested', async () => {
    const p = await raadpleeg('999990378', ['naam', 'geboorte']);
    expect(JSON.stringify(p)).not.toContain('inOnderzoek');
  });

  it('persoon (010000): burgerservicenummer, leeftijd and naam', async () => {
    const p = await raadpleeg('999970264', ['burgerservicenummer', 'leeftijd', 'naam.voornamen']);
    const datum = { type: 'Datum', datum: '2020-02-02', langFormaat: '2 februari 2020' };
    expect(p.inOnderzoek).toEqual({ burgerservicenummer: true, leeftijd: true, datumIngangOnderzoekPersoon: datum });
    expect(p.naam).toEqual({ voornamen: 'Thurayya', inOnderzoek: { voornamen: true, datumIngangOnderzoek: datum } });
  });

  it('089999: vastgesteld verblijft niet op adres, with the address lines in onderzoek', async () => {
    expect(await raadpleeg('999970008', ['adressering.adresregel1'])).toEqual({
      adressering: {
        adresregel1: 'Turfmarkt 55',
        indicatieVastgesteldVerblijftNietOpAdres: true,
        inOnderzoek: { adresregel1: true, datumIngangOnderzoekVerblijfplaats: { type: 'Datum', datum: '2022-08-25', langFormaat: '25 augustus 2022' } },
      },
    });
  });
});

describe('the *Binnenland aliases deliver domestic data only, under the real name', () => {
  it('verblijfplaatsBinnenland for an address in the Netherlands', async () => {
    expect(await raadpleeg('999993653', ['verblijfplaatsBinnenland.verblijfadres.korteStraatnaam'])).toEqual({
      verblijfplaats: { type: 'Adres', verblijfadres: { korteStraatnaam: 'Boterdiep' } },
    });
  });

  it('adresseringBinnenland delivers its own sub-fields for a Locatie', async () => {
    expect((await raadpleeg('999997002', ['adresseringBinnenland'])).adressering).toEqual({
      adresregel1: 'woonaak De Kabouter in Ruigoord',
      adresregel2: 'AMSTERDAM',
      aanhef: 'Geachte heer Van Duijn',
      aanschrijfwijze: { naam: 'J.R. van Duijn' },
      gebruikInLopendeTekst: 'de heer Van Duijn',
    });
  });

  it('nothing for a person abroad; the normal paths still apply', async () => {
    expect(await raadpleeg('100600116', ['adresseringBinnenland', 'verblijfplaatsBinnenland'])).toEqual({});
    expect(await raadpleeg('100600116', ['adresseringBinnenland', 'verblijfplaats.verblijfadres'])).toEqual({
      verblijfplaats: {
        type: 'VerblijfplaatsBuitenland',
        verblijfadres: { regel1: '2448 Essex Road 14', regel2: 'Wheatley', land: { code: '5001', omschrijving: 'Canada' } },
      },
    });
  });

  it('adressering of a person abroad carries the foreign lines and land', async () => {
    expect(await raadpleeg('100600116', ['adressering.adresregel1', 'adressering.land'])).toEqual({
      adressering: { adresregel1: '2448 Essex Road 14', land: { code: '5001', omschrijving: 'Canada' } },
    });
  });
});
