// SIGTERM as Kubernetes sends it: during a slow request, the facade process stops being ready at
// once, keeps taking connections for the grace period, then takes no new ones, finishes the
// request in flight — complete, and recorded — flushes the protocol log and exits 0.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/base/storage/open-store.ts';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { spawnFacade } from './support/facade-process.ts';
import { openPostgresTestStore, TEST_DATABASE_URL, type TestStore } from './support/store.ts';
import { startTestIssuer, type TestIssuer } from './support/token-issuer.ts';

const root = mkdtempSync(join(tmpdir(), 'facade-drain-'));
let mock: BrpMock;
let issuer: TestIssuer;
let pgStore: TestStore | undefined;
/** A BRP in front of the mock that holds each request until the test releases it. */
let slow: Server;
let slowUrl: string;
let reached: () => void = () => undefined;
let release: () => void = () => undefined;

beforeAll(async () => {
  mock = await startBrpMock({ port: 0 });
  issuer = await startTestIssuer();
  if (TEST_DATABASE_URL) pgStore = await openPostgresTestStore();
  slow = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The readiness probe's empty body passes at once; a query is held.
      const probe = Buffer.concat(chunks).toString() === '{}';
      const held = probe ? Promise.resolve() : new Promise<void>((resolve) => (release = resolve));
      if (!probe) reached();
      void held.then(async () => {
        const upstream = await fetch(`${mock.url.replace(/\/haalcentraal\/api\/brp$/, '')}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
  });
  slow.listen(0, '127.0.0.1');
  await once(slow, 'listening');
  slowUrl = `http://127.0.0.1:${(slow.address() as { port: number }).port}/haalcentraal/api/brp`;
});

afterAll(async () => {
  slow?.closeAllConnections();
  slow?.close();
  await mock?.close();
  await issuer?.close();
  await pgStore?.close();
  rmSync(root, { recursive: true, force: true });
});

describe(`graceful drain on SIGTERM (${TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded store'})`, () => {
  it('answers the request in flight completely and records it; readiness is off at once; new connections are refused after the grace period', async () => {
    const dataDir = join(root, 'data');
    const store: Record<string, string> = pgStore ? { DATABASE_URL: pgStore.databaseUrl! } : { ALLOW_EMBEDDED_STORE: 'true', DATA_DIR: dataDir };
    const facade = await spawnFacade(['--import', 'tsx', 'src/main.ts'], {
      NODE_ENV: 'production',
      POLICY_FILE: 'rules/policy.yaml',
      VERWERKINGSREGISTER_FILE: 'rules/verwerkingsregister.yaml',
      PROTOCOL_SUBJECT_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
      BRP_URL: slowUrl,
      BRP_TIMEOUT_MS: '30000',
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_AUDIENCE: issuer.audience,
      INSTANCE_ID: 'drain-test',
      SHUTDOWN_GRACE_MS: '500',
      SHUTDOWN_TIMEOUT_MS: '20000',
      ...store,
    }, process.cwd());
    expect((await fetch(`${facade.base}/health/ready`)).status).toBe(200);

    const upstreamReached = new Promise<void>((resolve) => (reached = resolve));
    const token = await issuer.sign({ sub: 'medewerker-test', client_id: 'procesapp', roles: ['burgerzaken'] });
    const inFlight = fetch(`${facade.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }' }),
    });
    await upstreamReached;
    facade.child.kill('SIGTERM');
    await facade.logged('draining');

    // Stage 1–2: not ready, but still taking connections.
    const readiness = await fetch(`${facade.base}/health/ready`, { headers: { connection: 'close' } });
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'draining' });

    // Stage 3: the listener is closed; a new connection is refused while the request is still held.
    expect((await facade.logged('no new connections taken')).inFlight).toBe(1);
    await expect(fetch(`${facade.base}/health/live`, { headers: { connection: 'close' } })).rejects.toThrow();

    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ data: { persoon: { naam: { voornamen: 'Suzanne' } } } });
    const traceId = res.headers.get('traceresponse')!.split('-')[1];
    expect((await facade.exited).code).toBe(0);

    const check = pgStore ? pgStore.store : await openStore({ dataDir: join(dataDir, 'db') });
    try {
      const { rows } = await check.query<{ outcome: string }>('SELECT outcome FROM protocol_access WHERE trace_id = $1', [traceId]);
      expect(rows).toEqual([{ outcome: 'ok' }]);
    } finally {
      if (!pgStore) await check.close();
    }
  }, 60_000);
});
