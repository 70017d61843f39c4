// The valid `fields` paths per BRP response type, from the official CSVs
// (features/fields-*.csv of the BRP API repository, copied to data/brp/).
// The facade never sends a path that is not listed here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type BrpResponseType = 'Persoon' | 'PersoonBeperkt' | 'GezagPersoonBeperkt';

const dataDir = fileURLToPath(new URL('../../../data/brp/', import.meta.url));

function readCsv(file: string): Set<string> {
  const lines = readFileSync(dataDir + file, 'utf8').split(/\r?\n/).map((l) => l.trim());
  // First line is the header ("pad").
  return new Set(lines.slice(1).filter(Boolean));
}

let catalogue: Record<BrpResponseType, Set<string>> | undefined;

export function validFieldPaths(type: BrpResponseType): ReadonlySet<string> {
  catalogue ??= {
    Persoon: readCsv('fields-Persoon.csv'),
    PersoonBeperkt: readCsv('fields-PersoonBeperkt.csv'),
    GezagPersoonBeperkt: readCsv('fields-GezagPersoonBeperkt.csv'),
  };
  return catalogue[type];
}
