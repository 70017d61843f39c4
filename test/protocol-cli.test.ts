// The operator tools (npm run migrate / protocol:verify / protocol:prune / protocol:query): their
// output, exit codes and configuration errors. Most cases call the command in-process (the same
// `main` the script runs, with its own argv, env and output); a few start the real process, to
// show the scripts' wiring and exit codes end to end — each such start costs about a second.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/base/storage/open-store.ts';
import { createProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { invoke, type CliMain } from '../src/base/storage/cli-support.ts';
import { main as migrateMain } from '../src/base/storage/migrate-cli.ts';
import { main as verifyMain } from '../src/engine/protocol/cli/verify.ts';
import { main as pruneMain } from '../src/engine/protocol/cli/prune.ts';
import { main as queryMain } from '../src/engine/protocol/cli/query.ts';
import { TEST_DATABASE_URL, asDba, backends, postgresSuiteTitle, sampleRequest } from './support/store.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI the way its npm script does, with only the given variables (plus PATH). */
function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [script, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const VERIFY = 'src/engine/protocol/cli/verify.ts';

/** Runs a command in this process, capturing what it writes. */
async function call(main: CliMain, args: string[], env: Record<string, string>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await invoke(main, args, env, { out: (l) => out.push(`${l}\n`), err: (l) => err.push(`${l}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('protocol CLIs on a PGlite data directory', () => {
  let dataRoot: string;
  let tamperRoot: string;
  let keyFile: string;
  let publicPem: string;
  let chains: { access: string; processing: string };

  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(tmpdir(), 'facade-cli-'));
    tamperRoot = path.join(dataRoot, 'tamper');
    const t = await backends.pglite.open();
    const log = await createProtocolLog(t.store, { instanceId: 'cli-test' });
    chains = log.chains;
    for (let i = 0; i < 3; i += 1) {
      const old = sampleRequest({ time: new Date(Date.UTC(2001, 0, 1 + i)), subjects: ['999993653'] });
      await log.record(old.access, old.processing);
    }
    const recent = sampleRequest({ time: new Date('2026-02-01T10:00:00Z'), subjects: ['999993653', '999970239'] });
    await log.record(recent.access, recent.processing);
    await log.close();
    await t.store.close();
    for (const root of [dataRoot, tamperRoot]) cpSync(t.dataDir ?? '', path.join(root, 'db'), { recursive: true });
    await t.close();

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    keyFile = path.join(dataRoot, 'signing.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  });
  afterAll(async () => {
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  });

  it('reject bad configuration with one line naming the variable, exit 2', async () => {
    // These fail before any database is opened; the directory does not even exist.
    const unused = path.join(dataRoot, 'unused');
    const [badUrl, badYears, noKey, badKey, badVerifyKey, usage, badBsn, missing] = await Promise.all([
      run(VERIFY, [], { DATABASE_URL: 'mysql://db/x' }), // the real process: exit code and stderr
      call(pruneMain, [], { DATA_DIR: unused, PROTOCOL_RETENTION_YEARS: 'twenty' }),
      call(pruneMain, [], { DATA_DIR: unused }),
      call(pruneMain, [], { DATA_DIR: unused, PROTOCOL_SIGNING_KEY: 'not a key' }),
      call(verifyMain, [], { DATA_DIR: unused, PROTOCOL_VERIFY_KEY_FILE: path.join(unused, 'nope.pem') }),
      call(queryMain, ['--from', '2026-01-01'], { DATA_DIR: unused }),
      call(queryMain, ['--bsn', '12345'], { DATA_DIR: unused }),
      call(verifyMain, [], { DATA_DIR: unused }),
    ]);
    expect(badUrl).toMatchObject({ code: 2, stderr: 'DATABASE_URL: must be a postgres:// or postgresql:// URL\n' /* the value is not echoed: it may carry a password */ });
    expect(badYears).toMatchObject({ code: 2, stderr: expect.stringMatching(/^PROTOCOL_RETENTION_YEARS: must be a whole number[^\n]*\n$/) });
    expect(noKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^PROTOCOL_SIGNING_KEY: required to prune[^\n]*\n$/) });
    expect(badKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^PROTOCOL_SIGNING_KEY: must be an Ed25519 private key/) });
    expect(badVerifyKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/^PROTOCOL_VERIFY_KEY_FILE: cannot read/) });
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/exactly one of --bsn and --eck-id/) });
    expect(badBsn).toMatchObject({ code: 2, stderr: '--bsn must be 9 digits\n' });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^DATA_DIR: no database in /) });
  });

  it('migrate reports the schema version; query lists a person’s disclosures (text and --json)', async () => {
    const migrate = await call(migrateMain, [], { DATA_DIR: dataRoot });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/schema at version \d+ \(up to date\)/);

    const json = await call(queryMain, ['--bsn', '999993653', '--from', '2026-01-01', '--json'], { DATA_DIR: dataRoot });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { subjectId: string; purpose: string; time: string }[];
    expect(rows).toEqual([expect.objectContaining({ subjectId: '999993653', purpose: 'wmo-aanvraag', time: '2026-02-01T10:00:00.000Z' })]);

    const text = await call(queryMain, ['--bsn', '999993653', '--to', '2001-01-02'], { DATA_DIR: dataRoot });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/who: {6}user, medewerker-17, client wmo-app, OIN 00000001001234567000/);
    expect(text.stdout).toMatch(/purpose: {2}wmo-aanvraag {2}\(processing activity VA-2026-017\)/);
    expect(text.stdout).toMatch(/2 records for BSN 999993653 until 2001-01-03T00:00:00.000Z/);
  });

  it('prune removes old records behind a signed checkpoint; verify passes with the key and fails with another', async () => {
    const dry = await call(pruneMain, ['--dry-run'], { DATA_DIR: dataRoot, PROTOCOL_RETENTION_YEARS: '5' });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/result: would remove 6 records/);

    const pruned = await call(pruneMain, [], { DATA_DIR: dataRoot, PROTOCOL_SIGNING_KEY_FILE: keyFile, PROTOCOL_RETENTION_YEARS: '5' });
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/removed 3 from access:cli-test \(seq 1\.\.3\)/);
    expect(pruned.stdout).toMatch(/result: removed 6 records; checkpoints signed by sha256:[0-9a-f]{64}/);

    const trusted = await call(verifyMain, [], { DATA_DIR: dataRoot, PROTOCOL_VERIFY_KEY: publicPem.replace(/\n/g, '\\n') });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/ok {6}access:cli-test {2}seq 4\.\.4 \(1 records, pruned through 3\)/);
    expect(trusted.stdout).toMatch(/\(2 checkpoints, trusted\)/);
    expect(trusted.stdout).toMatch(/result: OK/);

    const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const untrusted = await call(verifyMain, [], { DATA_DIR: dataRoot, PROTOCOL_VERIFY_KEY: otherKey });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/BROKEN {2}access:cli-test {2}at seq 3: checkpoint_untrusted_key/);
  });

  it('verify exits 1 and names the first broken link after tampering', async () => {
    const store = await openStore({ dataDir: path.join(tamperRoot, 'db') });
    try {
      await asDba(store, (tx) =>
        tx.query("UPDATE protocol_processing SET subject_id = '999990378' WHERE chain_id = $1 AND seq = 5", [chains.processing]),
      );
    } finally {
      await store.close();
    }
    const broken = await run(VERIFY, ['--json'], { DATA_DIR: tamperRoot, PROTOCOL_SIGNING_KEY_FILE: keyFile });
    expect(broken.code).toBe(1);
    const result = JSON.parse(broken.stdout) as { ok: boolean; breaks: unknown[] };
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([{ chainId: chains.processing, log: 'processing', seq: 5, kind: 'hash_mismatch', detail: expect.any(String) }]);
  });
});

describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('protocol CLIs'), () => {
  it('verify and query read PostgreSQL from DATABASE_URL', async () => {
    const t = await backends.postgres.open();
    try {
      const log = await createProtocolLog(t.store, { instanceId: 'cli-pg' });
      const r = sampleRequest({ subjects: ['999993653'] });
      await log.record(r.access, r.processing);
      await log.close();
      const env = { DATABASE_URL: t.databaseUrl ?? '' };
      const verified = await call(verifyMain, [], env);
      const queried = await call(queryMain, ['--bsn', '999993653', '--json'], env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/ok {6}access:cli-pg {2}seq 1\.\.1/);
      expect(verified.stdout).not.toMatch(/password|@/);
      expect(queried.code).toBe(0);
      expect(JSON.parse(queried.stdout)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
