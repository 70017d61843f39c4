// npm run bench:peers — the facade beside what a municipality would pick instead: GraphQL Mesh
// generated from the same BRP OpenAPI file (no token check, no purpose binding, no protocol log),
// and the physical limit, direct REST calls to the BRP with the very bodies the facade sends. One
// BRP mock (a process of its own, frozen for the bench) is the upstream of all of them. Systems are
// measured interleaved round by round, each window drained before the next system's starts; figures
// are medians over the rounds with min–max. See bench/peers/README.md.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';
import pg from 'pg';
import { request } from 'undici';
import { answerHelp } from '../../src/base/cli/help.ts';
import { isValidBsn } from '../../src/domains/brp/input.ts';
import { buildFacadeSchema } from '../../src/pipeline/6-execute/schema.ts';
import { selection } from '../../test/support/selection.ts';
import { startTestIssuer, type TestIssuer } from '../../test/support/token-issuer.ts';
import { agent, post, runWindow, spread, median, type Job } from './load.ts';
import { ensureMeshInstalled, meshVersion, startMesh, WORK_DIR } from './mesh.ts';
import { keepProfiles, topSelfTime } from './profile.ts';
import { freePort, spawnServer, stopAll, type ServerProcess } from './processes.ts';
import { selectionFor, selectionPaths, under, without } from './selections.ts';

const USAGE = `usage: npm run bench:peers [-- --quick] [--window-ms N] [--rounds N] [--from-head] [--profile] [--cases all,partners,one]

Measures the facade (production build, token check, authorisation and protocol log on; PostgreSQL
when DATABASE_URL is set, else the embedded store) beside GraphQL Mesh generated from
data/brp/openapi.yaml and direct REST calls to the BRP mock, interleaved, in one run.
  --quick         short windows (≥ 2 s × 2 rounds): a smoke run, about 3–4 minutes with start-up
  --window-ms N   length of one measuring window (default 5000)
  --rounds N      interleaved rounds (default 5)
  --from-head     build the facade from the last commit (git archive HEAD), not the working tree
  --profile       run the facade (all on) under node --cpu-prof; print its top 25 functions by self time
  --cases LIST    measure only these cases (all: 100 × all fields, partners, one: the latency line)
DATABASE_URL      a PostgreSQL server: the bench creates a database of its own there and drops it after.`;

const argv = process.argv.slice(2);
answerHelp(argv, USAGE);
const option = (name: string): number | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : undefined;
};
const QUICK = argv.includes('--quick');
const FROM_HEAD = argv.includes('--from-head');
const WINDOW_MS = option('--window-ms') ?? (QUICK ? 2000 : 5000);
const ROUNDS = option('--rounds') ?? (QUICK ? 2 : 5);
const WARMUP_MS = QUICK ? 700 : 2000;
const PROFILE = argv.includes('--profile');
const CASE_LIST = argv.includes('--cases') ? new Set(String(argv[argv.indexOf('--cases') + 1]).split(',')) : undefined;
const measuring = (key: string) => !CASE_LIST || CASE_LIST.has(key);

const PEERS = new URL('.', import.meta.url).pathname;
const ROOT = join(PEERS, '..', '..');
const t0 = performance.now();
const progress = (line: string) => process.stderr.write(`bench:peers [${((performance.now() - t0) / 1000).toFixed(0)} s]: ${line}\n`);

// ---------------------------------------------------------------------------------------------
// What is asked: the facade's queries are the reference; Mesh asks the same response paths, and
// the direct calls are the facade's own upstream bodies, captured once.

interface TestPerson {
  burgerservicenummer: string;
  partners?: Array<{ burgerservicenummer?: string }>;
}
const testData = JSON.parse(readFileSync(join(ROOT, 'data/brp/test-data.json'), 'utf8')) as TestPerson[];
const known = new Set(testData.map((p) => p.burgerservicenummer));
const BSNS_100 = testData.filter((p) => isValidBsn(p.burgerservicenummer)).slice(0, 100).map((p) => p.burgerservicenummer);
// Persons with a partner that is a person of the test data too: the second level has someone to fetch.
const BSNS_20_PARTNERS = testData
  .filter((p) => isValidBsn(p.burgerservicenummer) && (p.partners ?? []).some((q) => q.burgerservicenummer && known.has(q.burgerservicenummer)))
  .slice(0, 20)
  .map((p) => p.burgerservicenummer);
