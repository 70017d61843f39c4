// npm run policy:matrix [-- policy.yaml] [--out docs/policy-matrix]   writes <out>.md and <out>.html
// npm run policy:diff -- old.yaml new.yaml                            prints what each purpose gains and loses
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPolicy, PolicyError } from '../policy.ts';
import { diffText, policyDiff } from './diff.ts';
import { matrixHtml, matrixMarkdown } from './matrix.ts';
import { answerHelp } from '../../src/base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run policy:matrix [-- policy.yaml] [--out docs/policy-matrix]
       npm run policy:diff -- old.yaml new.yaml

matrix writes the policy as a review page (<out>.md and <out>.html): purposes × BRP field groups, with
roles, clients, query types, object rules and quotas. diff prints per purpose the fields, query types,
switches, roles and clients a change adds and takes away.`);

function main(): number {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help || !command) {
    process.stdout.write('usage: policy matrix [policy.yaml] [--out docs/policy-matrix] | policy diff old.yaml new.yaml\n');
    return values.help ? 0 : 2;
  }
  if (command === 'matrix') {
    const policy = loadPolicy(positionals[0] ?? 'rules/policy.yaml');
    const out = values.out ?? 'docs/policy-matrix';
    writeFileSync(`${out}.md`, matrixMarkdown(policy));
    writeFileSync(`${out}.html`, matrixHtml(policy));
    process.stdout.write(`wrote ${out}.md and ${out}.html\n`);
    return 0;
  }
  if (command === 'diff' && positionals.length === 2) {
    process.stdout.write(diffText(policyDiff(loadPolicy(positionals[0]), loadPolicy(positionals[1]))));
    return 0;
  }
  process.stderr.write('usage: policy matrix [policy.yaml] [--out …] | policy diff old.yaml new.yaml\n');
  return 2;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`${err instanceof PolicyError ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
