// The storage shape of the official personen-mock test data (data/brp/test-data.json): dates as
// YYYYMMDD with 00 for unknown parts, a flat verblijfplaats, in-onderzoek as the raw LO GBA
// aanduiding (83.10) with its ingangsdatum (83.20).

export interface StoredWaardetabel {
  code?: string;
  omschrijving?: string;
  soort?: string;
}

export interface StoredInOnderzoek {
  aanduidingGegevensInOnderzoek?: string;
  datumIngangOnderzoek?: string;
}

export interface StoredNaam {
  voornamen?: string;
  adellijkeTitelPredicaat?: StoredWaardetabel;
  voorvoegsel?: string;
  geslachtsnaam?: string;
  aanduidingNaamgebruik?: StoredWaardetabel;
}

export interface StoredGeboorte {
  datum?: string;
  land?: StoredWaardetabel;
  plaats?: StoredWaardetabel;
}

export interface StoredNationaliteit {
  datumIngangGeldigheid?: string;
  nationaliteit?: StoredWaardetabel;
  redenOpname?: StoredWaardetabel;
  inOnderzoek?: StoredInOnderzoek;
}

export interface StoredVerblijfplaats {
  functieAdres?: StoredWaardetabel;
  adresseerbaarObjectIdentificatie?: string;
  nummeraanduidingIdentificatie?: string;
  datumIngangGeldigheid?: string;
  datumAanvangAdreshouding?: string;
  datumAanvangAdresBuitenland?: string;
  naamOpenbareRuimte?: string;
  straat?: string;
  huisnummer?: string;
  huisletter?: string;
  huisnummertoevoeging?: string;
  aanduidingBijHuisnummer?: StoredWaardetabel;
  postcode?: string;
  woonplaats?: string;
  locatiebeschrijving?: string;
  land?: StoredWaardetabel;
  regel1?: string;
  regel2?: string;
  regel3?: string;
  inOnderzoek?: StoredInOnderzoek;
}

export interface StoredImmigratie {
  datumVestigingInNederland?: string;
  landVanwaarIngeschreven?: StoredWaardetabel;
}

export interface StoredBsn {
  burgerservicenummer?: string;
}

export interface StoredGezag {
  type?: string;
  minderjarige?: StoredBsn;
  ouder?: StoredBsn;
  ouders?: StoredBsn[];
  derde?: StoredBsn;
  derden?: StoredBsn[];
}

export interface StoredGerelateerde {
  burgerservicenummer?: string;
  geslacht?: StoredWaardetabel;
  naam?: StoredNaam;
  geboorte?: StoredGeboorte;
  inOnderzoek?: StoredInOnderzoek;
}

export interface StoredOuder extends StoredGerelateerde {
  ouderAanduiding?: string;
  datumIngangFamilierechtelijkeBetrekking?: string;
}

export interface StoredPlaatsDatum {
  datum?: string;
  land?: StoredWaardetabel;
  plaats?: StoredWaardetabel;
  inOnderzoek?: StoredInOnderzoek;
}

export interface StoredPartner extends StoredGerelateerde {
  soortVerbintenis?: StoredWaardetabel;
  aangaanHuwelijkPartnerschap?: StoredPlaatsDatum;
  ontbindingHuwelijkPartnerschap?: { datum?: string };
}

export interface StoredPersoon {
  aNummer?: string;
  burgerservicenummer: string;
  datumEersteInschrijvingGBA?: string;
  geslacht?: StoredWaardetabel;
  naam?: StoredNaam;
  nationaliteiten?: StoredNationaliteit[];
  geboorte?: StoredGeboorte;
  verblijfplaats?: StoredVerblijfplaats;
  immigratie?: StoredImmigratie;
  gemeenteVanInschrijving?: StoredWaardetabel;
  datumInschrijvingInGemeente?: string;
  gezag?: StoredGezag[];
  kinderen?: StoredGerelateerde[];
  ouders?: StoredOuder[];
  partners?: StoredPartner[];
  opschortingBijhouding?: { datum?: string; reden?: StoredWaardetabel };
  overlijden?: StoredPlaatsDatum;
  geheimhoudingPersoonsgegevens?: string;
  persoonInOnderzoek?: StoredInOnderzoek;
  gezagInOnderzoek?: StoredInOnderzoek;
  indicatieCurateleRegister?: boolean;
  indicatieGezagMinderjarige?: StoredWaardetabel;
  uitsluitingKiesrecht?: { uitgeslotenVanKiesrecht?: boolean; einddatum?: string };
  europeesKiesrecht?: { aanduiding?: StoredWaardetabel; einddatumUitsluiting?: string };
  verblijfstitel?: {
    aanduiding?: StoredWaardetabel;
    datumEinde?: string;
    datumIngang?: string;
    inOnderzoek?: StoredInOnderzoek;
  };
  rni?: { deelnemer?: StoredWaardetabel; omschrijvingVerdrag?: string; categorie?: string }[];
  verificatie?: { datum?: string; omschrijving?: string };
}

/** A person is deceased when the PL is suspended for 'overlijden' or has an overlijden date. */
export function isOverleden(p: StoredPersoon): boolean {
  return p.opschortingBijhouding?.reden?.code === 'O' || Boolean(p.overlijden?.datum);
}

/** A PL suspended with reden 'F' (fout) is 'afgevoerd' and is never delivered. */
export function isAfgevoerd(p: StoredPersoon): boolean {
  return p.opschortingBijhouding?.reden?.code === 'F';
}
