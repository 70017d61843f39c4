import { toDatum } from '../brp/dates.ts';
import { compact, type JsonObject } from '../brp/json.ts';
import { Onderzoek, onderzoekObject } from '../brp/onderzoek.ts';
import type { StoredHouder, StoredReisdocument } from './storage.ts';
import { AANDUIDING_INHOUDING_VERMISSING, REDEN_OPSCHORTING, SOORT_REISDOCUMENT, waardetabel } from './waarden.ts';

// A stored row → the complete API Reisdocument, every field with a value and every inOnderzoek
// flag that is true. fields.ts then cuts it down to what was asked for.

/** Standaardwaarden (LO GBA 'onbekend') that the API leaves out (soort-reisdocument.feature,
 *  reisdocumentnummer-standaardwaarde.feature). */
const REISDOCUMENTNUMMER_STANDAARDWAARDE = '.........';
const SOORT_STANDAARDWAARDE = '..';

// LO GBA elements of group 35 (Nederlands reisdocument) in category 12.
const GROEP_REISDOCUMENT = '35';
const SOORT = '10';
const NUMMER = '20';
const DATUM_EINDE_GELDIGHEID = '50';
const DATUM_INHOUDING = '60';
const AANDUIDING_INHOUDING = '70';
// Group 01 (identificatienummers), element 20 (burgerservicenummer) of category 01.
const GROEP_IDENTIFICATIENUMMERS = '01';
const BURGERSERVICENUMMER = '20';

function houder(h: StoredHouder | undefined): JsonObject | undefined {
  if (!h) return undefined;
  const geheim = h.geheimhoudingPersoonsgegevens?.trim();
  const o = new Onderzoek(h.inOnderzoek);
  return compact({
    burgerservicenummer: h.burgerservicenummer,
    // Indicatie geheim 1..7 becomes true; 0 is not delivered (geheimhouding/overzicht.feature).
    geheimhoudingPersoonsgegevens: geheim && geheim !== '0' ? true : undefined,
    opschortingBijhouding: compact({
      reden: waardetabel(h.opschortingBijhouding?.reden?.code, REDEN_OPSCHORTING),
      datum: toDatum(h.opschortingBijhouding?.datum),
    }),
    inOnderzoek: onderzoekObject({ burgerservicenummer: o.raakt(GROEP_IDENTIFICATIENUMMERS, BURGERSERVICENUMMER) }, o.datum),
  });
}

export function toReisdocument(row: StoredReisdocument): JsonObject {
  const o = new Onderzoek(row.inOnderzoek);
  const nummer = row.reisdocumentnummer?.trim();
  const soort = row.soort?.code?.trim();
  return compact({
    reisdocumentnummer: nummer === REISDOCUMENTNUMMER_STANDAARDWAARDE ? undefined : nummer,
    soort: soort === SOORT_STANDAARDWAARDE ? undefined : waardetabel(soort, SOORT_REISDOCUMENT),
    datumEindeGeldigheid: toDatum(row.datumEindeGeldigheid),
    inhoudingOfVermissing: compact({
      datum: toDatum(row.inhoudingOfVermissing?.datum),
      aanduiding: waardetabel(row.inhoudingOfVermissing?.aanduiding?.code, AANDUIDING_INHOUDING_VERMISSING),
      inOnderzoek: onderzoekObject({
        datum: o.raakt(GROEP_REISDOCUMENT, DATUM_INHOUDING),
        aanduiding: o.raakt(GROEP_REISDOCUMENT, AANDUIDING_INHOUDING),
      }, o.datum),
    }),
    houder: houder(row.houder),
    inOnderzoek: onderzoekObject({
      reisdocumentnummer: o.raakt(GROEP_REISDOCUMENT, NUMMER),
      soort: o.raakt(GROEP_REISDOCUMENT, SOORT),
      datumEindeGeldigheid: o.raakt(GROEP_REISDOCUMENT, DATUM_EINDE_GELDIGHEID),
    }, o.datum),
  }) ?? {};
}
