// npm run keycloak:realm — writes deploy/keycloak/gemeente-realm.json from realm.ts (`--check`: fail when stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { realm } from './realm.ts';
import { answerHelp } from '../../src/base/cli/help.ts';

const FILE = 'deploy/keycloak/gemeente-realm.json';
export const realmJson = () => `${JSON.stringify(realm, null, 2)}\n`;

if (process.argv[1]?.endsWith('write-realm.ts')) {
  answerHelp(process.argv.slice(2), `usage: npm run keycloak:realm [-- --check]

Writes deploy/keycloak/gemeente-realm.json (for kc.sh import) from the typed deploy/keycloak/realm.ts;
--check fails when the file is stale.`);
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
