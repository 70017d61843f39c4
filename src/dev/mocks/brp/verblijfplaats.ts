import { toDatum } from './dates.ts';
import { compact, type JsonObject } from './json.ts';
import { onderzoekObject, type Onderzoek } from './onderzoek.ts';
import type { StoredImmigratie, StoredVerblijfplaats } from './storage.ts';
import { tekst, waarde } from './waarden.ts';

// Category 08 (verblijfplaats) of the storage shape to the AbstractVerblijfplaats subtypes. LO GBA
// groups: 09 gemeente, 10 adreshouding, 11 adres, 12 locatie, 13 adres buitenland, 14 immigratie,
// 85 geldigheid.

export type VerblijfplaatsType = 'Adres' | 'Locatie' | 'VerblijfplaatsBuitenland' | 'VerblijfplaatsOnbekend';

/** Land code 0000 is LO GBA's 'onbekend': the person left for an unknown destination. */
const LAND_ONBEKEND = '0000';

export function verblijfplaatsType(v: StoredVerblijfplaats | undefined): VerblijfplaatsType | undefined {
  if (!v) return undefined;
  if (v.land?.code) return v.land.code === LAND_ONBEKEND ? 'VerblijfplaatsOnbekend' : 'VerblijfplaatsBuitenland';
  if (tekst(v.locatiebeschrijving)) return 'Locatie';
  if (v.straat || v.naamOpenbareRuimte || v.huisnummer || v.postcode || v.nummeraanduidingIdentificatie) return 'Adres';
  return undefined;
}

/** Domestic verblijfplaatsen are the ones the *Binnenland fields aliases deliver. */
export function isBinnenland(type: VerblijfplaatsType | undefined): boolean {
  return type === 'Adres' || type === 'Locatie';
}

function huisnummer(raw: string | undefined): number | undefined {
  if (!raw || !/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= 1 && n <= 99999 ? n : undefined;
}

function verblijfadresBinnenland(v: StoredVerblijfplaats, o: Onderzoek): JsonObject | undefined {
  return compact({
    officieleStraatnaam: tekst(v.naamOpenbareRuimte),
    korteStraatnaam: tekst(v.straat),
    huisnummer: huisnummer(v.huisnummer),
    huisletter: tekst(v.huisletter),
    huisnummertoevoeging: tekst(v.huisnummertoevoeging),
    aanduidingBijHuisnummer: waarde(v.aanduidingBijHuisnummer),
    postcode: tekst(v.postcode),
    woonplaats: tekst(v.woonplaats),
    inOnderzoek: onderzoekObject({
      aanduidingBijHuisnummer: o.raakt('11', '50'),
      huisletter: o.raakt('11', '30'),
      huisnummer: o.raakt('11', '20'),
      huisnummertoevoeging: o.raakt('11', '40'),
      officieleStraatnaam: o.raakt('11', '15'),
      postcode: o.raakt('11', '60'),
      korteStraatnaam: o.raakt('11', '10'),
      woonplaats: o.raakt('11', '70'),
    }, o.datum),
  });
}

export function toVerblijfplaats(v: StoredVerblijfplaats | undefined, o: Onderzoek): JsonObject | undefined {
  const type = verblijfplaatsType(v);
  if (!v || !type) return undefined;
  const datumIngangGeldigheid = toDatum(v.datumIngangGeldigheid);
  const vastgesteld = o.vastgesteldVerblijftNietOpAdres ? true : undefined;
  switch (type) {
    case 'Adres':
      return compact({
        type,
        verblijfadres: verblijfadresBinnenland(v, o),
        functieAdres: waarde(v.functieAdres),
        adresseerbaarObjectIdentificatie: tekst(v.adresseerbaarObjectIdentificatie),
        nummeraanduidingIdentificatie: tekst(v.nummeraanduidingIdentificatie),
        datumVan: toDatum(v.datumAanvangAdreshouding),
        datumIngangGeldigheid,
        indicatieVastgesteldVerblijftNietOpAdres: vastgesteld,
        inOnderzoek: onderzoekObject({
          type: o.raaktHeleGroep('11'),
          datumVan: o.raakt('10', '30'),
          datumIngangGeldigheid: o.raakt('85', '10'),
          nummeraanduidingIdentificatie: o.raakt('11', '90'),
          adresseerbaarObjectIdentificatie: o.raakt('11', '80'),
          functieAdres: o.raakt('10', '10'),
        }, o.datum),
      });
    case 'Locatie':
      return compact({
        type,
        datumVan: toDatum(v.datumAanvangAdreshouding),
        datumIngangGeldigheid,
        functieAdres: waarde(v.functieAdres),
        verblijfadres: compact({
          locatiebeschrijving: tekst(v.locatiebeschrijving),
          inOnderzoek: onderzoekObject({ locatiebeschrijving: o.raakt('12', '10') }, o.datum),
        }),
        indicatieVastgesteldVerblijftNietOpAdres: vastgesteld,
        inOnderzoek: onderzoekObject({
          type: o.raaktHeleGroep('12'),
          datumVan: o.raakt('10', '30'),
          functieAdres: o.raakt('10', '10'),
          datumIngangGeldigheid: o.raakt('85', '10'),
        }, o.datum),
      });
    case 'VerblijfplaatsBuitenland':
      return compact({
        type,
        verblijfadres: compact({
          regel1: tekst(v.regel1),
          regel2: tekst(v.regel2),
          regel3: tekst(v.regel3),
          land: waarde(v.land),
          inOnderzoek: onderzoekObject({
            regel1: o.raakt('13', '30'),
            regel2: o.raakt('13', '40'),
            regel3: o.raakt('13', '50'),
            land: o.raakt('13', '10'),
          }, o.datum),
        }),
        datumVan: toDatum(v.datumAanvangAdresBuitenland),
        datumIngangGeldigheid,
        inOnderzoek: onderzoekObject({
          type: o.raaktHeleGroep('13'),
          datumVan: o.raakt('13', '20'),
          datumIngangGeldigheid: o.raakt('85', '10'),
        }, o.datum),
      });
    case 'VerblijfplaatsOnbekend':
      return compact({
        type,
        datumVan: toDatum(v.datumAanvangAdresBuitenland),
        datumIngangGeldigheid,
        inOnderzoek: onderzoekObject({
          type: o.raaktHeleGroep('13'),
          datumVan: o.raakt('13', '20'),
          datumIngangGeldigheid: o.raakt('85', '10'),
        }, o.datum),
      });
  }
}

export function toImmigratie(i: StoredImmigratie | undefined, o: Onderzoek): JsonObject | undefined {
  if (!i) return undefined;
  const land = i.landVanwaarIngeschreven?.code;
  return compact({
    landVanwaarIngeschreven: waarde(i.landVanwaarIngeschreven),
    datumVestigingInNederland: toDatum(i.datumVestigingInNederland),
    vanuitVerblijfplaatsOnbekend: land === LAND_ONBEKEND ? true : undefined,
    indicatieVestigingVanuitBuitenland: land && land !== LAND_ONBEKEND ? true : undefined,
    inOnderzoek: onderzoekObject({
      datumVestigingInNederland: o.raakt('14', '20'),
      landVanwaarIngeschreven: o.raakt('14', '10'),
      vanuitVerblijfplaatsOnbekend: o.raakt('14', '10'),
      indicatieVestigingVanuitBuitenland: o.raakt('14', '10'),
    }, o.datum),
  });
}
