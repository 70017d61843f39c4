import { isoToStored } from './dates.ts';
import { isAfgevoerd, isOverleden, type StoredPersoon } from './storage.ts';
import type { TestData } from './data.ts';
import type { PersonenQuery, Zoekparameters } from './validate.ts';
import { verblijfplaatsType } from './verblijfplaats.ts';

// Finding the persons a query asks for. Text comparisons are case-insensitive; a trailing '*'
// (or for straat also a leading '*') is a wildcard, as the spec's filter patterns allow.

export const MAX_ZOEKRESULTATEN = 10;

const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl');

function tekstKomtOvereen(waarde: string | undefined, zoek: string): boolean {
  const w = norm(waarde);
  const z = norm(zoek);
  if (z.endsWith('*')) return w.startsWith(z.slice(0, -1));
  if (z.startsWith('*')) return w.endsWith(z.slice(1));
  return w === z;
}

/** An optional criterion that is absent matches everything. */
function optioneel<T>(zoek: T | undefined, test: (z: T) => boolean): boolean {
  return zoek === undefined || test(zoek);
}

function naamKomtOvereen(p: StoredPersoon, z: Zoekparameters): boolean {
  return optioneel(z.geslachtsnaam, (g) => tekstKomtOvereen(p.naam?.geslachtsnaam, g))
    && optioneel(z.voornamen, (v) => tekstKomtOvereen(p.naam?.voornamen, v))
    && optioneel(z.voorvoegsel, (v) => norm(p.naam?.voorvoegsel) === norm(v))
    && optioneel(z.geslacht, (g) => norm(p.geslacht?.code) === norm(g))
    && optioneel(z.geboortedatum, (d) => p.geboorte?.datum === isoToStored(d));
}

/** House number criteria only match a domestic address. */
function adresKomtOvereen(p: StoredPersoon, z: Zoekparameters): boolean {
  const v = p.verblijfplaats;
  if (!v || verblijfplaatsType(v) !== 'Adres') return false;
  return optioneel(z.huisnummer, (n) => Number(v.huisnummer) === n)
    && optioneel(z.huisletter, (l) => norm(v.huisletter) === norm(l))
    && optioneel(z.huisnummertoevoeging, (t) => norm(v.huisnummertoevoeging) === norm(t))
    && optioneel(z.postcode, (pc) => norm(v.postcode).replace(/ /g, '') === norm(pc).replace(/ /g, ''))
    && optioneel(z.straat, (s) => tekstKomtOvereen(v.straat, s) || tekstKomtOvereen(v.naamOpenbareRuimte, s));
}

function zoekcriteria(q: PersonenQuery): (p: StoredPersoon) => boolean {
  const z = q.params;
  switch (q.type) {
    case 'RaadpleegMetBurgerservicenummer':
      return () => true;
    case 'ZoekMetGeslachtsnaamEnGeboortedatum':
    case 'ZoekMetNaamEnGemeenteVanInschrijving':
      return (p) => naamKomtOvereen(p, z);
    case 'ZoekMetPostcodeEnHuisnummer':
      return (p) => adresKomtOvereen(p, z)
        && optioneel(z.geslachtsnaam, (g) => tekstKomtOvereen(p.naam?.geslachtsnaam, g))
        && optioneel(z.geboortedatum, (d) => p.geboorte?.datum === isoToStored(d));
    case 'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving':
      return (p) => adresKomtOvereen(p, z);
    case 'ZoekMetNummeraanduidingIdentificatie':
      return (p) => p.verblijfplaats?.nummeraanduidingIdentificatie === z.nummeraanduidingIdentificatie;
    case 'ZoekMetAdresseerbaarObjectIdentificatie':
      return (p) => p.verblijfplaats?.adresseerbaarObjectIdentificatie === z.adresseerbaarObjectIdentificatie;
  }
}

/**
 * The persons a query finds. Raadpleeg returns the requested BSNs in request order, deceased
 * persons included; searches leave deceased persons out unless inclusiefOverledenPersonen is true.
 * gemeenteVanInschrijving restricts every query type to persons registered in that municipality.
 */
export function zoek(q: PersonenQuery, data: TestData): StoredPersoon[] {
  const gemeente = q.params.gemeenteVanInschrijving;
  const inGemeente = (p: StoredPersoon): boolean => gemeente === undefined || p.gemeenteVanInschrijving?.code === gemeente;
  if (q.type === 'RaadpleegMetBurgerservicenummer') {
    const gezien = new Set<string>();
    const out: StoredPersoon[] = [];
    for (const bsn of q.params.burgerservicenummer ?? []) {
      const p = data.byBsn.get(bsn);
      if (!p || gezien.has(bsn) || isAfgevoerd(p) || !inGemeente(p)) continue;
      gezien.add(bsn);
      out.push(p);
    }
    return out;
  }
  const criteria = zoekcriteria(q);
  const metOverledenen = q.params.inclusiefOverledenPersonen === true;
  return data.personen.filter((p) => !isAfgevoerd(p)
    && (metOverledenen || !isOverleden(p))
    && inGemeente(p)
    && criteria(p));
}
