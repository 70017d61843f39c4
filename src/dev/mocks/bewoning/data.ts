import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTestData as loadPersonen } from '../brp/data.ts';
import type { StoredPersoon } from '../brp/storage.ts';
import { persoonslijstenUitRijen } from '../historie/data.ts';
import { adresseerbaarObject, isVerwijderd, type StoredBewoningRij, type StoredPersoonslijst } from './storage.ts';

// The mock reads the project's own copy in data/brp-bewoning (see its SOURCES.md), never the shared
// upstream snapshot. The official rows say nothing about opschorting bijhouding; that comes from the BRP
// Personen test data of the same official test persons (data/brp/test-data.json), so that a person who
// died or emigrated there is no bewoner after that date here either (as the Reisdocumenten mock does).

const DATA_FILE = fileURLToPath(new URL('../../../../data/brp-bewoning/test-data.json', import.meta.url));

export interface BewoningData {
  /** The persoonslijst each BSN answers from: its first one that is not logisch verwijderd (W) or afgevoerd (F). */
  readonly persoonslijsten: readonly StoredPersoonslijst[];
  /** The persoonslijsten with a voorkomen on an adresseerbaar object, by its (trimmed) identificatie. */
  readonly byAdresseerbaarObject: ReadonlyMap<string, readonly StoredPersoonslijst[]>;
}

/**
 * Indexes persoonslijsten by adresseerbaar object; also how tests build data from the feature files'
 * fixtures. A BSN with more than one persoonslijst (the official data repeats six persons) is answered
 * from its first one that is not W/F; later ones are not merged in. W/F persoonslijsten are never used
 * (opschorting-bijhouding.feature: 'worden niet gezien als bewoner').
 */
export function bewoningData(persoonslijsten: readonly StoredPersoonslijst[]): BewoningData {
  const gekozen = new Map<string, StoredPersoonslijst>();
  for (const pl of persoonslijsten) {
    if (!isVerwijderd(pl) && !gekozen.has(pl.burgerservicenummer)) gekozen.set(pl.burgerservicenummer, pl);
  }
  const byAdresseerbaarObject = new Map<string, StoredPersoonslijst[]>();
  for (const pl of gekozen.values()) {
    const objecten = new Set(pl.verblijfplaatsen.map(adresseerbaarObject).filter((a): a is string => a !== undefined));
    for (const a of objecten) {
      const list = byAdresseerbaarObject.get(a);
      if (list) list.push(pl);
      else byAdresseerbaarObject.set(a, [pl]);
    }
  }
  return { persoonslijsten: [...gekozen.values()], byAdresseerbaarObject };
}

/** A persoonslijst with what the person's BRP Personen persoonslijst adds, where the rows say nothing. */
export function verrijkPersoonslijst(pl: StoredPersoonslijst, persoon: StoredPersoon | undefined): StoredPersoonslijst {
  if (!persoon) return pl;
  const o = persoon.opschortingBijhouding;
  return {
    ...pl,
    geheimhoudingPersoonsgegevens: pl.geheimhoudingPersoonsgegevens ?? persoon.geheimhoudingPersoonsgegevens,
    opschortingBijhouding: pl.opschortingBijhouding
      ?? (o?.reden?.code ? { datum: o.datum, reden: { code: o.reden.code, omschrijving: o.reden.omschrijving } } : undefined),
  };
}

function parseRows(text: string): StoredBewoningRij[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('data/brp-bewoning/test-data.json: expected an array of rows');
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null || typeof (item as { burgerservicenummer?: unknown }).burgerservicenummer !== 'string') {
      throw new Error('data/brp-bewoning/test-data.json: every row needs a burgerservicenummer');
    }
  }
  return parsed as StoredBewoningRij[];
}

let cached: BewoningData | undefined;

/** The official test data, enriched and indexed once per process. */
export function loadBewoningData(): BewoningData {
  if (cached) return cached;
  const personen = loadPersonen().byBsn;
  const persoonslijsten = persoonslijstenUitRijen(parseRows(readFileSync(DATA_FILE, 'utf8')))
    .map((pl) => verrijkPersoonslijst(pl, personen.get(pl.burgerservicenummer)));
  cached = bewoningData(persoonslijsten);
  return cached;
}
