import type { ReisdocumentenData } from './data.ts';
import type { StoredReisdocument } from './storage.ts';
import type { ReisdocumentenQuery } from './validate.ts';

// Which stored reisdocumenten answer a query. Expiry is no criterion: a document whose
// datumEindeGeldigheid has passed is still the person's (zoek-met-burgerservicenummer/fields.feature
// delivers one that ended on 2024-05-06), and so is one 'van rechtswege vervallen' (R).

/** Aanduidingen inhouding/vermissing (35.70) that mean the person no longer holds the document. */
const NIET_MEER_IN_BEZIT = new Set(['I', 'V']);

/** A persoonslijst suspended with reden W (wissen) is not delivered (gba/opschorting-bijhouding-gba.feature). */
function isGewist(row: StoredReisdocument): boolean {
  return row.houder?.opschortingBijhouding?.reden?.code?.trim().toUpperCase() === 'W';
}

/**
 * Zoek met burgerservicenummer delivers only the documents the person still holds according to the
 * registration (zoek-met-burgerservicenummer/overzicht.feature): not ingehouden/ingeleverd (I) and not
 * vermist (V). An aanduiding R or the standaardwaarde '.' keeps the document
 * (gba/actuele-reisdocumenten-gba.feature).
 */
export function isNogInBezit(row: StoredReisdocument): boolean {
  const aanduiding = row.inhoudingOfVermissing?.aanduiding?.code?.trim().toUpperCase();
  return aanduiding === undefined || !NIET_MEER_IN_BEZIT.has(aanduiding);
}

export function zoek(query: ReisdocumentenQuery, data: ReisdocumentenData): StoredReisdocument[] {
  if (query.type === 'RaadpleegMetReisdocumentnummer') {
    // Raadplegen delivers the document whatever its state, ingehouden or vermist included.
    return (data.byNummer.get(query.reisdocumentnummer) ?? []).filter((row) => !isGewist(row));
  }
  return (data.byBsn.get(query.burgerservicenummer) ?? []).filter((row) => !isGewist(row) && isNogInBezit(row));
}
