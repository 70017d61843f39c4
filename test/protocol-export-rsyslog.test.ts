// The export against a real receiver: Debian's rsyslog (imtcp, and imtcp over TLS with rsyslog-gnutls),
// started here on a port it picks itself, writing every message it receives to a file. A few hundred
// records are written to a store; `protocol:export` runs as a child process, is killed with SIGKILL in the
// middle of the stream (once rsyslog has written the first of them), and is started again: afterwards
// every record — every <chain>:<seq> — has arrived at least once, and nothing else has.
//
// rsyslog is not optional: CI installs it (.ci/run); without it these tests fail and say so.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { parseProtocolKeys } from '../src/engine/protocol/keyring.ts';
import { PROTOCOL_VARIABLES } from '../src/engine/protocol/variables.ts';
import { TEST_DATABASE_URL, openPGliteTestStore, openPostgresTestStore, sampleRequest, type TestStore } from './support/store.ts';
import { makeTestCertificates } from './support/test-certificates.ts';

const RSYSLOGD = '/usr/sbin/rsyslogd';
/** rsyslog-gnutls's stream driver, wherever the multiarch directory is. */
const GTLS_MODULE = (() => {
  for (const dir of existsSync('/usr/lib') ? readdirSync('/usr/lib') : []) {
    const file = path.join('/usr/lib', dir, 'rsyslog', 'lmnsd_gtls.so');
    if (existsSync(file)) return file;
  }
  return undefined;
})();
const MISSING = 'is not installed: apt-get install rsyslog rsyslog-gnutls (.ci/run installs both)';
const KEYS = PROTOCOL_VARIABLES.PROTOCOL_SUBJECT_KEYS.default.development;
const REQUESTS_PER_INSTANCE = 60; // × 2 instances × (1 access + 2 processing records) = 360 records in 4 chains

const scratch = mkdtempSync(path.join(tmpdir(), 'facade-rsyslog-'));
const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** Polls until `condition` holds; fails with `what` after `ms`. */
async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

interface Receiver {
  port: number;
  /** Every message received (its MSG, one per line). */
  lines(): string[];
  stop(): Promise<void>;
}

async function startRsyslog(dir: string, tls?: { ca: string; cert: string; key: string }): Promise<Receiver> {
  if (!existsSync(RSYSLOGD)) throw new Error(`${RSYSLOGD} ${MISSING}`);
  if (tls && !GTLS_MODULE) throw new Error(`rsyslog's GnuTLS driver (lmnsd_gtls.so) ${MISSING}`);
  const portFile = path.join(dir, 'port');
  const output = path.join(dir, 'received.log');
  const conf = path.join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}" maxMessageSize="256k"${tls ? ` defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${tls.ca}" defaultNetstreamDriverCertFile="${tls.cert}" defaultNetstreamDriverKeyFile="${tls.key}"` : ''})`,
      tls ? 'module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")' : 'module(load="imtcp")',
      'template(name="raw" type="string" string="%msg%\\n")',
      `ruleset(name="export") { action(type="omfile" file="${output}" template="raw") }`,
      `input(type="imtcp" port="0" listenPortFileName="${portFile}" ruleset="export")`,
      '',
    ].join('\n'),
  );
  const child = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let said = '';
  child.stdout.on('data', (d: Buffer) => (said += d.toString()));
  child.stderr.on('data', (d: Buffer) => (said += d.toString()));
  const read = () => (existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : '');
  await until(() => /^\d+$/.test(read()) || child.exitCode !== null, 'rsyslog to listen', 10_000);
  if (child.exitCode !== null) throw new Error(`rsyslogd exited (${child.exitCode}): ${said.slice(0, 2000)}`);
  return {
    port: Number(read()),
    lines: () => (existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter(Boolean) : []),
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      children.delete(child);
    },
  };
}

/** A store with the records, closed again (an embedded store is used by one process at a time); the env that reaches it and every event.id in it. */
async function storeWithRecords(dir: string): Promise<{ env: Record<string, string>; ids: Set<string>; cleanup: () => Promise<void> }> {
  const t: TestStore = TEST_DATABASE_URL ? await openPostgresTestStore() : await openPGliteTestStore();
  for (const instance of ['rsyslog-a', 'rsyslog-b']) {
    const log = await createProtocolLog(t.store, { instanceId: instance, subjects: parseProtocolKeys(KEYS) });
    for (let i = 0; i < REQUESTS_PER_INSTANCE; i++) {
      const r = sampleRequest({ subjects: ['999993653', '999970239'] });
      await log.record(r.access, r.processing);
    }
    await log.close();
  }
  const { rows } = await t.store.query<{ id: string }>(
    "SELECT chain_id || ':' || seq AS id FROM protocol_access UNION ALL SELECT chain_id || ':' || seq FROM protocol_processing",
  );
  const ids = new Set(rows.map((r) => r.id));
  if (t.databaseUrl) return { env: { DATABASE_URL: t.databaseUrl }, ids, cleanup: () => t.close() };
  // PGlite: handed to the exporter as DATA_DIR=<dir> (its database in <dir>/db).
  await t.store.close();
  renameSync(t.dataDir!, path.join(dir, 'db'));
  return { env: { DATA_DIR: dir }, ids, cleanup: async () => rmSync(path.join(dir, 'db'), { recursive: true, force: true }) };
}

