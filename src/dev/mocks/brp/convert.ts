import { toAdressering } from './adressering.ts';
import { compareDelen, parseStoredDate, toDatum, vandaag } from './dates.ts';
import { leeftijd, volledigeNaam, voorletters } from './derived.ts';
import { toGezag } from './gezag.ts';
import { compact, compactList, type Json, type JsonObject } from './json.ts';
import { Onderzoek, onderzoekObject } from './onderzoek.ts';
import {
  isOverleden,
  type StoredGeboorte,
  type StoredGerelateerde,
  type StoredNaam,
  type StoredNationaliteit,
  type StoredOuder,
  type StoredPartner,
  type StoredPersoon,
} from './storage.ts';
import { toImmigratie, toVerblijfplaats } from './verblijfplaats.ts';
import { tekst, waarde } from './waarden.ts';

// Storage shape → the full `Persoon` of the spec, with every derived field. Filtering by `fields`
// and the PersoonBeperkt projection happen afterwards, on this one complete shape.

export interface ConvertContext {
  byBsn: ReadonlyMap<string, StoredPersoon>;
  now: Date;
}

// LO GBA groups used below: 01 identificatienummers, 02 naam, 03 geboorte, 04 geslacht,
// 61 naamgebruik, 62 familierechtelijke betrekking, 06/07 aangaan/ontbinding, 15 soort verbintenis.

function naamInOnderzoek(o: Onderzoek, persoon: boolean): Record<string, boolean> {
  const flags: Record<string, boolean> = {
    voornamen: o.raakt('02', '10'),
    adellijkeTitelPredicaat: o.raakt('02', '20'),
    voorvoegsel: o.raakt('02', '30'),
    geslachtsnaam: o.raakt('02', '40'),
    voorletters: o.raakt('02', '10'),
  };
  if (persoon) {
    flags.volledigeNaam = o.raakt('02');
    flags.aanduidingNaamgebruik = o.raakt('61', '10');
  }
  return flags;
}

function naamPersoon(naam: StoredNaam | undefined, geslacht: string | undefined, o: Onderzoek): JsonObject | undefined {
  if (!naam) return undefined;
  return compact({
    voornamen: tekst(naam.voornamen),
    adellijkeTitelPredicaat: waarde(naam.adellijkeTitelPredicaat),
    voorvoegsel: tekst(naam.voorvoegsel),
    geslachtsnaam: tekst(naam.geslachtsnaam),
    voorletters: voorletters(naam.voornamen),
    volledigeNaam: volledigeNaam(naam, geslacht),
    aanduidingNaamgebruik: waarde(naam.aanduidingNaamgebruik),
    inOnderzoek: onderzoekObject(naamInOnderzoek(o, true), o.datum),
  });
}

function naamGerelateerde(naam: StoredNaam | undefined, o: Onderzoek): JsonObject | undefined {
  if (!naam) return undefined;
  return compact({
    voornamen: tekst(naam.voornamen),
    adellijkeTitelPredicaat: waarde(naam.adellijkeTitelPredicaat),
    voorvoegsel: tekst(naam.voorvoegsel),
    geslachtsnaam: tekst(naam.geslachtsnaam),
    voorletters: voorletters(naam.voornamen),
    inOnderzoek: onderzoekObject(naamInOnderzoek(o, false), o.datum),
  });
}

function geboorte(g: StoredGeboorte | undefined, o: Onderzoek): JsonObject | undefined {
  if (!g) return undefined;
  return compact({
    datum: toDatum(g.datum),
    land: waarde(g.land),
    plaats: waarde(g.plaats),
    inOnderzoek: onderzoekObject({
      datum: o.raakt('03', '10'),
      land: o.raakt('03', '30'),
      plaats: o.raakt('03', '20'),
    }, o.datum),
  });
}

// Pseudo nationality codes of LO GBA for the special cases.
const NATIONALITEIT_TYPE: Record<string, string> = {
  '0000': 'NationaliteitOnbekend',
  '0002': 'BehandeldAlsNederlander',
  '0499': 'Staatloos',
  '0500': 'VastgesteldNietNederlander',
};

function nationaliteit(n: StoredNationaliteit): JsonObject | undefined {
  const code = n.nationaliteit?.code;
  if (!code) return undefined;
  const type = NATIONALITEIT_TYPE[code] ?? 'Nationaliteit';
  const o = new Onderzoek(n.inOnderzoek);
  const bekend = type === 'Nationaliteit';
  return compact({
    type,
    nationaliteit: bekend ? waarde(n.nationaliteit) : undefined,
    // Reden '000' is LO GBA's 'onbekend' and is not delivered.
    redenOpname: n.redenOpname?.code === '000' ? undefined : waarde(n.redenOpname),
    datumIngangGeldigheid: toDatum(n.datumIngangGeldigheid),
    inOnderzoek: onderzoekObject({
      type: o.raakt('05', '10') || o.raakt('65', '10'),
      ...(bekend ? { nationaliteit: o.raakt('05', '10') } : {}),
      redenOpname: o.raakt('63', '10'),
    }, o.datum),
  });
}

