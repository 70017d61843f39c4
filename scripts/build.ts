// `npm run build`: the production artefact in dist/ — what the container image holds and what
// test/artefact.test.ts runs. The folder is a complete application root:
//   dist/src, dist/resolvers, dist/rules   compiled by tsc (tsconfig.build.json: the production entry and
//                                          the day-two CLIs; nothing of src/dev)
//   dist/main.js                           the entry (`node dist/main.js`)
//   dist/schema, dist/data/…, migrations   the data files the code finds from import.meta.url
//   dist/rules/policy.yaml                 the demo policy, the default POLICY_FILE (mount your own)
//   dist/rules/verwerkingsregister.yaml    the demo register, the default VERWERKINGSREGISTER_FILE
//   dist/package.json, package-lock.json   for `npm ci --omit=dev` in the artefact (scripts/assemble.sh)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { answerHelp } from '../src/base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run build [-- OUT]

Compiles the production tree to JavaScript in OUT (default dist/) with the data files it reads, for
node OUT/main.js. scripts/assemble.sh adds the production dependencies (the container image's steps).`);

const OUT = process.argv[2] ?? 'dist';

/** What the compiled code reads at run time, from the project root into the same place under OUT. */
export const RUNTIME_FILES = [
  'schema',
  'data/brp/fields-Persoon.csv',
  'data/brp/fields-PersoonBeperkt.csv',
  'data/brp/fields-GezagPersoonBeperkt.csv',
  'data/brp/SOURCES.md',
  'data/brp-historie/openapi.yaml',
  'data/brp-historie/SOURCES.md',
  'data/brp-reisdocumenten/openapi.yaml',
  'data/brp-reisdocumenten/SOURCES.md',
  'data/brp-bewoning/openapi.yaml',
  'data/brp-bewoning/SOURCES.md',
  'data/eduv/openapi.yaml',
  'data/eduv/SOURCES.md',
  'src/base/storage/migrations',
  'rules/policy.yaml',
  'rules/verwerkingsregister.yaml',
  'rules/policy.schema.json',
  'package-lock.json',
  'LICENSE',
];

// OUT is emptied first: never the project itself or one of its own folders.
const out = resolve(OUT);
const project = resolve('.');
if (out === project || (out.startsWith(`${project}/`) && out !== resolve('dist') && !out.startsWith(`${resolve('dist')}/`))) {
  process.stderr.write(`build: OUT must be dist/ or a folder outside the project, not ${OUT}\n`);
  process.exit(2);
}
rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', OUT], { stdio: 'inherit' });
for (const path of RUNTIME_FILES) {
  mkdirSync(dirname(join(OUT, path)), { recursive: true });
  cpSync(path, join(OUT, path), { recursive: true });
}

// package.json without the scripts of the source tree: in the artefact, `npm start` is the build's.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown> & { scripts: Record<string, string> };
pkg.scripts = {
  start: 'node main.js',
  migrate: 'node src/base/storage/migrate-cli.js',
  'protocol:verify': 'node src/engine/protocol/cli/verify.js',
  'protocol:prune': 'node src/engine/protocol/cli/prune.js',
  'protocol:query': 'node src/engine/protocol/cli/query.js',
  'eduv:registry': 'node src/domains/eduv/registry/cli.js',
};
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(join(OUT, 'main.js'), "// The production entry of the built facade (src/main.ts).\nimport './src/main.js';\n");
process.stdout.write(`built ${OUT}/ (node ${OUT}/main.js)\n`);
