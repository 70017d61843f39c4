// npm run keycloak:realm — writes deploy/keycloak/gemeente-realm.json from realm.ts (`--check`: fail when stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { realm } from './realm.ts';

const FILE = 'deploy/keycloak/gemeente-realm.json';
export const realmJson = () => `${JSON.stringify(realm, null, 2)}\n`;

if (process.argv[1]?.endsWith('write-realm.ts')) {
  if (process.argv.includes('--check')) {
    if (readFileSync(FILE, 'utf8') !== realmJson()) {
      process.stderr.write(`${FILE} is stale: run npm run keycloak:realm\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(FILE, realmJson());
    process.stdout.write(`wrote ${FILE}\n`);
  }
}
