// npm run eduv:registry: apply, list, activations, history and the administration commands,
// with their output and exit codes (0 done, 1 input refused, 2 usage/configuration, 3 database).
// Commands run in-process (the same `main` the script runs); one case starts the real process to
// show the script's wiring. PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
import { execFile } from 'node:child_process';
import { cpSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../src/base/storage/cli-support.ts';
import { main } from '../src/domains/eduv/registry/cli.ts';
import { createEduvRegistry } from '../src/domains/eduv/registry/registry.ts';
import { openStore } from '../src/base/storage/open-store.ts';
import { TEST_DATABASE_URL, backends, postgresSuiteTitle, type BackendCase } from './support/store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = 'src/domains/eduv/registry/cli.ts';
const DEMO_SEED = path.join(ROOT, 'data', 'eduv', 'registry-seed.yaml');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function call(args: string[], env: Record<string, string>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await invoke(main, args, env, { out: (l) => out.push(`${l}\n`), err: (l) => err.push(`${l}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function spawnCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 25_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function cliSuite(backend: BackendCase): void {
  let env: Record<string, string>;
  let scratch: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'facade-eduv-cli-'));
    const t = await backend.open();
    if (backend.name === 'pglite') {
      // The CLI opens ${DATA_DIR}/db itself: hand it a copy of the migrated test database.
      await t.store.close();
      cpSync(t.dataDir ?? '', path.join(scratch, 'db'), { recursive: true });
      await t.close();
      env = { DATA_DIR: scratch };
      cleanup = async () => undefined;
    } else {
      env = { DATABASE_URL: t.databaseUrl ?? '' };
      cleanup = () => t.close();
    }
  });
  afterAll(async () => {
    await cleanup?.();
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses an invalid seed with file:line problems, exit 1, and applies nothing (the registry stays empty)', async () => {
    const bad = path.join(scratch, 'bad-seed.yaml');
    await writeFile(bad, "self: '00000003123456780000'\nparticipants:\n  - oin: '123'\n    name: Kort\nbesturen: []\nextra: true\n");
    const run = await call(['apply', bad], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}:3:10 participants[0].oin: an OIN has exactly 20 digits, this one has 3`);
    expect(run.stderr).toContain(`${bad}:6:1 (top).extra: unknown key`);
    expect(run.stderr).toMatch(/problems; nothing applied\n$/);
    const list = await call(['list'], env);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^Participants \(0\)\n {2}\(none\)$/m);
    expect(list.stdout).toMatch(/^Activations \(0\)$/m);
  });

  it('applies the demo seed, and again without changes', async () => {
    const first = await call(['apply', DEMO_SEED], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied .*registry-seed\.yaml to .+: 6 participants, 5 clients, 4 onderwijsbesturen, 6 onderwijsaanbieders; 4 agreements added, 7 activations set\n$/);
    const again = await call(['apply', DEMO_SEED, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ self: '00000003123456780000', participants: 6, agreementsAdded: 0, activationsChanged: 0 });
  });

  it('lists participants, clients, beheer applications, activations and agreements as tables', async () => {
    const run = await call(['list'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines).toContain('Participants (6)');
    expect(lines.find((l) => l.includes('00000003876543210000  Uitgeverij Noordkaap'))).toMatch(/ yes /);
    expect(lines.find((l) => l.includes('Toetsbureau Pending'))).toMatch(/ no /);
    expect(lines).toContain('Clients (5)');
    expect(lines.find((l) => l.trimStart().startsWith('catalogus-smal'))).toMatch(/00000003555566660000 +Catalogusdienst Smal Zoeken +eduv\.catalogue$/);
    expect(lines).toContain('Beheer applications (1): activations are managed through these only');
    expect(lines.find((l) => l.trimStart().startsWith('eduv-beheer'))).toMatch(/eduv-beheer +Zeeweide LAS Beheeromgeving$/);
    expect(lines).toContain('Onderwijsaanbieders (6) of 4 onderwijsbesturen');
    expect(lines).toContain('Activations (7)');
    const activation = (receiver: string, dienst: string) =>
      lines.find((l) => l.includes(` ${dienst} `) && l.includes(`00000003123456780000  ${receiver}`));
    expect(activation('00000003876543210000', 'students')).toMatch(/ active +110A133-2026-2027-H4-WB$/);
    expect(activation('00000003876543210000', 'schoolvak')).toMatch(/ active +whole aanbieder$/);
    expect(activation('00000003111122220000', 'students')).toMatch(/ pending +whole aanbieder$/);
    expect(activation('00000003333344440000', 'students')).toMatch(/ active +whole aanbieder$/);
    expect(lines).toContain('Processing agreements (4)');
    expect(lines.find((l) => l.includes('VO-41821-NOORDKAAP-2025'))).toMatch(/00000003876543210000 +41821 +2025-08-01 +2027-07-31 /);

    const json = JSON.parse((await call(['list', '--json'], env)).stdout) as Record<string, unknown[]>;
    expect(Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.length]))).toEqual({
      participants: 6, clients: 5, beheerApplications: 1, besturen: 4, aanbieders: 6, activations: 7, agreements: 4,
    });
  });

  it('lists the activations of one onderwijsaanbieder, and shows one activation\'s history', async () => {
    const run = await call(['activations', '--aanbieder', '110A133', '--json'], env);
    expect(run.code).toBe(0);
    const activations = JSON.parse(run.stdout) as Array<{ id: string; gegevensdienst: string; receiverOin: string; status: string }>;
    expect(activations.map((a) => `${a.gegevensdienst}:${a.receiverOin}:${a.status}`)).toEqual([
      'association:00000003876543210000:active',
      'results:00000003777788880000:active',
      'schoolvak:00000003876543210000:active',
      'students:00000003111122220000:pending',
      'students:00000003333344440000:active',
      'students:00000003777788880000:active',
      'students:00000003876543210000:active',
    ]);

    const pending = activations.find((a) => a.status === 'pending')!;
    const history = await call(['history', pending.id], env);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(`activation ${pending.id}: students at 110A133, 00000003123456780000 → 00000003111122220000, now pending`);
    expect(history.stdout).toMatch(/^ {2}\d{4}-\d{2}-\d{2}T[\d:.]+Z +activated +seed +- +- +pending +whole aanbieder$/m);
    const unknown = await call(['history', '6b0b7c43-55ad-4b0e-9d0e-2b5f0b7f0c11'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no activation 6b0b7c43/);
  });

  it('adds an agreement and removes a client; refusals exit 1 with their code', async () => {
    const added = await call(['add-agreement', '--participant', '00000003333344440000', '--bestuur', '41821', '--from', '2026-12-01', '--reference', 'VO-41821-OEFEN-2026'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^agreement [0-9a-f-]{36}: 00000003333344440000 with bestuur 41821, 2026-12-01 to open-ended\n$/);
    const removed = await call(['remove-client', 'catalogus-smal'], env);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed client catalogus-smal\n' });
    expect(await call(['remove-client', 'catalogus-smal'], env)).toMatchObject({ code: 1, stderr: 'NOT_FOUND: no client catalogus-smal\n' });
    const bad = await call(['add-agreement', '--participant', '00000003999999990000', '--bestuur', '41821', '--from', '2026-12-01'], env);
    expect(bad).toMatchObject({ code: 1, stderr: 'UNKNOWN_PARTICIPANT: participant 00000003999999990000 is not a registered participant\n' });
  });

  it('apply keeps activations changed since, unless --reset-activations', async () => {
    const [pending] = JSON.parse((await call(['activations', '--aanbieder', '110A133', '--json'], env)).stdout).filter(
      (a: { status: string }) => a.status === 'pending',
    ) as Array<{ id: string }>;
    const store = await openStore(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: path.join(scratch, 'db') });
    try {
      await createEduvRegistry(store).confirm(pending.id, { subject: 'ontvanger-beheer', acr: 'http://eidas.europa.eu/LoA/substantial' });
    } finally {
      await store.close();
    }
    const kept = await call(['apply', DEMO_SEED], env);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/clients.*0 activations set\n1 activation changed since the seed, left as is \(apply with --reset-activations to set them back\)\n$/);
    const reset = await call(['apply', DEMO_SEED, '--reset-activations'], env);
    expect(reset.stdout).toMatch(/1 activations set\n$/);
    expect((await call(['history', pending.id], env)).stdout).toMatch(/confirmed +ontvanger-beheer +- +http:\/\/eidas\.europa\.eu\/LoA\/substantial +active[\s\S]*activated +seed +- +- +pending/);
  });

  it('usage and configuration errors exit 2 with one line', async () => {
    expect(await call([], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^a command is required\nusage:/) });
    expect(await call(['bogus'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^unknown command "bogus"/) });
    expect(await call(['list', '--aanbieder', '110A133'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^list does not take --aanbieder/) });
    expect(await call(['list', '--verbose'], env)).toMatchObject({ code: 2 });
    expect(await call(['apply'], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^apply takes 1 argument/) });
    expect(await call(['apply', path.join(scratch, 'missing.yaml')], env)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cannot read the seed file .*missing\.yaml\n$/) });
    expect(await call(['list'], { DATABASE_URL: 'mysql://localhost/x' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^DATABASE_URL: must be a postgres/) });
    expect(await call(['list'], { DATA_DIR: path.join(scratch, 'nowhere') })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^DATA_DIR: no database in /) });
  });
}

describe('eduv:registry CLI on PGlite', () => {
  cliSuite(backends.pglite);

  it('runs as a script', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facade-eduv-cli-'));
    const t = await backends.pglite.open();
    await t.store.close();
    cpSync(t.dataDir ?? '', path.join(dir, 'db'), { recursive: true });
    await t.close();
    try {
      const applied = await spawnCli(['apply', 'data/eduv/registry-seed.yaml'], { DATA_DIR: dir });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(applied.stdout).toMatch(/^applied data\/eduv\/registry-seed\.yaml to PGlite in .*: 6 participants/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('eduv:registry CLI'), () => {
  cliSuite(backends.postgres);

  it('cannot reach a database: exit 3', async () => {
    const run = await call(['list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: /);
  });
});
