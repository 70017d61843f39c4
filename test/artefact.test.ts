// The production artefact as the container image holds it: scripts/assemble.sh (the Dockerfile's
// build stage runs the same script) builds dist/ and installs production dependencies only, from
// npm's cache, into a temporary folder; the folder is made read-only and started with plain
// `node main.js`, NODE_ENV=production, against the BRP mock, a JWKS of the test's own and
// PostgreSQL (TEST_DATABASE_URL; without it, the embedded store by its explicit opt-in).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/base/storage/open-store.ts';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { spawnFacade } from './support/facade-process.ts';
import { openPostgresTestStore, TEST_DATABASE_URL, type TestStore } from './support/store.ts';
import { startTestIssuer, type TestIssuer } from './support/token-issuer.ts';

const root = mkdtempSync(join(tmpdir(), 'facade-artefact-'));
const app = join(root, 'app');
let mock: BrpMock;
let issuer: TestIssuer;
let pgStore: TestStore | undefined;

/** Every file under dir, relative to it. */
function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** Every file of the artefact with its size and modification time: what a run must leave as it was. */
function snapshot(): string[] {
  return files(app).map((f) => {
    const s = statSync(join(app, f));
    return `${f} ${s.size} ${s.mtimeMs}`;
  });
}

function makeReadOnly(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeReadOnly(path);
    if (!entry.isSymbolicLink()) chmodSync(path, statSync(path).mode & 0o555);
  }
  chmodSync(dir, statSync(dir).mode & 0o555);
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeWritable(path);
    else chmodSync(path, 0o644);
  }
}

beforeAll(async () => {
  execFileSync('sh', ['scripts/assemble.sh', app], { env: { ...process.env, NPM_OFFLINE: '1' }, stdio: 'pipe' });
  makeReadOnly(app);
  mock = await startBrpMock({ port: 0 });
  issuer = await startTestIssuer();
  if (TEST_DATABASE_URL) pgStore = await openPostgresTestStore();
}, 180_000);

afterAll(async () => {
  await mock?.close();
  await issuer?.close();
  await pgStore?.close();
  if (existsSync(app)) makeWritable(app);
  rmSync(root, { recursive: true, force: true });
});

describe('the built artefact', () => {
  it('holds JavaScript and production dependencies only: no TypeScript, no src/dev, no development package', () => {
    const own = files(app).filter((f) => !f.startsWith('node_modules/'));
    expect(own).toContain('main.js');
    expect(own.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(own.filter((f) => f.startsWith('src/dev/'))).toEqual([]);
    for (const dev of ['tsx', 'oidc-provider', 'esbuild', 'typescript', 'vitest', '@keycloak', 'playwright-core', 'graphiql']) {
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(join(app, 'node_modules', 'graphql'))).toBe(true);
    // Nothing in it may be written (the image's read-only root file system; this test may run as root,
    // which permissions do not stop, so the run below also checks that the tree is left unchanged).
    expect(own.filter((f) => (statSync(join(app, f)).mode & 0o222) !== 0)).toEqual([]);
  });

  // PostgreSQL is production's store; the embedded one (by its opt-in) runs in a worker thread, whose
  // compiled entry this proves too.
  const stores = TEST_DATABASE_URL ? (['PostgreSQL', 'embedded store'] as const) : (['embedded store'] as const);
  it.each(stores)('starts read-only with NODE_ENV=production, answers a permitted query and records it: %s', async (kind) => {
    const dataDir = join(root, `data-${kind === 'PostgreSQL' ? 'pg' : 'pglite'}`);
    const pg = kind === 'PostgreSQL' ? pgStore : undefined;
    const before = snapshot();
    const store: Record<string, string> = pg ? { DATABASE_URL: pg.databaseUrl! } : { ALLOW_EMBEDDED_STORE: 'true', DATA_DIR: dataDir };
    const facade = await spawnFacade(['main.js'], {
      NODE_ENV: 'production',
      POLICY_FILE: 'rules/policy.yaml',
      VERWERKINGSREGISTER_FILE: 'rules/verwerkingsregister.yaml',
      PROTOCOL_SUBJECT_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
      BRP_URL: mock.url,
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_AUDIENCE: issuer.audience,
      INSTANCE_ID: `artefact-${kind === 'PostgreSQL' ? 'pg' : 'pglite'}`,
      SHUTDOWN_GRACE_MS: '0',
      ...store,
    }, app);
    expect(facade.log.some((e) => String(e.msg).includes('mock') || String(e.msg).includes('development'))).toBe(false);
    const token = await issuer.sign({ sub: 'medewerker-test', client_id: 'procesapp', roles: ['burgerzaken'] });
    const res = await fetch(`${facade.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }' }),
    });
    expect(await res.json()).toEqual({ data: { persoon: { naam: { voornamen: 'Suzanne' } } } });
    const traceId = res.headers.get('traceresponse')!.split('-')[1];
    facade.child.kill('SIGTERM');
    expect((await facade.exited).code).toBe(0);
    expect(snapshot()).toEqual(before);

    const check = pg ? pg.store : await openStore({ dataDir: join(dataDir, 'db') });
    try {
      const { rows } = await check.query<{ outcome: string; purpose: string }>('SELECT outcome, purpose FROM protocol_access WHERE trace_id = $1', [traceId]);
      expect(rows).toEqual([{ outcome: 'ok', purpose: 'brp-volledig' }]);
      // One data subject, stored pseudonymised (PROTOCOL_SUBJECT_KEYS), never as the BSN itself.
      const processing = await check.query<{ subject_id: string }>('SELECT p.subject_id FROM protocol_processing p JOIN protocol_access a ON a.operation_id = p.operation_id WHERE a.trace_id = $1', [traceId]);
      expect(processing.rows.map((r) => r.subject_id)).toEqual([expect.stringMatching(/^hmac:test:[0-9a-f]{64}$/)]);
    } finally {
      if (!pg) await check.close();
    }
  }, 60_000);
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds with the same script this test runs, and ships its output only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^RUN sh scripts\/assemble\.sh \/app$/m);
    expect(runtime).toMatch(/^COPY --from=build .*\/app \/app$/m);
    expect(runtime).not.toMatch(/^RUN npm|^COPY \. /m);
  });

  it('runs as a non-root user, read-only, with a health check on /health/live and SIGTERM to node', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^RUN chmod -R a-w \/app$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/health\/live/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production/m);
    expect(runtime).toMatch(/^CMD \["node", "main\.js"\]$/m);
  });

  it('.dockerignore keeps the installed tree and the build out of the context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', 'data/db']) expect(ignored).toContain(entry);
  });
});