const BSN_1 = '999993653';

const facadeSchema: GraphQLSchema = buildFacadeSchema();
const ALL_FIELDS = selection(facadeSchema, 'Persoon');
const NAAM = selection(facadeSchema, 'NaamPersoon');
const TEN_FIELDS = 'burgerservicenummer leeftijd geslacht { code omschrijving } naam { voornamen voorvoegsel geslachtsnaam volledigeNaam } geboorte { datum { langFormaat } plaats { omschrijving } }';
const PARTNERS = `burgerservicenummer partners { burgerservicenummer persoon { naam { ${NAAM} } } }`;

interface CaseSpec {
  key: 'all' | 'partners' | 'one';
  /** Persons asked per request (persons/s counts these). */
  persons: number;
  facadeQuery: string;
  variables: Record<string, unknown>;
  /** Response paths of one person (the facade's selection). */
  personPaths: Set<string>;
  /** Where the facade follows a link to a second level of persons (Mesh's client asks twice). */
  link?: string;
}

const CASES: Record<CaseSpec['key'], CaseSpec> = {
  all: {
    key: 'all',
    persons: 100,
    facadeQuery: `query All($b: [String!]!) { personen(burgerservicenummers: $b) { ${ALL_FIELDS} } }`,
    variables: { b: BSNS_100 },
    personPaths: selectionPaths(ALL_FIELDS),
  },
  partners: {
    key: 'partners',
    persons: 20,
    facadeQuery: `query Partners($b: [String!]!) { personen(burgerservicenummers: $b) { ${PARTNERS} } }`,
    variables: { b: BSNS_20_PARTNERS },
    personPaths: selectionPaths(PARTNERS),
    link: 'partners.persoon',
  },
  one: {
    key: 'one',
    persons: 1,
    facadeQuery: `query One($b: String!) { persoon(burgerservicenummer: $b) { ${TEN_FIELDS} } }`,
    variables: { b: BSN_1 },
    personPaths: selectionPaths(TEN_FIELDS),
  },
};

interface UpstreamCall {
  path: string;
  body: string;
  start: number;
  end: number;
}

/** The facade's upstream calls of one request, in levels: a level's calls run together, the next waits for them. */
function levels(calls: UpstreamCall[]): UpstreamCall[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const out: UpstreamCall[][] = [];
  let levelEnd = -Infinity;
  for (const call of sorted) {
    if (!out.length || call.start >= levelEnd) out.push([]);
    out.at(-1)!.push(call);
    levelEnd = Math.max(...out.at(-1)!.map((c) => c.end));
  }
  return out;
}

/** A proxy in front of the mock that records what the facade sends (only while capturing). */
async function startCaptureProxy(target: string): Promise<{ url: string; calls: UpstreamCall[]; close(): Promise<void> }> {
  const origin = new URL(target).origin;
  const calls: UpstreamCall[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const start = performance.now();
      const body = await read(req);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const answer = await request(`${origin}${req.url}`, { method: req.method as 'POST', headers, body });
      const bytes = Buffer.from(await answer.body.arrayBuffer());
      calls.push({ path: req.url ?? '', body, start, end: performance.now() });
      res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(bytes);
    })().catch((err: unknown) => res.writeHead(502).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${new URL(target).pathname}`,
    calls,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The processes.

/**
 * `npm run build` into a temporary folder (not dist/, which others may be building), with the
 * project's node_modules beside it. From the working tree, or (--from-head) from the last commit,
 * exported with `git archive`: a working tree in the middle of someone's edit does not start.
 */
function buildFacade(into: string, fromHead: boolean): string {
  let source = ROOT;
  if (fromHead) {
    source = join(into, 'head');
    mkdirSync(source);
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${source}'`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  }
  const app = join(into, 'app');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', app], { cwd: source, stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`the facade's build failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return app;
}

async function startMock(): Promise<ServerProcess> {
  return spawnServer('BRP mock', process.execPath, ['--import', 'tsx', 'src/dev/mocks/brp/standalone.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1' },
    ready: (line) => {
      try {
        return (JSON.parse(line) as { url?: string }).url;
      } catch {
        return undefined;
      }
    },
  });
}

interface FacadeSetup {
  app: string;
  issuer: TestIssuer;
  subjectKeys: string;
  signingKey: string;
  witnessRoot: string;
}