function startExport(env: Record<string, string>): ChildProcess & { stdoutText: () => string; stderrText: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/engine/protocol/cli/export.ts', '--once', '--json'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.once('exit', () => children.delete(child));
  return Object.assign(child, { stdoutText: () => out, stderrText: () => err });
}

const idsIn = (lines: readonly string[]) => lines.map((l) => (JSON.parse(l) as { event: { id: string } }).event.id);

async function killedMidStreamAndRestarted(tls: boolean): Promise<void> {
  const dir = mkdtempSync(path.join(scratch, tls ? 'tls-' : 'tcp-'));
  const certs = tls ? makeTestCertificates(['client']) : undefined;
  const receiver = await startRsyslog(dir, certs ? { ca: certs.file('ca.pem'), cert: certs.file('server.pem'), key: certs.file('server.key') } : undefined);
  const { env: storeEnv, ids: expected, cleanup } = await storeWithRecords(dir);
  try {
    expect(expected.size).toBe(2 * REQUESTS_PER_INSTANCE * 3);
    const env = {
      ...storeEnv,
      PROTOCOL_EXPORT_SYSLOG: `${tls ? 'tls' : 'tcp'}://127.0.0.1:${receiver.port}`,
      ...(certs ? { PROTOCOL_EXPORT_SYSLOG_CA_FILE: certs.file('ca.pem'), PROTOCOL_EXPORT_SYSLOG_CERT_FILE: certs.file('client.pem'), PROTOCOL_EXPORT_SYSLOG_KEY_FILE: certs.file('client.key') } : {}),
      PROTOCOL_EXPORT_BATCH_SIZE: '10',
    };

    // First run, slowed to 120 records a second so that the kill lands mid-stream: killed once rsyslog has
    // written the first batches (so the cursor has moved: the second run resumes, it does not start over).
    const first = startExport({ ...env, PROTOCOL_EXPORT_MAX_RATE: '120' });
    await until(() => receiver.lines().length >= 40 || first.exitCode !== null, 'the first records at rsyslog');
    expect(first.exitCode, `the exporter ended before it was killed: ${first.stderrText()}`).toBeNull();
    first.kill('SIGKILL');
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    const atKill = new Set(idsIn(receiver.lines()));
    expect(atKill.size).toBeLessThan(expected.size);

    // Second run: resumes from the cursor (it sends less than everything) and finishes.
    const second = startExport(env);
    const code = await exited(second);
    expect({ code, stderr: second.stderrText() }).toEqual({ code: 0, stderr: '' });
    const round = JSON.parse(second.stdoutText()) as { ok: boolean; exported: number; sinks: Array<{ sink: string; error?: string }> };
    expect(round).toMatchObject({ ok: true, sinks: [{ sink: 'syslog' }] });
    expect(round.exported).toBeGreaterThan(0);
    expect(round.exported).toBeLessThan(expected.size);

    // Every record arrived at least once; nothing that is not a record did.
    await until(() => new Set(idsIn(receiver.lines())).size >= expected.size, 'every record at rsyslog', 10_000);
    const lines = receiver.lines();
    const received = idsIn(lines);
    expect(new Set(received)).toEqual(expected);
    // At least once: what was sent again is at most the batch in flight when the exporter was killed.
    expect(received.length - expected.size).toBeLessThanOrEqual(10);
    const text = lines.join('\n');
    expect(text).not.toContain('999993653');
    expect(text).not.toContain('medewerker-17');
  } finally {
    await receiver.stop();
    await cleanup();
    if (certs) rmSync(certs.dir, { recursive: true, force: true });
  }
}

describe(`protocol export to rsyslog${TEST_DATABASE_URL ? ' (PostgreSQL)' : ' (PGlite)'}`, () => {
  it('over TCP: rsyslog receives every record across a kill of the exporter', () => killedMidStreamAndRestarted(false), 60_000);
  it('over TLS (rsyslog-gnutls, mutual TLS): rsyslog receives every record across a kill of the exporter', () => killedMidStreamAndRestarted(true), 60_000);
});
