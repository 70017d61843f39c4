// rules/policy.schema.json from the policy's one shape definition (rules/policy-schema.ts).
// `npm run policy:schema` writes it; `--check` fails when it is stale (test/policy-schema.test.ts checks too).
import { readFileSync, writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../rules/policy-schema.ts';

const FILE = 'rules/policy.schema.json';
const wanted = `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(FILE, 'utf8') !== wanted) {
    process.stderr.write(`${FILE} is stale: run npm run policy:schema\n`);
    process.exit(1);
  }
} else {
  writeFileSync(FILE, wanted);
  process.stdout.write(`wrote ${FILE}\n`);
}