/** The built facade as production runs it (src/main.ts); `protocolOff` loads bench/peers/protocol-off.mjs first. */
async function startFacadeProcess(name: string, setup: FacadeSetup, brpUrl: string, store: Record<string, string>, protocolOff = false, nodeArgs: string[] = []): Promise<ServerProcess> {
  const instance = name.replace(/[^A-Za-z0-9]+/g, '-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    POLICY_FILE: 'rules/policy.yaml',
    VERWERKINGSREGISTER_FILE: 'rules/verwerkingsregister.yaml',
    PROTOCOL_SUBJECT_KEYS: setup.subjectKeys,
    PROTOCOL_SIGNING_KEY: setup.signingKey,
    PROTOCOL_WITNESS_DIR: join(setup.witnessRoot, instance),
    BRP_URL: brpUrl,
    AUTH_ISSUER: setup.issuer.issuer,
    AUTH_JWKS_URL: setup.issuer.jwksUrl,
    AUTH_AUDIENCE: setup.issuer.audience,
    INSTANCE_ID: `bench-peers-${instance}-${process.pid}`,
    SHUTDOWN_GRACE_MS: '0',
    // The bench asks the same employee for persons far beyond a working day's quota.
    QUOTA_PERSONS: '10000000/minute',
    QUOTA_OPERATIONS: '10000000/minute',
    // At 64 clients the one mock process queues deep (every system waits for it alike); the default
    // 5 s upstream timeout would turn that queue into UPSTREAM_UNAVAILABLE instead of a figure.
    BRP_TIMEOUT_MS: '60000',
    ...store,
  };
  const args = [...nodeArgs, ...(protocolOff ? ['--import', pathToFileURL(join(PEERS, 'protocol-off.mjs')).href, 'main.js'] : ['main.js'])];
  const server = await spawnServer(name, process.execPath, args, {
    cwd: setup.app,
    env,
    ready: (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        return entry.msg?.startsWith('facade listening') ? String(entry.url).replace(/\/graphql$/, '') : undefined;
      } catch {
        return undefined;
      }
    },
  });
  await waitReady(server);
  return server;
}

/** Polls /health/ready until 200; returns the milliseconds since the process was spawned. */
async function waitReady(server: ServerProcess, spawnedAt?: number): Promise<number> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const res = await request(`${server.url}/health/ready`).catch(() => undefined);
    if (res) await res.body.dump();
    if (res?.statusCode === 200) return spawnedAt === undefined ? NaN : performance.now() - spawnedAt;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${server.name} was not ready within 60 s`);
}

/** A database of the bench's own on the server DATABASE_URL names; dropped after. */
async function benchDatabase(adminUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `bench_peers_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The systems under load.

interface System {
  name: string;
  /** The process whose CPU is this system's (undefined: the load generator itself is the client). */
  process?: ServerProcess;
  job(c: CaseSpec): Job;
  /** One request, parsed: how many persons (first level) and how many linked persons came back. */
  check(c: CaseSpec): Promise<{ persons: number; linked: number }>;
}

interface Prepared {
  /** Per case: the facade's upstream calls in levels. */
  upstream: Record<CaseSpec['key'], UpstreamCall[][]>;
}

const MOCK_HEADERS = { accept: 'application/json; charset=utf-8' };

function directSystem(mockUrl: string, prepared: Prepared): System {
  const origin = new URL(mockUrl).origin;
  const dispatcher = agent(64 * 8);
  const send = (call: UpstreamCall) => post(dispatcher, `${origin}${call.path}`, call.body, MOCK_HEADERS, false);
  return {
    name: 'direct REST',
    job: (c) => async () => {
      for (const level of prepared.upstream[c.key]) await Promise.all(level.map(send));
    },
    check: async (c) => {
      const [first, ...rest] = prepared.upstream[c.key];
      const count = async (calls: UpstreamCall[]) =>
        (await Promise.all(calls.map(send))).reduce((n, b) => n + ((JSON.parse(b.toString()) as { personen: unknown[] }).personen.length), 0);
      return { persons: await count(first), linked: rest.length ? await count(rest.flat()) : 0 };
    },
  };
}

/** Mesh's input type for the operation takes these keys of the facade's upstream body. */
function meshInput(body: string, allowed: Set<string>): { input: Record<string, unknown>; dropped: string[] } {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(parsed)) (allowed.has(k) ? (input[k] = v) : dropped.push(k));
  return { input, dropped };
}

