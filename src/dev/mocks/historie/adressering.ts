import { schoon } from '../brp/derived.ts';
import { compact, type JsonObject } from '../brp/json.ts';
import { onderzoekObject } from '../brp/onderzoek.ts';
import { tekst } from '../brp/waarden.ts';
import type { HistorieOnderzoek } from './onderzoek.ts';
import type { StoredHistorieVerblijfplaats } from './storage.ts';
import { LANDEN, waardeUitTabel } from './waarden.ts';

// The 'adressering' of a verblijfplaats voorkomen: address lines per NEN 5825, as the personen mock
// derives them (raadpleeg-verblijfplaats-met-periode/verblijfplaatsgegevens.feature), with their
// inOnderzoek (…/in-onderzoek.feature). Onbekend verblijfplaatsen have no adressering.

function postcodeMetSpatie(postcode: string | undefined): string | undefined {
  const p = postcode?.replace(/\s+/g, '').toUpperCase();
  return p && /^\d{4}[A-Z]{2}$/.test(p) ? `${p.slice(0, 4)} ${p.slice(4)}` : p || undefined;
}

/** '123 B4567', '12-3', 'bij 8', 't/o 86'. */
function huisnummerDeel(v: StoredHistorieVerblijfplaats): string {
  const nummer = tekst(v.huisnummer);
  if (!nummer) return '';
  const letter = tekst(v.huisletter);
  const toevoeging = tekst(v.huisnummertoevoeging);
  let deel = nummer;
  if (letter) deel += ` ${letter}${toevoeging ?? ''}`;
  else if (toevoeging) deel += /^\d/.test(toevoeging) ? `-${toevoeging}` : ` ${toevoeging}`;
  const aanduiding = v.aanduidingBijHuisnummer?.code?.trim();
  if (aanduiding === 'by') return `bij ${deel}`;
  if (aanduiding === 'to') return `t/o ${deel}`;
  return deel;
}

const regel = (...delen: (string | undefined)[]): string | undefined =>
  schoon(delen.filter((d): d is string => Boolean(d)).join(' ')) || undefined;

/** The place line: the woonplaats, else the gemeente van inschrijving, in capitals. */
function plaats(v: StoredHistorieVerblijfplaats): string | undefined {
  return (tekst(v.woonplaats) ?? tekst(v.gemeenteVanInschrijving?.omschrijving))?.toUpperCase();
}

/** adresregel2 derives from the gemeente only when there is no woonplaats. */
function plaatsInOnderzoek(v: StoredHistorieVerblijfplaats, o: HistorieOnderzoek): boolean {
  return tekst(v.woonplaats) ? o.raakt('11', '70') : o.raakt('09', '10');
}

export function adresseringAdres(v: StoredHistorieVerblijfplaats, o: HistorieOnderzoek): JsonObject | undefined {
  return compact({
    adresregel1: regel(tekst(v.straat) ?? tekst(v.naamOpenbareRuimte), huisnummerDeel(v)),
    adresregel2: [postcodeMetSpatie(v.postcode), plaats(v)].filter(Boolean).join('  ') || undefined,
    inOnderzoek: onderzoekObject({
      adresregel1: o.raakt('11', '10', '15', '20', '30', '40', '50'),
      adresregel2: o.raakt('11', '60') || plaatsInOnderzoek(v, o),
    }, o.datumIngang),
  });
}

export function adresseringLocatie(v: StoredHistorieVerblijfplaats, o: HistorieOnderzoek): JsonObject | undefined {
  return compact({
    adresregel1: tekst(v.locatiebeschrijving),
    adresregel2: plaats(v),
    inOnderzoek: onderzoekObject({
      adresregel1: o.raakt('12', '10'),
      adresregel2: plaatsInOnderzoek(v, o),
    }, o.datumIngang),
  });
}

export function adresseringBuitenland(v: StoredHistorieVerblijfplaats, o: HistorieOnderzoek): JsonObject | undefined {
  return compact({
    adresregel1: tekst(v.regel1),
    adresregel2: tekst(v.regel2),
    adresregel3: tekst(v.regel3),
    land: waardeUitTabel(v.land, LANDEN),
    inOnderzoek: onderzoekObject({
      adresregel1: o.raakt('13', '30'),
      adresregel2: o.raakt('13', '40'),
      adresregel3: o.raakt('13', '50'),
      land: o.raakt('13', '10'),
    }, o.datumIngang),
  });
}
