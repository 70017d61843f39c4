import { compact, isJsonObject, type Json, type JsonObject } from './json.ts';

// Search results are PersoonBeperkt (or GezagPersoonBeperkt): a projection of the full Persoon on
// the properties those schemas define, including the matching part of each inOnderzoek.

const DATUM_SLEUTELS = new Set([
  'datumIngangOnderzoek',
  'datumIngangOnderzoekPersoon',
  'datumIngangOnderzoekGemeente',
  'datumIngangOnderzoekGezag',
  'datumIngangOnderzoekPartner',
  'datumIngangOnderzoekVerblijfplaats',
]);

/** The listed flags and dates of an inOnderzoek object, if at least one listed flag is set. */
function onderzoekDeel(io: Json | undefined, keys: readonly string[]): JsonObject | undefined {
  if (!isJsonObject(io)) return undefined;
  if (!keys.some((k) => !DATUM_SLEUTELS.has(k) && io[k] === true)) return undefined;
  const kept: JsonObject = {};
  for (const k of keys) if (io[k] !== undefined) kept[k] = io[k];
  return kept;
}

/** Keeps the listed keys, and the listed part of the object's inOnderzoek. */
function pick(value: Json | undefined, keys: readonly string[], onderzoek: readonly string[]): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, Json | undefined> = {};
  for (const key of keys) out[key] = value[key];
  out.inOnderzoek = onderzoekDeel(value.inOnderzoek, onderzoek);
  return compact(out);
}

export function toPersoonBeperkt(persoon: JsonObject): JsonObject {
  const out = compact({
    burgerservicenummer: persoon.burgerservicenummer,
    geboorte: pick(persoon.geboorte, ['datum'], ['datum', 'datumIngangOnderzoek']),
    geheimhoudingPersoonsgegevens: persoon.geheimhoudingPersoonsgegevens,
    geslacht: persoon.geslacht,
    inOnderzoek: onderzoekDeel(persoon.inOnderzoek, ['datumIngangOnderzoekPersoon', 'burgerservicenummer', 'geslacht', 'leeftijd']),
    leeftijd: persoon.leeftijd,
    naam: pick(
      persoon.naam,
      ['voornamen', 'adellijkeTitelPredicaat', 'voorvoegsel', 'geslachtsnaam', 'voorletters', 'volledigeNaam'],
      ['voornamen', 'adellijkeTitelPredicaat', 'voorvoegsel', 'geslachtsnaam', 'voorletters', 'volledigeNaam', 'datumIngangOnderzoek'],
    ),
    opschortingBijhouding: persoon.opschortingBijhouding,
    adressering: pick(
      persoon.adressering,
      ['adresregel1', 'adresregel2', 'adresregel3', 'land', 'indicatieVastgesteldVerblijftNietOpAdres'],
      ['adresregel1', 'adresregel2', 'adresregel3', 'land', 'datumIngangOnderzoekVerblijfplaats'],
    ),
    rni: persoon.rni,
    verificatie: persoon.verificatie,
  });
  return out ?? {};
}

export function toGezagPersoonBeperkt(persoon: JsonObject): JsonObject {
  const beperkt = toPersoonBeperkt(persoon);
  return persoon.gezag !== undefined ? { ...beperkt, gezag: persoon.gezag } : beperkt;
}