function meshSystem(mesh: ServerProcess, schema: GraphQLSchema, prepared: Prepared, notes: Set<string>): System {
  const dispatcher = agent(64 * 2);
  const inputType = schema.getQueryType()!.getFields().Personen.args[0].type.toString().replace(/!$/, '');
  const allowed = new Set(Object.keys((schema.getType(inputType) as unknown as { getFields(): Record<string, unknown> }).getFields()));
  /** One GraphQL request per level: the level's upstream bodies as aliased Personen fields. */
  const step = (calls: UpstreamCall[], paths: Set<string>) => {
    const personSelection = selectionFor(schema, 'Persoon', paths);
    const variables: Record<string, unknown> = {};
    const fields = calls.map((call, i) => {
      const { input, dropped } = meshInput(call.body, allowed);
      for (const d of dropped) notes.add(`Mesh's input has no \`${d}\` (the facade sends it): left out of Mesh's calls`);
      variables[`i${i}`] = input;
      return `b${i}: Personen(input: $i${i}) { ... on RaadpleegMetBurgerservicenummerResponse { personen { ${personSelection} } } }`;
    });
    const query = `query(${calls.map((_, i) => `$i${i}: ${inputType}`).join(', ')}) { ${fields.join(' ')} }`;
    return JSON.stringify({ query, variables });
  };
  const bodies = (c: CaseSpec): string[] => {
    const [first, ...rest] = prepared.upstream[c.key];
    if (!c.link) return [step(first, c.personPaths)];
    // Mesh has no link from a partner to its person: its client asks for the partners' numbers,
    // then for those persons (the bodies of the second level are the facade's, i.e. the same persons).
    return [step(first, without(c.personPaths, c.link)), step(rest.flat(), under(c.personPaths, c.link))];
  };
  const cache = new Map<string, string[]>();
  const of = (c: CaseSpec) => cache.get(c.key) ?? cache.set(c.key, bodies(c)).get(c.key)!;
  const url = `${mesh.url}/graphql`;
  return {
    name: 'Mesh, no auth',
    process: mesh,
    job: (c) => {
      const steps = of(c);
      return async () => {
        for (const body of steps) await post(dispatcher, url, body, {}, true);
      };
    },
    check: async (c) => {
      const counts: number[] = [];
      for (const body of of(c)) {
        const answer = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
        const res = (await answer.body.json()) as { data: Record<string, { personen: unknown[] }>; errors?: Array<{ message: string }> };
        if (res.errors?.length) {
          // Every distinct problem at once (e.g. each pattern of the spec that the test data breaks).
          const distinct = [...new Set(res.errors.map((e) => e.message.replace(/ but given .*/, '')))];
          throw new Error(`Mesh answers case ${c.key} with ${res.errors.length} errors:\n  ${distinct.join('\n  ')}\nfirst: ${JSON.stringify(res.errors[0]).slice(0, 400)}`);
        }
        counts.push(Object.values(res.data).reduce((n, r) => n + r.personen.length, 0));
      }
      return { persons: counts[0], linked: counts[1] ?? 0 };
    },
  };
}

