import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isVerwijderd, type StoredHistorieRij, type StoredPersoonslijst } from './storage.ts';

// The mock reads the project's own copy in data/brp-historie (see its SOURCES.md), never the shared
// upstream snapshot.
const DATA_FILE = fileURLToPath(new URL('../../../../data/brp-historie/test-data.json', import.meta.url));

export interface HistorieData {
  readonly persoonslijsten: readonly StoredPersoonslijst[];
  /** Every persoonslijst of a BSN, in file order. */
  readonly byBsn: ReadonlyMap<string, readonly StoredPersoonslijst[]>;
}

/**
 * Groups the flat rows into persoonslijsten: a run of consecutive rows with the same BSN is one
 * persoonslijst. Six BSNs occur in two runs (the official data repeats some persons); each run stays
 * a persoonslijst of its own.
 */
export function persoonslijstenUitRijen(rijen: readonly StoredHistorieRij[]): StoredPersoonslijst[] {
  const out: StoredPersoonslijst[] = [];
  let huidige: StoredPersoonslijst | undefined;
  for (const rij of rijen) {
    if (!huidige || huidige.burgerservicenummer !== rij.burgerservicenummer) {
      huidige = { burgerservicenummer: rij.burgerservicenummer, verblijfplaatsen: [] };
      out.push(huidige);
    }
    if (huidige.geheimhoudingPersoonsgegevens === undefined && rij.geheimhoudingPersoonsgegevens !== undefined) {
      huidige.geheimhoudingPersoonsgegevens = rij.geheimhoudingPersoonsgegevens;
    }
    if (huidige.opschortingBijhouding === undefined && rij.opschortingBijhouding !== undefined) {
      huidige.opschortingBijhouding = rij.opschortingBijhouding;
    }
    if (rij.verblijfplaats) huidige.verblijfplaatsen.push(rij.verblijfplaats);
  }
  return out;
}

/** Indexes persoonslijsten by BSN; also how tests build data from the feature files' fixtures. */
export function historieData(persoonslijsten: readonly StoredPersoonslijst[]): HistorieData {
  const byBsn = new Map<string, StoredPersoonslijst[]>();
  for (const pl of persoonslijsten) {
    const list = byBsn.get(pl.burgerservicenummer);
    if (list) list.push(pl);
    else byBsn.set(pl.burgerservicenummer, [pl]);
  }
  return { persoonslijsten, byBsn };
}

/**
 * The persoonslijst the API answers from: the first one of the BSN that is not logisch verwijderd
 * or afgevoerd. Later persoonslijsten with the same BSN are not merged in.
 */
export function zoekPersoonslijst(data: HistorieData, bsn: string): StoredPersoonslijst | undefined {
  return data.byBsn.get(bsn)?.find((pl) => !isVerwijderd(pl));
}

let cached: HistorieData | undefined;

/** The official test data, parsed once per process. */
export function loadHistorieData(): HistorieData {
  if (cached) return cached;
  const parsed: unknown = JSON.parse(readFileSync(DATA_FILE, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('data/brp-historie/test-data.json: expected an array of rows');
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null || typeof (item as { burgerservicenummer?: unknown }).burgerservicenummer !== 'string') {
      throw new Error('data/brp-historie/test-data.json: every row needs a burgerservicenummer');
    }
  }
  cached = historieData(persoonslijstenUitRijen(parsed as StoredHistorieRij[]));
  return cached;
}
