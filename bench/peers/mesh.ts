// GraphQL Mesh (v0: @graphql-mesh/cli + @graphql-mesh/openapi, pinned in bench/peers/package.json)
// generated from the project's BRP OpenAPI file, as a municipality would put it in front of the BRP
// instead of this facade: no token check, no purpose binding, no protocol log. What Mesh needs to
// serve this spec is done here, each with the reason beside it; nothing else of the spec is changed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { spawnServer, type ServerProcess } from './processes.ts';

const PEERS = new URL('.', import.meta.url).pathname;
const ROOT = join(PEERS, '..', '..');
/**
 * Mesh's own package (package.json, committed package-lock.json, node_modules): a folder below the
 * runner's, so that the runner's own imports (graphql, yaml, undici, pg) resolve to the project's
 * node_modules and never to Mesh's copies.
 */
export const MESH_DIR = join(PEERS, 'mesh');
/** Where `mesh build` runs (git-ignored): the adjusted spec, .meshrc.yaml and Mesh's artefacts. */
export const WORK_DIR = join(MESH_DIR, '.work');
export const MESH_BIN = join(MESH_DIR, 'node_modules', '.bin', 'mesh');

/** `npm ci` of bench/peers/mesh when its node_modules is missing: Mesh stays out of the project's own dependencies. */
export function ensureMeshInstalled(log: (line: string) => void): void {
  if (existsSync(MESH_BIN)) return;
  log('installing GraphQL Mesh (npm ci --prefix bench/peers/mesh) …');
  execFileSync('npm', ['ci', '--prefix', MESH_DIR, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 2, 2] }); // npm's output to stderr: stdout is the table
}

/** The installed @graphql-mesh/cli version. */
export function meshVersion(): string {
  const file = join(MESH_DIR, 'node_modules/@graphql-mesh/cli/package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?';
}

type Spec = {
  paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

/** Patterns of the spec that values of the official test data (the mock's) break; Mesh checks output against them. */
export const RELAXED_PATTERNS: Record<string, string> = {
  'Waardetabel.properties.omschrijving': 'the omschrijving of code P of aanduidingNaamgebruik in the official table is "geslachtsnaam echtgenoot/geregistreerd partner", a slash the pattern does not admit',
};

/** data/brp/openapi.yaml as Mesh can serve it; returns what was changed, one line each. */
export function meshSpec(): { yaml: string; changes: string[] } {
  const spec = parse(readFileSync(join(ROOT, 'data/brp/openapi.yaml'), 'utf8')) as Spec;
  const changes: string[] = [];
  const schemas = spec.components.schemas;

  // 1. The request body is `PersonenQuery`, a base schema whose `type` discriminator maps to the seven
  //    query types (each an allOf of the base). Mesh's OpenAPI handler turns that into an input type
  //    with only the base's properties (type, fields, gemeenteVanInschrijving): no burgerservicenummer.
  //    GraphQL has no input unions, so the operation takes the one query type the bench uses.
  const content = spec.paths['/personen'].post.requestBody.content;
  for (const media of Object.keys(content)) content[media].schema = { $ref: '#/components/schemas/RaadpleegMetBurgerservicenummer' };
  delete schemas.PersonenQuery.discriminator;
  changes.push('request body: RaadpleegMetBurgerservicenummer instead of the PersonenQuery discriminator (`type` stays a plain string: GraphQL has no input unions)');

  // 2. Values of the official test data that a pattern of the spec does not admit: Mesh's openapi
  //    handler makes every pattern a scalar that checks the response too, and fails the whole field.
  for (const [name, pattern] of Object.entries(RELAXED_PATTERNS)) {
    const path = name.split('.');
    let node: Record<string, unknown> = schemas;
    for (const p of path) node = node[p] as Record<string, unknown>;
    changes.push(`pattern of ${name} dropped (${String(node.pattern)}): ${pattern}`);
    delete node.pattern;
  }
  return { yaml: stringify(spec), changes };
}

/** The Mesh configuration (.meshrc.yaml) towards the BRP mock at `endpoint`. */
export function meshConfig(endpoint: string, port: number): string {
  return stringify({
    sources: [
      {
        name: 'BRP',
        handler: {
          openapi: {
            source: './brp-openapi.yaml',
            endpoint,
            // The spec lists application/problem+json for the error answers, and Mesh sends the
            // last media type it finds as Accept (application/problem+json): the BRP API (and the
            // mock) answers that with 406. The 200 answer's own media type makes Mesh type the
            // result from the spec's schema (with `application/json` alone it falls back to JSON).
            operationHeaders: { accept: 'application/json; charset=utf-8' },
            // The BRP API is POST /personen (a body too big for a query string): Mesh makes every
            // POST a mutation; it is a read, so it becomes a Query field.
            selectQueryOrMutationField: [{ fieldName: 'Personen', type: 'Query' }],
          },
        },
      },
    ],
    serve: {
      port,
      hostname: '127.0.0.1',
      playground: false,
      browser: false,
      // One process, as the facade is: Mesh forks one worker per core under NODE_ENV=production
      // by default, which on this 2-core machine would compare two processes with one.
      fork: false,
    },
  });
}

/** `mesh build` then `mesh start` in bench/peers/mesh/.work (git-ignored). */
export async function startMesh(endpoint: string, port: number): Promise<ServerProcess & { changes: string[] }> {
  const work = WORK_DIR;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const { yaml, changes } = meshSpec();
  writeFileSync(join(work, 'brp-openapi.yaml'), yaml);
  writeFileSync(join(work, '.meshrc.yaml'), meshConfig(endpoint, port));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' };
  execFileSync(MESH_BIN, ['build'], { cwd: work, env, stdio: 'pipe' });
  const server = await spawnServer('mesh', MESH_BIN, ['start'], {
    cwd: work,
    env,
    killAfterMs: 2_000,
    ready: (line) => (line.includes('Serving GraphQL Mesh') ? `http://127.0.0.1:${port}` : undefined),
  });
  return { ...server, changes };
}
