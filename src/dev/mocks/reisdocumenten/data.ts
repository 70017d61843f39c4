import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTestData as loadPersonen } from '../brp/data.ts';
import type { StoredPersoon } from '../brp/storage.ts';
import { isReisdocument, type StoredHouder, type StoredReisdocument } from './storage.ts';

// The mock reads the project's own copy in data/brp-reisdocumenten (see its SOURCES.md), never the
// shared upstream snapshot. The official rows say nothing about the houder beyond the BSN; what the
// GBA adds (indicatie geheim, opschorting bijhouding, in onderzoek) comes from the BRP Personen test
// data of the same official test persons, so both mocks tell the same story about a person.

const DATA_FILE = fileURLToPath(new URL('../../../../data/brp-reisdocumenten/test-data.json', import.meta.url));

export interface ReisdocumentenData {
  /** The reisdocumenten: rows with group 35 data, in file order. */
  readonly reisdocumenten: readonly StoredReisdocument[];
  readonly byNummer: ReadonlyMap<string, readonly StoredReisdocument[]>;
  readonly byBsn: ReadonlyMap<string, readonly StoredReisdocument[]>;
}

function push<K>(map: Map<K, StoredReisdocument[]>, key: K, row: StoredReisdocument): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

/** Indexes rows as they are (feature-file fixtures, or the enriched official rows). */
export function buildData(rows: readonly StoredReisdocument[]): ReisdocumentenData {
  const reisdocumenten = rows.filter(isReisdocument);
  const byNummer = new Map<string, StoredReisdocument[]>();
  const byBsn = new Map<string, StoredReisdocument[]>();
  for (const row of reisdocumenten) {
    if (row.reisdocumentnummer) push(byNummer, row.reisdocumentnummer, row);
    const bsn = row.houder?.burgerservicenummer;
    if (bsn) push(byBsn, bsn, row);
  }
  return { reisdocumenten, byNummer, byBsn };
}

/** The houder with what the person's persoonslijst adds, where the row itself says nothing. */
export function verrijkHouder(houder: StoredHouder, persoon: StoredPersoon | undefined): StoredHouder {
  if (!persoon) return houder;
  const opschorting = persoon.opschortingBijhouding;
  return {
    ...houder,
    geheimhoudingPersoonsgegevens: houder.geheimhoudingPersoonsgegevens ?? persoon.geheimhoudingPersoonsgegevens,
    opschortingBijhouding: houder.opschortingBijhouding
      ?? (opschorting ? { datum: opschorting.datum, reden: opschorting.reden?.code ? { code: opschorting.reden.code } : undefined } : undefined),
    inOnderzoek: houder.inOnderzoek ?? persoon.persoonInOnderzoek,
  };
}

function parseRows(text: string): StoredReisdocument[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('data/brp-reisdocumenten/test-data.json: expected an array of rows');
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new Error('data/brp-reisdocumenten/test-data.json: every row must be an object');
    }
  }
  return parsed as StoredReisdocument[];
}

let cached: ReisdocumentenData | undefined;

/** The official test data, enriched and indexed once per process. */
export function loadTestData(): ReisdocumentenData {
  if (cached) return cached;
  const personen = loadPersonen().byBsn;
  const rows = parseRows(readFileSync(DATA_FILE, 'utf8')).map((row) => {
    const bsn = row.houder?.burgerservicenummer;
    return row.houder && bsn ? { ...row, houder: verrijkHouder(row.houder, personen.get(bsn)) } : row;
  });
  cached = buildData(rows);
  return cached;
}
