import type { StoredHistorieRij, StoredHistorieVerblijfplaats, StoredOpschorting, StoredPersoonslijst } from '../historie/storage.ts';
import { tekst } from '../brp/waarden.ts';

// The storage shape of the official bewoning-mock test data (data/brp-bewoning/test-data.json): a flat
// array with one row per verblijfplaats voorkomen, newest first per person, as the historie-mock data
// but with fewer fields per row. The historie mock's types fit it, so they are shared:
//   - verblijfplaats: datumAanvangAdreshouding (10.30) or datumAanvangAdresBuitenland (13.20) as LO GBA
//     YYYYMMDD with 00 for unknown parts, adresseerbaarObjectIdentificatie (11.80), aangifteAdreshouding
//     (72.10), inOnderzoek (83.10/83.20; 83.30 datumEindeOnderzoek only in fixtures), indicatieOnjuist
//     (84.10, only in fixtures);
//   - person: geheimhoudingPersoonsgegevens (70.10, "0".."7"), opschortingBijhouding (67.10/67.20; not in
//     the official rows, added from the BRP Personen test data, see data.ts).

export type StoredBewoningRij = StoredHistorieRij;
export type StoredBewoningVerblijfplaats = StoredHistorieVerblijfplaats;
export type { StoredOpschorting, StoredPersoonslijst };

export { isVerwijderd } from '../historie/storage.ts';

/** The adresseerbaar object of a voorkomen, trimmed (one official row has a leading space). */
export function adresseerbaarObject(v: StoredBewoningVerblijfplaats): string | undefined {
  return tekst(v.adresseerbaarObjectIdentificatie);
}

/**
 * The start date of a voorkomen: 10.30 in Nederland, else 13.20 (abroad, or a departure to an unknown
 * land). The official rows have no land code, so the date that is there decides; none at all is a
 * wholly unknown start.
 */
export function aanvang(v: StoredBewoningVerblijfplaats): string | undefined {
  return tekst(v.datumAanvangAdreshouding) ?? tekst(v.datumAanvangAdresBuitenland);
}

/** 84.10 indicatie onjuist: a corrected voorkomen is not used at all (onjuist-gba.feature). */
export function isOnjuist(v: StoredBewoningVerblijfplaats): boolean {
  return Boolean(tekst(v.indicatieOnjuist));
}

/** 10.10 functie adres B: the object is the person's briefadres, not where the person lives. */
export function isBriefadres(v: StoredBewoningVerblijfplaats): boolean {
  return v.functieAdres?.code?.trim().toUpperCase() === 'B';
}
