// The JSON Schemas editors use for the two configuration files, each generated from the one shape
// definition its loader validates with: rules/policy.schema.json (rules/policy-schema.ts) and
// data/eduv/registry-seed.schema.json (src/domains/eduv/registry/seed-schema.ts).
// `npm run schemas` writes them; `--check` fails when one is stale (the schema tests check too).
import { readFileSync, writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../rules/policy-schema.ts';
import { registerJsonSchema } from '../rules/verwerkingsregister.ts';
import { eduvSeedJsonSchema } from '../src/domains/eduv/registry/seed-schema.ts';
import { answerHelp } from '../src/base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run schemas [-- --check]

Writes rules/policy.schema.json and data/eduv/registry-seed.schema.json from the loaders' shapes;
--check fails when one is stale.`);

const SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'rules/policy.schema.json': policyJsonSchema,
  'rules/verwerkingsregister.schema.json': registerJsonSchema,
  'data/eduv/registry-seed.schema.json': eduvSeedJsonSchema,
};

let stale = false;
for (const [file, generate] of Object.entries(SCHEMAS)) {
  const wanted = `${JSON.stringify(generate(), null, 2)}\n`;
  if (!process.argv.includes('--check')) {
    writeFileSync(file, wanted);
    process.stdout.write(`wrote ${file}\n`);
  } else if (readFileSync(file, { encoding: 'utf8', flag: 'r' }) !== wanted) {
    process.stderr.write(`${file} is stale: run npm run schemas\n`);
    stale = true;
  }
}
if (stale) process.exit(1);