function facadeSystem(name: string, facade: ServerProcess, token: string): System {
  const dispatcher = agent(64 * 2);
  const url = `${facade.url}/graphql`;
  const headers = { authorization: `Bearer ${token}` };
  const body = (c: CaseSpec) => JSON.stringify({ query: c.facadeQuery, variables: c.variables });
  return {
    name,
    process: facade,
    job: (c) => {
      const b = body(c);
      return async () => void (await post(dispatcher, url, b, headers, true));
    },
    check: async (c) => {
      type Person = { partners?: Array<{ persoon?: unknown }> };
      const res = JSON.parse((await post(dispatcher, url, body(c), headers, true)).toString()) as { data: { personen?: Person[]; persoon?: Person } };
      const persons = res.data.personen ?? (res.data.persoon ? [res.data.persoon] : []);
      const linked = persons.flatMap((p) => p.partners ?? []).filter((q) => q.persoon).length;
      return { persons: persons.length, linked };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Measured {
  system: System;
  /** Per round: persons/s (throughput cases) or the round's median latency in ms (latency case). */
  figures: number[];
  requests: number;
  cpu: Map<string, number>;
  errors: Map<string, number>;
  /** Counting intervals (s) of the rounds. */
  windows: number[];
  /** Median latency (ms) of the last window: sizes the next one. */
  latency: number;
}

/**
 * Ramp and counting interval for a system whose requests take `latencyMs`: the ramp one latency
 * (the clients' first answers come in together), the interval at least three latencies, so that
 * slow systems are not counted in whole requests of which a window holds one or two; both capped
 * (at 2× and 4× the base window) to keep the run's length in bounds on an overloaded machine.
 */
function windowFor(latencyMs: number): { rampMs: number; windowMs: number } {
  const l = Number.isFinite(latencyMs) ? latencyMs : WINDOW_MS;
  // --quick is a smoke run: stretched less.
  const [rampCap, windowCap] = QUICK ? [WINDOW_MS, 2 * WINDOW_MS] : [2 * WINDOW_MS, 4 * WINDOW_MS];
  return { rampMs: Math.min(l, rampCap), windowMs: Math.min(Math.max(3 * l, WINDOW_MS), windowCap) };
}

interface Row {
  title: string;
  spec: CaseSpec;
  clients: number;
  latency: boolean;
  measured: Measured[];
  load: [number, number];
}

async function measureCase(title: string, spec: CaseSpec, clients: number, systems: System[], tracked: Array<{ name: string; cpu(): number }>, latency: boolean): Promise<Row> {
  progress(`${title} — ${systems.map((s) => s.name).join(', ')}`);
  const load: [number, number] = [loadavg()[0], 0];
  const measured: Measured[] = [];
  for (const system of systems) {
    const warm = await runWindow(system.job(spec), clients, WARMUP_MS);
    measured.push({ system, figures: [], requests: 0, cpu: new Map(), errors: new Map(), windows: [], latency: median(warm.allLatencies) });
  }
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates each round: drift of the machine (and the others' load on it) hits all alike.
    for (let k = 0; k < measured.length; k++) {
      const m = measured[(k + round) % measured.length];
      const before = tracked.map((t) => t.cpu());
      const { rampMs, windowMs } = windowFor(m.latency);
      const result = await runWindow(m.system.job(spec), clients, windowMs, rampMs);
      const after = tracked.map((t) => t.cpu());
      tracked.forEach((t, i) => m.cpu.set(t.name, (m.cpu.get(t.name) ?? 0) + after[i] - before[i]));
      m.requests += result.completed + result.uncounted;
      m.windows.push(windowMs / 1000);
      if (result.allLatencies.length) m.latency = median(result.allLatencies);
      for (const [kind, n] of result.errors) m.errors.set(kind, (m.errors.get(kind) ?? 0) + n);
      m.figures.push(latency ? median(result.latencies) : (result.completed * spec.persons) / (result.windowMs / 1000));
    }
  }
  load[1] = loadavg()[0];
  return { title, spec, clients, latency, measured, load };
}

// ---------------------------------------------------------------------------------------------
// Printing.

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '–');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-peers-'));
  const cleanups: Array<() => Promise<unknown>> = [];
  // Interrupted: the children stopped, the bench database dropped, the scratch folder removed.
  const onSignal = () =>
    void stopAll()
      .then(() => Promise.all(cleanups.map((c) => c().catch(() => undefined))))
      .finally(() => {
        rmSync(scratch, { recursive: true, force: true });
        process.exit(130);
      });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const out: string[] = [];
  try {
    ensureMeshInstalled(progress);
    progress(`building the facade (npm run build into a temporary folder, from ${FROM_HEAD ? 'HEAD' : 'the working tree'}) …`);
    const app = buildFacade(scratch, FROM_HEAD);
    const profileDir = join(scratch, 'profile');

    const mock = await startMock();
    const issuer = await startTestIssuer();
    cleanups.push(() => issuer.close());
    const setup: FacadeSetup = {
      app,
      issuer,
      subjectKeys: `bench:${randomBytes(32).toString('base64')}`,
      signingKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      witnessRoot: join(scratch, 'witness'),
    };
    const now = Math.floor(Date.now() / 1000);
    // Valid for the whole run (the facade accepts up to 7200 s between iat and exp).
    const token = await issuer.sign({ sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'], iat: now, exp: now + 7000 });

    // 1. What the facade sends upstream, per case: captured once through a proxy (then the proxy is
    //    gone), while Mesh and the measured facades start (started side by side: starting is slow here).
    const captured = (async () => {
      const proxy = await startCaptureProxy(mock.url);
      const capture = await startFacadeProcess('capture', setup, proxy.url, { ALLOW_EMBEDDED_STORE: 'true', DATA_DIR: join(scratch, 'capture-data') });
      const upstream = {} as Prepared['upstream'];
      const captureSystem = facadeSystem('capture', capture, token);
      for (const spec of Object.values(CASES)) {
        proxy.calls.length = 0;
        await captureSystem.check(spec);
        upstream[spec.key] = levels(proxy.calls);
      }
      await capture.stop();
      await proxy.close();
      progress('captured the facade\'s upstream calls');
      return { upstream };
    })();

    // 2. The systems.
    const meshStarted = (async () => {
      const mesh = await startMesh(mock.url, await freePort());
      progress('GraphQL Mesh serves');
      return mesh;
    })();
    let storeName = 'embedded store';
    let pgStore: Record<string, string> | undefined;
    if (process.env.DATABASE_URL?.trim()) {
      const db = await benchDatabase(process.env.DATABASE_URL.trim());
      cleanups.push(() => db.drop());
      pgStore = { DATABASE_URL: db.url };
      storeName = `PostgreSQL, database ${db.name}`;
    }
    const embeddedStore = (name: string) => ({ ALLOW_EMBEDDED_STORE: 'true', DATA_DIR: join(scratch, `data-${name}`) });
    progress(`capturing the facade's upstream calls; starting GraphQL Mesh (mesh build, mesh start) and the facades (${storeName}) …`);
    const facadesStarted = (async () => {
      // One after the other on PostgreSQL: both migrate the same database at start.
      const on = await startFacadeProcess('facade', setup, mock.url, pgStore ?? embeddedStore('on'), false, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
      const off = await startFacadeProcess('facade-log-off', setup, mock.url, pgStore ?? embeddedStore('off'), true);
      const embedded = pgStore ? await startFacadeProcess('facade-embedded', setup, mock.url, embeddedStore('embedded')) : undefined;
      progress('the facades are ready');
      return { on, off, embedded };
    })();
    const settled = await Promise.allSettled([captured, meshStarted, facadesStarted]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const prepared: Prepared = await captured;
    const mesh = await meshStarted;
    const { on: facadeOn, off: facadeOff, embedded: facadeEmbedded } = await facadesStarted;
    const meshSchema = buildSchema(readFileSync(join(WORK_DIR, '.mesh/schema.graphql'), 'utf8'), { assumeValidSDL: true });

    const notes = new Set<string>();
    const direct = directSystem(mock.url, prepared);
    const meshSys = meshSystem(mesh, meshSchema, prepared, notes);
    const onName = `facade, all on (${pgStore ? 'PostgreSQL' : 'embedded store'})`;
    const on = facadeSystem(onName, facadeOn, token);
    const off = facadeSystem(`facade, protocol log off (${pgStore ? 'PostgreSQL' : 'embedded store'})`, facadeOff, token);
    const embedded = facadeEmbedded ? facadeSystem('facade, all on (embedded store)', facadeEmbedded, token) : undefined;
    const main3 = [direct, meshSys, on];
    const all = [direct, meshSys, on, ...(embedded ? [embedded] : []), off];

    // 3. Every system answers every case with the same persons before anything is timed.
    const checks: string[] = [];
    for (const spec of Object.values(CASES)) {
      const got = await Promise.all(all.map(async (s) => ({ s, r: await s.check(spec) })));
      const want = got[0].r;
      for (const { s, r } of got) {
        if (r.persons !== want.persons || r.linked !== want.linked) {
          throw new Error(`${s.name} answers case ${spec.key} with ${r.persons} persons (${r.linked} linked), direct REST with ${want.persons} (${want.linked})`);
        }
      }
      const calls = prepared.upstream[spec.key].map((l) => l.length).join(' + ');
      checks.push(`  ${spec.key}: ${want.persons} person${want.persons === 1 ? '' : 's'}${spec.link ? ` and ${want.linked} partners' persons` : ''} from every system; the facade's upstream calls per request: ${calls} (levels)`);
    }

    // 4. Measure.
    const generator = { name: 'load generator', cpu: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; } };
    const tracked = [
      { name: 'mock', cpu: () => mock.cpuSeconds() },
      { name: 'mesh', cpu: () => mesh.cpuSeconds() },
      { name: 'facade', cpu: () => facadeOn.cpuSeconds() },
      { name: 'facade-log-off', cpu: () => facadeOff.cpuSeconds() },
      ...(facadeEmbedded ? [{ name: 'facade-embedded', cpu: () => facadeEmbedded.cpuSeconds() }] : []),
      generator,
    ];
    const totalsBefore = new Map(tracked.map((t) => [t.name, t.cpu()]));
    const rows: Row[] = [];
    if (measuring('all')) {
      rows.push(await measureCase('`personen` × 100 BSNs × all fields, 16 clients, persons/s', CASES.all, 16, all, tracked, false));
      rows.push(await measureCase('same, 64 clients', CASES.all, 64, main3, tracked, false));
    }
    if (measuring('partners')) {
      rows.push(await measureCase('20 persons × `partners { persoon { naam } }`, 16 clients, persons/s', CASES.partners, 16, all, tracked, false));
      rows.push(await measureCase('same, 64 clients', CASES.partners, 64, main3, tracked, false));
    }
    if (measuring('one')) rows.push(await measureCase('1 person × 10 fields, 1 client, latency ms', CASES.one, 1, main3, tracked, true));
    const totals = new Map(tracked.map((t) => [t.name, t.cpu() - totalsBefore.get(t.name)!]));

    // 5. The embedded store at rest: a facade process alone, restarted on its existing data directory.
    const restStore = pgStore ? facadeEmbedded! : facadeOn;
    const restDir = pgStore ? embeddedStore('embedded') : embeddedStore('on');
    await restStore.stop();
    const spawnedAt = performance.now();
    const again = await startFacadeProcess('facade-restarted', setup, mock.url, restDir);
    const toReady = performance.now() - spawnedAt;
    await new Promise((r) => setTimeout(r, 3000));
    const rest = again.rssMiB();
    await again.stop();

    // 6. Print.
    const cols = ['direct REST (the limit)', 'Mesh, no auth', onName];
    const figure = (row: Row, s: System) => {
      const m = row.measured.find((x) => x.system === s);
      return m ? spread(m.figures, row.latency ? 1 : 0) : '–';
    };
    const med = (row: Row, s: System | undefined) => {
      const m = row.measured.find((x) => x.system === s);
      return m ? median(m.figures) : NaN;
    };
    out.push(`bench:peers — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores; ${ROUNDS} interleaved rounds${QUICK ? ' (--quick)' : ''}, drained between systems`);
    out.push(`figures: median of the rounds (min–max); persons/s counts the persons asked (100 resp. 20 per request); the upstream of every system is one BRP mock process`);
    out.push(`windows: a ramp of one latency, then counting for at least ${WINDOW_MS / 1000} s and 3 latencies (at most ${((QUICK ? 2 : 4) * WINDOW_MS) / 1000} s); answers after it are drained, not counted`);
    out.push(`facade store: ${storeName}; capture and checks:`);
    out.push(...checks);
    out.push('');
    out.push(...table(['case', ...cols], rows.map((row) => [`${row.title}`, ...main3.map((s) => figure(row, s))])));
    out.push('');
    out.push('ratios (medians):');
    out.push(...table(
      ['case', 'facade / direct', 'facade / Mesh', 'Mesh / direct'],
      rows.map((row) => {
        // Latency: the other way round, so that every ratio reads "fraction of the other's speed".
        const [d, m, f] = main3.map((s) => med(row, s));
        return row.latency ? [row.title.replace(', latency ms', ', speed (1/latency)'), ratio(d, f), ratio(m, f), ratio(d, m)] : [row.title, ratio(f, d), ratio(f, m), ratio(m, d)];
      }),
    ));
    out.push('');
    out.push('protocol log, 16 clients — throughput with the log on / the same facade with record() writing nothing (bench/peers/protocol-off.mjs):');
    for (const row of rows.filter((r) => r.clients === 16)) {
      const parts = [`${pgStore ? 'PostgreSQL' : 'embedded store'} ${ratio(med(row, on), med(row, off))}`];
      if (embedded) parts.push(`embedded store ${ratio(med(row, embedded), med(row, off))}`);
      out.push(`  ${row.title.replace(', 16 clients, persons/s', '')}: ${parts.join(', ')}  [log off: ${figure(row, off)} persons/s${embedded ? `; embedded on: ${figure(row, embedded)}` : ''}]`);
    }
    out.push('');
    out.push('CPU per request (ms of CPU, utime+stime from /proc/<pid>/stat over the windows and their drains):');
    const cpuRows: string[][] = [];
    for (const row of rows) {
      for (const m of row.measured) {
        const own = m.system === direct ? 'load generator' : m.system === on ? 'facade' : m.system === off ? 'facade-log-off' : m.system === embedded ? 'facade-embedded' : 'mesh';
        const per = (name: string) => ((1000 * (m.cpu.get(name) ?? 0)) / Math.max(1, m.requests)).toFixed(2);
        const label = `${{ all: '100 × all fields', partners: '20 × partners', one: '1 × 10 fields' }[row.spec.key]}, ${row.clients} client${row.clients > 1 ? 's' : ''}`;
        cpuRows.push([label, m.system.name, String(m.requests), spread(m.windows, 1), m.system === direct ? '–' : per(own), per('mock'), per('load generator')]);
      }
    }
    out.push(...table(['case', 'system', 'requests', 'window s', 'system process', 'BRP mock (yardstick)', 'load generator'], cpuRows));
    const allRow = rows.find((r) => r.spec.key === 'all' && r.clients === 16);
    const cpuOf = (s: System, name: string) => {
      const m = allRow?.measured.find((x) => x.system === s);
      return m ? (m.cpu.get(name) ?? 0) / Math.max(1, m.requests) : NaN;
    };
    if (allRow) out.push(`  100 × all fields, 16 clients: facade CPU / Mesh CPU per request ${ratio(cpuOf(on, 'facade'), cpuOf(meshSys, 'mesh'))}; the mock per request ${(1000 * cpuOf(on, 'mock')).toFixed(2)} ms (facade's windows), ${(1000 * cpuOf(meshSys, 'mock')).toFixed(2)} ms (Mesh's), ${(1000 * cpuOf(direct, 'mock')).toFixed(2)} ms (direct)`);
    const failures = rows.flatMap((row) => row.measured.filter((m) => m.errors.size).map((m) => `  ${row.title} — ${m.system.name}: ${[...m.errors].map(([k, n]) => `${n} × ${k}`).join(', ')} (of ${m.requests + [...m.errors.values()].reduce((a, b) => a + b, 0)})`));
    out.push(failures.length ? 'failed requests (not counted in throughput or latency):' : 'failed requests: none');
    out.push(...failures);
    out.push(`CPU seconds per process over all measured windows: ${[...totals].map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')} (PostgreSQL's own not counted)`);
    out.push(`load average (1 min) at start / end of each case: ${rows.map((r) => `${r.load[0].toFixed(2)}/${r.load[1].toFixed(2)}`).join(', ')}`);
    out.push(`embedded store, facade process alone (production build, upstream and IdP external): ${rest.toFixed(0)} MiB RSS at rest (3 s after ready); ${toReady.toFixed(0)} ms from spawn to /health/ready with an existing data directory`);
    out.push(`Mesh: @graphql-mesh/cli ${meshVersion()} (one process, fork: false); spec adjustments: ${mesh.changes.join('; ')}`);
    for (const n of notes) out.push(`note: ${n}`);
    if (PROFILE) {
      // The profile is written when the process exits (SIGTERM: the facade drains and exits 0).
      await facadeOn.stop();
      const { lines, totalMs, files } = topSelfTime(profileDir);
      // Kept past the run (the scratch folder is removed) for a closer look, e.g. in Chrome's DevTools.
      const kept = keepProfiles(profileDir, join(tmpdir(), `bench-peers-profile-${process.pid}`));
      out.push('');
      out.push(`profile of "${onName}" over the whole run (node --cpu-prof, ${files} file${files === 1 ? '' : 's'}; ${(totalMs / 1000).toFixed(1)} s busy, idle left out) — top ${lines.length} by self time (the .cpuprofile kept in ${kept}):`);
      out.push(...table(['self ms', 'share', 'function'], lines.map((l) => [l.selfMs.toFixed(0), `${(100 * l.share).toFixed(1)} %`, l.name])));
    }
    out.push(`run took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stopAll();
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => progress(`cleanup failed: ${String(err)}`));
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:peers failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