function kind(k: StoredGerelateerde): JsonObject | undefined {
  const o = new Onderzoek(k.inOnderzoek);
  return compact({
    burgerservicenummer: tekst(k.burgerservicenummer),
    naam: naamGerelateerde(k.naam, o),
    geboorte: geboorte(k.geboorte, o),
    inOnderzoek: onderzoekObject({ burgerservicenummer: o.raakt('01', '20') }, o.datum),
  });
}

function ouder(x: StoredOuder): JsonObject | undefined {
  const o = new Onderzoek(x.inOnderzoek);
  return compact({
    burgerservicenummer: tekst(x.burgerservicenummer),
    geslacht: waarde(x.geslacht),
    ouderAanduiding: tekst(x.ouderAanduiding),
    datumIngangFamilierechtelijkeBetrekking: toDatum(x.datumIngangFamilierechtelijkeBetrekking),
    naam: naamGerelateerde(x.naam, o),
    geboorte: geboorte(x.geboorte, o),
    inOnderzoek: onderzoekObject({
      burgerservicenummer: o.raakt('01', '20'),
      datumIngangFamilierechtelijkeBetrekking: o.raakt('62', '10'),
      geslacht: o.raakt('04', '10'),
    }, o.datum),
  });
}

function partner(x: StoredPartner): JsonObject | undefined {
  const o = new Onderzoek(x.inOnderzoek);
  const aangaan = x.aangaanHuwelijkPartnerschap;
  return compact({
    burgerservicenummer: tekst(x.burgerservicenummer),
    geslacht: waarde(x.geslacht),
    soortVerbintenis: waarde(x.soortVerbintenis),
    naam: naamGerelateerde(x.naam, o),
    geboorte: geboorte(x.geboorte, o),
    inOnderzoek: onderzoekObject({
      burgerservicenummer: o.raakt('01', '20'),
      geslacht: o.raakt('04', '10'),
      soortVerbintenis: o.raakt('15', '10'),
    }, o.datum),
    aangaanHuwelijkPartnerschap: aangaan ? compact({
      datum: toDatum(aangaan.datum),
      land: waarde(aangaan.land),
      plaats: waarde(aangaan.plaats),
      inOnderzoek: onderzoekObject({
        datum: o.raakt('06', '10'),
        land: o.raakt('06', '30'),
        plaats: o.raakt('06', '20'),
      }, o.datum),
    }) : undefined,
    ontbindingHuwelijkPartnerschap: compact({
      datum: toDatum(x.ontbindingHuwelijkPartnerschap?.datum),
      inOnderzoek: x.ontbindingHuwelijkPartnerschap?.datum
        ? onderzoekObject({ datum: o.raakt('07', '10') }, o.datum)
        : undefined,
    }),
  });
}

const isOntbonden = (x: StoredPartner): boolean => Boolean(x.ontbindingHuwelijkPartnerschap?.datum);

/**
 * The API delivers the actual partner(s), or else only the most recently dissolved one.
 */
export function geleverdePartners(p: StoredPersoon): StoredPartner[] {
  const alle = (p.partners ?? []).filter((x) => Object.keys(x).length > 0);
  const actueel = alle.filter((x) => !isOntbonden(x));
  if (actueel.length > 0) return actueel;
  let laatste: StoredPartner | undefined;
  for (const x of alle) {
    const d = x.ontbindingHuwelijkPartnerschap?.datum ?? '';
    if (!laatste || d > (laatste.ontbindingHuwelijkPartnerschap?.datum ?? '')) laatste = x;
  }
  return laatste ? [laatste] : [];
}

function verblijfstitel(p: StoredPersoon, now: Date): JsonObject | undefined {
  const v = p.verblijfstitel;
  if (!v) return undefined;
  // Code 98 means 'geen verblijfstitel (meer)'; an ended title is not actual and not delivered.
  if (v.aanduiding?.code === '98') return undefined;
  const einde = parseStoredDate(v.datumEinde);
  if (einde && einde.jaar > 0 && einde.maand > 0 && einde.dag > 0 && compareDelen(einde, vandaag(now)) <= 0) return undefined;
  const o = new Onderzoek(v.inOnderzoek);
  return compact({
    aanduiding: waarde(v.aanduiding),
    datumEinde: toDatum(v.datumEinde),
    datumIngang: toDatum(v.datumIngang),
    inOnderzoek: onderzoekObject({
      aanduiding: o.raakt('39', '10'),
      datumEinde: o.raakt('39', '20'),
      datumIngang: o.raakt('39', '30'),
    }, o.datum),
  });
}

