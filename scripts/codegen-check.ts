// Fails (exit 1) when src/generated/ differs from what codegen.yml would generate now,
// so a schema change without `npm run codegen` cannot pass the tests.
import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { parse } from 'yaml';
import { answerHelp } from '../src/base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run codegen:check

Fails when src/generated/ differs from what codegen.yml would generate now (npm run codegen writes it).`);

const config = parse(await readFile('codegen.yml', 'utf8'));
const outputs = (await generate({ ...config, cwd: process.cwd(), silent: true }, false)) as Array<{ filename: string; content: string }>;
let stale = 0;
for (const { filename, content } of outputs) {
  const onDisk = await readFile(filename, 'utf8').catch(() => '');
  if (onDisk !== content) {
    console.error(`codegen: ${filename} is stale — run \`npm run codegen\` and commit the result`);
    stale++;
  }
}
if (stale) process.exit(1);
console.log(`codegen: ${outputs.length} generated file(s) up to date`);
