import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredPersoon } from './storage.ts';

// The mock reads the project's own copies in data/brp (see data/brp/SOURCES.md), never the shared
// upstream snapshot.
const DATA_DIR = fileURLToPath(new URL('../../../../data/brp/', import.meta.url));

export function dataPath(file: string): string {
  return DATA_DIR + file;
}

export interface TestData {
  readonly personen: readonly StoredPersoon[];
  readonly byBsn: ReadonlyMap<string, StoredPersoon>;
}

let cached: TestData | undefined;

/** The official test persons, parsed once per process (3.5 MB; parsing takes ~50 ms). */
export function loadTestData(): TestData {
  if (cached) return cached;
  const parsed: unknown = JSON.parse(readFileSync(dataPath('test-data.json'), 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('data/brp/test-data.json: expected an array of persons');
  const personen: StoredPersoon[] = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null || typeof (item as { burgerservicenummer?: unknown }).burgerservicenummer !== 'string') {
      throw new Error('data/brp/test-data.json: every person needs a burgerservicenummer');
    }
    personen.push(item as StoredPersoon);
  }
  const byBsn = new Map<string, StoredPersoon>();
  for (const p of personen) byBsn.set(p.burgerservicenummer, p);
  cached = { personen, byBsn };
  return cached;
}

/** The valid `fields` paths of one response type, one per line after a `pad` header. */
export function loadFieldsCsv(file: string): string[] {
  return readFileSync(dataPath(file), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && line !== 'pad');
}