function persoonInOnderzoek(o: Onderzoek, ov: Onderzoek, og: Onderzoek): JsonObject | undefined {
  return compact({
    ...onderzoekObject({
      burgerservicenummer: o.raakt('01', '20'),
      geslacht: o.raakt('04', '10'),
      leeftijd: o.raakt('03', '10'),
    }, o.datum, 'datumIngangOnderzoekPersoon'),
    ...onderzoekObject({
      gemeenteVanInschrijving: ov.raakt('09', '10'),
      datumInschrijvingInGemeente: ov.raakt('09', '20'),
    }, ov.datum, 'datumIngangOnderzoekGemeente'),
    ...onderzoekObject({
      indicatieCurateleRegister: og.raakt('33', '10'),
      indicatieGezagMinderjarige: og.raakt('32', '10'),
    }, og.datum, 'datumIngangOnderzoekGezag'),
  });
}

/** The complete API `Persoon` for one stored person, as of `ctx.now`. */
export function toPersoon(p: StoredPersoon, ctx: ConvertContext): JsonObject {
  const o = new Onderzoek(p.persoonInOnderzoek);
  const ov = new Onderzoek(p.verblijfplaats?.inOnderzoek);
  const og = new Onderzoek(p.gezagInOnderzoek);
  const geslacht = p.geslacht?.code;
  const partners = geleverdePartners(p);
  const naamPartner = partners[0];
  const geheim = p.geheimhoudingPersoonsgegevens;
  const overleden = isOverleden(p);

  const persoon = compact({
    aNummer: tekst(p.aNummer),
    burgerservicenummer: p.burgerservicenummer,
    datumEersteInschrijvingGBA: toDatum(p.datumEersteInschrijvingGBA),
    // Any indication other than 0 means: do not disclose to third parties.
    geheimhoudingPersoonsgegevens: geheim && geheim !== '0' ? true : undefined,
    geslacht: waarde(p.geslacht),
    inOnderzoek: persoonInOnderzoek(o, ov, og),
    uitsluitingKiesrecht: compact({
      uitgeslotenVanKiesrecht: p.uitsluitingKiesrecht?.uitgeslotenVanKiesrecht ? true : undefined,
      einddatum: toDatum(p.uitsluitingKiesrecht?.einddatum),
    }),
    europeesKiesrecht: compact({
      aanduiding: waarde(p.europeesKiesrecht?.aanduiding),
      einddatumUitsluiting: toDatum(p.europeesKiesrecht?.einddatumUitsluiting),
    }),
    // A deceased person has no age.
    leeftijd: overleden ? undefined : leeftijd(p.geboorte?.datum, ctx.now),
    naam: naamPersoon(p.naam, geslacht, o),
    nationaliteiten: compactList(p.nationaliteiten, nationaliteit),
    geboorte: geboorte(p.geboorte, o),
    opschortingBijhouding: compact({
      reden: waarde(p.opschortingBijhouding?.reden),
      datum: toDatum(p.opschortingBijhouding?.datum),
    }),
    overlijden: p.overlijden ? compact({
      datum: toDatum(p.overlijden.datum),
      land: waarde(p.overlijden.land),
      plaats: waarde(p.overlijden.plaats),
      inOnderzoek: (() => {
        const oo = new Onderzoek(p.overlijden.inOnderzoek);
        return onderzoekObject({ datum: oo.raakt('08', '10'), land: oo.raakt('08', '30'), plaats: oo.raakt('08', '20') }, oo.datum);
      })(),
    }) : undefined,
    verblijfplaats: toVerblijfplaats(p.verblijfplaats, ov),
    immigratie: toImmigratie(p.immigratie, ov),
    gemeenteVanInschrijving: waarde(p.gemeenteVanInschrijving),
    datumInschrijvingInGemeente: toDatum(p.datumInschrijvingInGemeente),
    adressering: toAdressering({
      persoon: p,
      partner: naamPartner,
      heeftActuelePartner: partners.some((x) => !isOntbonden(x)),
      onderzoekPersoon: o,
      onderzoekPartner: naamPartner ? new Onderzoek(naamPartner.inOnderzoek) : undefined,
      onderzoekVerblijfplaats: ov,
    }),
    indicatieCurateleRegister: p.indicatieCurateleRegister ? true : undefined,
    indicatieGezagMinderjarige: waarde(p.indicatieGezagMinderjarige),
    gezag: toGezag(p, ctx),
    verblijfstitel: verblijfstitel(p, ctx.now),
    kinderen: compactList(p.kinderen, kind),
    ouders: compactList(p.ouders, ouder),
    partners: compactList(partners, partner),
    rni: compactList(p.rni, (r): Json | undefined => compact({
      deelnemer: waarde(r.deelnemer),
      omschrijvingVerdrag: tekst(r.omschrijvingVerdrag),
      categorie: tekst(r.categorie),
    })),
    verificatie: compact({
      datum: toDatum(p.verificatie?.datum),
      omschrijving: tekst(p.verificatie?.omschrijving),
    }),
  });
  // burgerservicenummer is always present, so the object is never empty.
  return persoon ?? { burgerservicenummer: p.burgerservicenummer };
}
