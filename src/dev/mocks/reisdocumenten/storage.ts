import type { StoredInOnderzoek } from '../brp/storage.ts';

// The storage shape of the official reisdocument-mock test data (data/brp-reisdocumenten/test-data.json):
// one row per reisdocument (LO GBA category 12, group 35) or per person without one; dates as
// YYYYMMDD with 00 for unknown parts; codes without descriptions.
//
// The fields marked "not in the official rows" are what the GBA holds besides: the mock fills the
// houder's from the BRP Personen test data (data.ts); feature-file fixtures set them directly.

export type { StoredInOnderzoek };

export interface StoredCode {
  code?: string;
}

export interface StoredHouder {
  burgerservicenummer?: string;
  /** Not part of the API response; kept because the official data has it. */
  gemeenteVanInschrijving?: StoredCode;
  /** Indicatie geheim (70.10), '0'..'7'. Not in the official rows. */
  geheimhoudingPersoonsgegevens?: string;
  /** Opschorting bijhouding (67.10 datum, 67.20 reden). Not in the official rows. */
  opschortingBijhouding?: { datum?: string; reden?: StoredCode };
  /** In onderzoek (83.10/83.20) of the person, category 01. Not in the official rows. */
  inOnderzoek?: StoredInOnderzoek;
}

export interface StoredReisdocument {
  /** Nummer Nederlands reisdocument (35.20); `.........` is the standaardwaarde. */
  reisdocumentnummer?: string;
  /** Soort Nederlands reisdocument (35.10), a code of LO GBA tabel 48; `..` is the standaardwaarde. */
  soort?: StoredCode;
  /** Datum einde geldigheid (35.50). */
  datumEindeGeldigheid?: string;
  /** Datum (35.60) and aanduiding (35.70) inhouding dan wel vermissing. */
  inhoudingOfVermissing?: { datum?: string; aanduiding?: StoredCode };
  /** In onderzoek (83.10/83.20) of the reisdocument, category 12. Not in the official rows. */
  inOnderzoek?: StoredInOnderzoek;
  houder?: StoredHouder;
}

/**
 * A row is a reisdocument only when a field of group 35 has a value, a standaardwaarde included
 * (zoek-met-burgerservicenummer/gba/actuele-reisdocumenten-gba.feature): rows with only a houder,
 * or only a signalering (group 36), are not delivered.
 */
export function isReisdocument(row: StoredReisdocument): boolean {
  return Boolean(row.reisdocumentnummer || row.soort?.code || row.datumEindeGeldigheid
    || row.inhoudingOfVermissing?.datum || row.inhoudingOfVermissing?.aanduiding?.code);
}
