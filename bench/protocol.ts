// Bench: throughput of `persoon` queries through HTTP with the protocol log on
// PGlite (and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
// set), as a ratio to the same facade with the log switched off. All variants
// run in this process against one BRP mock in a process of its own (as the
// real BRP would be), interleaved round by round — at 16 and at 64 concurrent
// clients, because group commit batches what is waiting: under more load the
// log costs less per request.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAccessTokenVerifier } from '../src/base/auth/verify-access-token.ts';
import { BrpClient } from '../src/domains/brp/client.ts';
import { silentLogger } from '../src/base/log/logger.ts';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { startFacade, type RunningFacade } from '../src/pipeline/facade.ts';
import type { ProtocolWriter } from '../src/pipeline/7-protocol/protocol-plugin.ts';
import { openStore, type Store } from '../src/base/storage/open-store.ts';
import { loadPolicy } from '../rules/policy.ts';
import { startTestIssuer } from '../test/support/token-issuer.ts';
import { ratioLine } from './support.ts';
import { PlanCache } from '../src/engine/plan/plan-cache.ts';

const CONCURRENCY_LEVELS = [16, 64];
const REQUESTS_PER_ROUND = 200;
const ROUNDS = 15;
const BSNS = ['999993653', '999990378', '999991036', '999995108', '999970847'];
const QUERY = `query($b: String!) { persoon(burgerservicenummer: $b) { burgerservicenummer naam { volledigeNaam } geboorte { datum { langFormaat } } verblijfplaats { ... on Adres { verblijfadres { postcode huisnummer } } } } }`;

async function throughput(url: string, token: string, requests: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY, variables: { b: BSNS[i % BSNS.length] } }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (res.status !== 200 || body.errors) throw new Error(`bench request failed: ${res.status} ${JSON.stringify(body.errors)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return requests / ((performance.now() - start) / 1000);
}

/** `npm run mock:brp` on a free port, in its own process. */
async function startMockProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev/mocks/brp/standalone.ts'], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const url = (JSON.parse(line) as { url?: string }).url;
    if (url) {
      return {
        url,
        close: () => new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
  }
  throw new Error('the BRP mock did not start');
}

export async function protocolBench(): Promise<string[]> {
  const mock = await startMockProcess();
  const issuer = await startTestIssuer();
  const verifier = createAccessTokenVerifier({ issuers: [{ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: issuer.audience }], rolesClaim: 'roles', clockToleranceSeconds: 30 });
  const policy = loadPolicy('rules/policy.yaml');
  const token = await issuer.sign({ sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] });
  const closers: Array<() => Promise<unknown>> = [];
  const stats = new Map<string, () => { calls: number; transactions: number }>();

  async function facadeWith(protocol: ProtocolWriter): Promise<RunningFacade> {
    const brp = new BrpClient({ url: mock.url, timeoutMs: 10_000 });
    const facade = await startFacade({
      port: 0, host: '127.0.0.1', verifier, brp, logger: silentLogger, introspection: false, policy, gemeenteCode: '0599',
      authzMode: 'filter', explain: false, protocol, protocolReady: async () => true, planCache,
    });
    closers.push(() => facade.close(), () => brp.close());
    return facade;
  }
  async function withLog(store: Store, name: string): Promise<RunningFacade> {
    const log = await createProtocolLog(store, { instanceId: `bench-${name}-${process.pid}` });
    stats.set(name, () => log.stats());
    closers.push(() => log.close());
    return facadeWith(log);
  }

  // One plan cache for every facade of the run: its hit rate is the bench's load's.
  const planCache = new PlanCache();
  const variants: Array<{ name: string; facade: RunningFacade }> = [];
  variants.push({ name: 'off', facade: await facadeWith({ record: async () => undefined }) });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-pglite-'));
  // As `npm start` runs it: PGlite in a worker thread.
  const pglite = await openStore({ dataDir: path.join(dir, 'db'), worker: true });
  closers.push(() => pglite.close(), () => rm(dir, { recursive: true, force: true }));
  variants.push({ name: 'pglite', facade: await withLog(pglite, 'pglite') });
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const pg = await openStore({ databaseUrl: pgUrl });
    closers.push(() => pg.close());
    variants.push({ name: 'postgres', facade: await withLog(pg, 'postgres') });
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const lines: string[] = [];
  /** One measurement at one concurrency: throughput ratios, batch size and this process's CPU per request. */
  async function measureAt(concurrency: number): Promise<void> {
    const runs = variants.map((v) => ({ v, rates: [] as number[], cpuMicros: 0, requests: 0, before: stats.get(v.name)?.() }));
    for (const run of runs) await throughput(run.v.facade.url, token, 100, concurrency); // warm-up
    // Many short rounds, the order rotated each round, medians compared: the machine's drift and
    // the other processes (mock, PostgreSQL) hit every variant alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of runs.map((_, i) => runs[(i + round) % runs.length])) {
        // CPU of this process (facade, load generator, PGlite worker thread): what the log costs here.
        const before = process.cpuUsage();
        run.rates.push(await throughput(run.v.facade.url, token, REQUESTS_PER_ROUND, concurrency));
        const used = process.cpuUsage(before);
        run.cpuMicros += used.user + used.system;
        run.requests += REQUESTS_PER_ROUND;
      }
    }
    const off = runs[0];
    lines.push(`protocol — persoon queries over HTTP, ${concurrency} concurrent clients (log off: ${median(off.rates).toFixed(0)} req/s)`);
    for (const run of runs.slice(1)) {
      const now = stats.get(run.v.name)?.();
      const calls = (now?.calls ?? 0) - (run.before?.calls ?? 0);
      const transactions = (now?.transactions ?? 0) - (run.before?.transactions ?? 0);
      const perTx = transactions ? ` [${(calls / transactions).toFixed(1)} requests per transaction]` : '';
      lines.push(`${ratioLine(`  throughput with the protocol log on ${run.v.name} / log off`, median(run.rates) / median(off.rates), '≥ 0.8')}${perTx}`);
    }
    const cpu = (run: (typeof runs)[number]) => run.cpuMicros / run.requests;
    for (const run of runs.slice(1)) {
      lines.push(`  facade-process CPU per request, log on ${run.v.name} / log off: ${(cpu(run) / cpu(off)).toFixed(3)} (${cpu(run).toFixed(0)} µs vs ${cpu(off).toFixed(0)} µs; PostgreSQL's own CPU not counted)`);
    }
  }

  try {
    // Group commit batches what is waiting: more concurrent requests, bigger batches.
    for (const concurrency of CONCURRENCY_LEVELS) await measureAt(concurrency);
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await mock.close();
    await issuer.close();
  }
  if (!pgUrl) lines.push('  (PostgreSQL line skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  const cache = planCache.stats();
  lines.push(`  plan cache under this load: ${cache.hits} hits, ${cache.misses} misses, hit rate ${(cache.hits / Math.max(1, cache.hits + cache.misses)).toFixed(4)} (values differ per request; the plan does not)`);
  return lines;
}
