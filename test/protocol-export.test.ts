// The SIEM export of the protocol log (src/engine/protocol/export/): records as ECS documents, the personal
// fields PROTOCOL_EXPORT_FIELDS lets out (pseudonyms by default, never the plain BSN unless chosen), the
// cursor per sink and chain (resume, at least once, leases), the rotating file, gaps left by retention, and
// the syslog framing. The real receiver (rsyslog, killed mid-stream) is test/protocol-export-rsyslog.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/base/config/env.ts';
import { ConfigProblems } from '../src/base/config/variables.ts';
import type { Store } from '../src/base/storage/store.ts';
import { exportConfigFromEnv } from '../src/engine/protocol/export/config.ts';
import { createExporter, type Exporter, type ExportRound } from '../src/engine/protocol/export/exporter.ts';
import { DEFAULT_EXPORT_FIELDS, parseExportFields, personalData, type ExportField } from '../src/engine/protocol/export/fields.ts';
import { fileSink } from '../src/engine/protocol/export/file-sink.ts';
import type { ExportLine, ExportSink } from '../src/engine/protocol/export/sink.ts';
import { syslogFrame } from '../src/engine/protocol/export/syslog-sink.ts';
import { parseProtocolKeys } from '../src/engine/protocol/keyring.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { prune } from '../src/engine/protocol/prune.ts';
import { PROTOCOL_VARIABLES } from '../src/engine/protocol/variables.ts';
import { TEST_DATABASE_URL, backends, sampleRequest, type BackendCase, type TestStore } from './support/store.ts';

const KEYS = PROTOCOL_VARIABLES.PROTOCOL_SUBJECT_KEYS.default.development;
const BSN = '999993653';
const OTHER_BSN = '999970239';
const scratch = mkdtempSync(path.join(tmpdir(), 'facade-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCounter = 0;
const newFile = () => path.join(scratch, `export-${(fileCounter += 1)}`, 'protocol.jsonl');

const fields = (text: string) => parseExportFields(text) as ReadonlySet<ExportField>;
const DEFAULT_FIELDS = fields(DEFAULT_EXPORT_FIELDS);

type Doc = Record<string, any>;
const readDocs = (file: string): Doc[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Doc);

/** A sink that keeps what it is sent, and fails on the batches `failOn` names (1-based). */
function memorySink(failOn: readonly number[] = []): ExportSink & { lines: ExportLine[]; batches: number } {
  const sink = {
    name: 'file' as const,
    description: 'memory',
    lines: [] as ExportLine[],
    batches: 0,
    async send(lines: readonly ExportLine[]) {
      sink.batches += 1;
      if (failOn.includes(sink.batches)) throw new Error('receiver down');
      sink.lines.push(...lines);
    },
    async close() {},
  };
  return sink;
}

function exportSuite(backend: BackendCase): void {
  let t: TestStore;
  let log: ProtocolLog;
  const exporters: Exporter[] = [];
  const exporter = (sink: ExportSink, options: { fields?: ReadonlySet<ExportField>; owner?: string; batchSize?: number; keys?: string } = {}) => {
    const e = createExporter({ db: t.store, sinks: [sink], personal: personalData(options.fields ?? DEFAULT_FIELDS, options.keys ?? KEYS), owner: options.owner ?? 'test', batchSize: options.batchSize });
    exporters.push(e);
    return e;
  };
  const write = async (n: number, options: Parameters<typeof sampleRequest>[0] = {}) => {
    for (let i = 0; i < n; i++) {
      const r = sampleRequest({ subjects: [BSN, OTHER_BSN], ...options });
      await log.record(r.access, r.processing);
    }
  };
  beforeEach(async () => {
    t = await backend.open();
    log = await createProtocolLog(t.store, { instanceId: 'export-test', subjects: parseProtocolKeys(KEYS) });
  });
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.stop()));
    await log.close();
    await t.close();
  });

  it('maps both logs to ECS: event.id is <chain>:<seq>, pseudonyms only, no plain BSN, employee or task text by default', async () => {
    await write(1);
    const file = newFile();
    const round = await exporter(fileSink({ file, maxBytes: 1 << 20, keep: 2 })).runOnce();
    expect(round).toMatchObject({ ok: true, exported: 3 });
    const docs = readDocs(file);
    const access = docs.find((d) => d.event.dataset === 'facade.protocol_access')!;
    const processing = docs.filter((d) => d.event.dataset === 'facade.protocol_processing');
    const { rows } = await t.store.query<{ subject_id: string; seq: number }>('SELECT subject_id, seq FROM protocol_processing WHERE chain_id = $1 ORDER BY seq', [log.chains.processing]);
    expect(access).toMatchObject({
      '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      ecs: { version: expect.any(String) },
      event: { kind: 'event', category: ['web'], type: ['access'], action: 'graphql-request', outcome: 'success', id: `${log.chains.access}:1`, sequence: 1, module: 'facade' },
      trace: { id: expect.stringMatching(/^[0-9a-f]{32}$/) },
      user: { hash: expect.stringMatching(/^hmac:dev:[0-9a-f]{64}$/) },
      organization: { id: '00000001001234567000' },
      service: { name: 'facade', node: { name: 'export-test' } },
      facade: {
        protocol: { log: 'access', chain: log.chains.access, seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        purpose: 'wmo-aanvraag',
        processing_activity: 'VA-2026-017',
        client: { id: 'wmo-app' },
        principal: { kind: 'user' },
        fields: { returned: ['naam.voornamen', 'geboorte.datum'], pruned: ['verblijfplaats.straat'] },
      },
    });
    expect(access.user.id).toBeUndefined();
    expect(access.facade.task_description).toBeUndefined();
    expect(processing.map((d) => d.event.id)).toEqual([`${log.chains.processing}:1`, `${log.chains.processing}:2`]);
    expect(processing[0]).toMatchObject({
      event: { kind: 'event', category: ['database'], action: 'personal-data-disclosed', outcome: 'success' },
      trace: { id: access.trace.id },
      facade: { operation: { id: access.facade.operation.id }, status: 'disclosed', subject: { type: 'BSN', hash: rows[0].subject_id }, fields: { disclosed: ['naam.voornamen', 'geboorte.datum'] } },
    });
    expect(processing[0].facade.subject.id).toBeUndefined();
    const text = readFileSync(file, 'utf8');
    for (const personal of [BSN, OTHER_BSN, 'medewerker-17', 'Beoordelen WMO-aanvraag']) expect(text).not.toContain(personal);
  });

  it('lets out the plain values only as PROTOCOL_EXPORT_FIELDS chooses; `none` lets out no identifier at all', async () => {
    await write(2, { principal: { kind: 'delegated', subject: 'medewerker-17', clientId: 'zaaksysteem', actor: 'zaaksysteem', actorChain: ['portaal'] } });
    const plain = memorySink();
    await exporter(plain, { fields: fields('subject.id,user.id,actor.id,task_description') }).runOnce();
    const docs = plain.lines.map((l) => JSON.parse(l.json) as Doc);
    const accessDocs = docs.filter((d) => d.facade.protocol.log === 'access');
    expect(accessDocs[0]).toMatchObject({ user: { id: 'medewerker-17' }, facade: { actor: { id: 'zaaksysteem', chain: ['portaal'] }, task_description: 'Beoordelen WMO-aanvraag' } });
    expect(accessDocs[0].user.hash).toBeUndefined();
    expect(docs.filter((d) => d.facade.protocol.log === 'processing').map((d) => d.facade.subject)).toEqual([
      { type: 'BSN', id: BSN }, { type: 'BSN', id: OTHER_BSN }, { type: 'BSN', id: BSN }, { type: 'BSN', id: OTHER_BSN },
    ]);

    // Pseudonyms: one per person, the same in every record and for the same employee as user or actor.
    const personal = personalData(fields('user.pseudonym,actor.pseudonym'), KEYS);
    const a = personal.principal('user', 'medewerker-17').hash!;
    expect(a).toMatch(/^hmac:dev:[0-9a-f]{64}$/);
    expect(personal.principal('actor', 'medewerker-17').hash).toBe(a);
    expect(personal.principal('user', 'medewerker-18').hash).not.toBe(a);
    expect(personalData(fields('user.pseudonym'), `other:${Buffer.alloc(32, 7).toString('base64')}`).principal('user', 'medewerker-17').hash).not.toBe(a);

    const none = personalData(fields('none'), KEYS);
    expect(none.principal('user', 'medewerker-17')).toEqual({});
    expect(none.subject('BSN', 'hmac:dev:00', undefined)).toEqual({});
    expect(none.taskDescription('x')).toBeUndefined();
    // A record of before pseudonymisation (plain subject_id) leaves pseudonymised, not plain.
    expect(personalData(fields('subject.pseudonym'), KEYS).subject('BSN', BSN, undefined)).toEqual({ hash: parseProtocolKeys(KEYS).lookups('BSN', BSN)[0] });
  });

  it('resumes after its cursor: a second run sends only the new records; nothing new, nothing sent', async () => {
    await write(3);
    const sink = memorySink();
    const e = exporter(sink, { batchSize: 4 });
    expect((await e.runOnce()).exported).toBe(9);
    await write(2);
    const second = await e.runOnce();
    expect(second.exported).toBe(6);
    expect(second.sinks[0].chains).toEqual([
      { chainId: log.chains.access, exported: 2, fromSeq: 4, toSeq: 5 },
      { chainId: log.chains.processing, exported: 4, fromSeq: 7, toSeq: 10 },
    ]);
    expect((await e.runOnce()).exported).toBe(0);
    const ids = sink.lines.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(15);
    const { rows } = await t.store.query<{ sink: string; chain_id: string; last_seq: number }>('SELECT sink, chain_id, last_seq FROM protocol_export_cursor ORDER BY chain_id');
    expect(rows).toEqual([
      { sink: 'file', chain_id: log.chains.access, last_seq: 5 },
      { sink: 'file', chain_id: log.chains.processing, last_seq: 10 },
    ]);
    // A cursor only moves forward; deleting its row exports the chain again.
    await expect(t.store.query("UPDATE protocol_export_cursor SET last_seq = 1 WHERE chain_id = $1", [log.chains.access])).rejects.toThrow(/only moves forward/);
  });

  it('advances the cursor only for confirmed batches: a failed batch is sent again, nothing is skipped', async () => {
    await write(5); // 5 access, 10 processing records
    const failing = memorySink([2]);
    const round: ExportRound = await exporter(failing, { batchSize: 2 }).runOnce();
    expect(round.ok).toBe(false);
    expect(round.sinks[0].error).toMatch(/receiver down/);
    expect(failing.lines.map((l) => l.id)).toEqual([`${log.chains.access}:1`, `${log.chains.access}:2`]);
    const working = memorySink();
    const again = await exporter(working, { batchSize: 2 }).runOnce();
    expect(again.ok).toBe(true);
    const all = new Set([...failing.lines, ...working.lines].map((l) => l.id));
    expect(all.size).toBe(15);
    expect(working.lines[0].id).toBe(`${log.chains.access}:3`);
  });

  it('works a chain for a sink under one lease at a time; a clean stop gives it up', async () => {
    await write(1);
    const first = exporter(memorySink(), { owner: 'replica-a' });
    expect((await first.runOnce()).exported).toBe(3);
    await write(1);
    const other = memorySink();
    const second = exporter(other, { owner: 'replica-b' });
    const held = await second.runOnce();
    expect(held.exported).toBe(0);
    expect(held.sinks[0].leasedElsewhere).toEqual([log.chains.access, log.chains.processing]);
    // A clean stop exports what is left (a last round), then gives up the lease: the other replica goes on.
    expect((await first.stop())?.exported).toBe(3);
    await write(1);
    expect((await second.runOnce()).exported).toBe(3);
    expect(other.lines.map((l) => l.id)).toEqual([`${log.chains.access}:3`, `${log.chains.processing}:5`, `${log.chains.processing}:6`]);
  });

  it('reports records pruned before they were exported (a checkpoint covers them) and goes on', async () => {
    await write(2, { time: new Date('2001-01-01T00:00:00Z') });
    await write(1);
    const { privateKey } = generateKeyPairSync('ed25519');
    await prune(t.store, { olderThan: new Date('2010-01-01T00:00:00Z'), signingKey: privateKey });
    const sink = memorySink();
    const round = await exporter(sink).runOnce();
    expect(round.ok).toBe(true);
    expect(round.sinks[0].gaps).toEqual([
      { log: 'access', chainId: log.chains.access, firstSeq: 1, lastSeq: 2, covered: true },
      { log: 'processing', chainId: log.chains.processing, firstSeq: 1, lastSeq: 4, covered: true },
    ]);
    const gapDoc = JSON.parse(sink.lines[0].json) as Doc;
    expect(gapDoc).toMatchObject({ event: { kind: 'event', action: 'protocol-records-pruned', id: `${log.chains.access}:gap:1-2` }, facade: { gap: { first_seq: 1, last_seq: 2, records: 2, covered_by_checkpoint: true } } });
    expect(sink.lines.filter((l) => !l.id.includes(':gap:')).map((l) => l.id)).toEqual([`${log.chains.access}:3`, `${log.chains.processing}:5`, `${log.chains.processing}:6`]);
    // A whole chain pruned: the cursor moves over it once; the next round reports nothing again.
    expect((await exporter(memorySink()).runOnce()).sinks[0].gaps).toEqual([]);
  });
}

describe('protocol export on PGlite', () => exportSuite(backends.pglite));
describe.skipIf(!TEST_DATABASE_URL)(`protocol export on PostgreSQL${TEST_DATABASE_URL ? '' : ' — SKIPPED: TEST_DATABASE_URL is not set'}`, () => exportSuite(backends.postgres));

describe('the rotating export file', () => {
  const line = (i: number): ExportLine => ({ id: `access:x:${i}`, json: JSON.stringify({ event: { id: `access:x:${i}` }, pad: 'p'.repeat(100) }), time: '2026-01-01T00:00:00.000Z', severity: 6, msgid: 'protocol_access' });

  it('rotates before a file would pass max bytes, keeps N rotated files, removes the older ones', async () => {
    const file = newFile();
    const sink = fileSink({ file, maxBytes: 1000, keep: 3 });
    for (let i = 1; i <= 60; i += 5) await sink.send([1, 2, 3, 4, 5].map((k) => line(i + k - 1)));
    await sink.close();
    const dir = path.dirname(file);
    expect(readdirSync(dir).sort()).toEqual(['protocol.jsonl', 'protocol.jsonl.1', 'protocol.jsonl.2', 'protocol.jsonl.3']);
    for (const name of readdirSync(dir)) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(1000);
    // Oldest first: .3, .2, .1, the current file — consecutive, ending with the last record.
    const ids = ['protocol.jsonl.3', 'protocol.jsonl.2', 'protocol.jsonl.1', 'protocol.jsonl'].flatMap((n) => readDocs(path.join(dir, n)).map((d) => Number(d.event.id.split(':')[2])));
    expect(ids.at(-1)).toBe(60);
    expect(ids).toEqual(ids.map((_, k) => ids[0] + k));

    // A larger keep loses nothing.
    const all = newFile();
    const keeping = fileSink({ file: all, maxBytes: 1000, keep: 100 });
    for (let i = 1; i <= 60; i++) await keeping.send([line(i)]);
    await keeping.close();
    const every = readdirSync(path.dirname(all)).flatMap((n) => readDocs(path.join(path.dirname(all), n)).map((d) => d.event.id as string));
    expect(new Set(every).size).toBe(60);
  });

  it('ends a line cut off by a crash before it appends', async () => {
    const file = newFile();
    const sink = fileSink({ file, maxBytes: 1 << 20, keep: 1 });
    await sink.send([line(1)]);
    await sink.close();
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"event":{"id":"acc`);
    const again = fileSink({ file, maxBytes: 1 << 20, keep: 1 });
    await again.send([line(2)]);
    await again.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[1]).toBe('{"event":{"id":"acc');
    expect(JSON.parse(lines[2]).event.id).toBe('access:x:2');
  });
});

describe('syslog framing', () => {
  it('is RFC 5424 with octet counting (RFC 6587): the count is the message\'s bytes', () => {
    const json = JSON.stringify({ event: { id: 'access:x:1' }, facade: { purpose: 'één' } });
    const frame = syslogFrame({ id: 'access:x:1', json, time: '2026-01-01T00:00:00.000Z', severity: 6, msgid: 'protocol_access' }, 13, 'host name', '42');
    const text = frame.toString('utf8');
    const space = text.indexOf(' ');
    const message = frame.subarray(space + 1);
    expect(Number(text.slice(0, space))).toBe(message.length);
    expect(message.toString('utf8')).toBe(`<110>1 2026-01-01T00:00:00.000Z hostname facade 42 protocol_access - ${json}`);
  });
});

describe('export configuration', () => {
  it('is off without a sink, and names the variable of every problem', () => {
    expect(exportConfigFromEnv({})).toBeUndefined();
    expect(exportConfigFromEnv({ PROTOCOL_EXPORT_FILE: '/tmp/x.jsonl' })).toMatchObject({ file: { file: '/tmp/x.jsonl', maxBytes: 104857600, keep: 5 }, batchSize: 500, intervalMs: 10_000 });
    expect(parseExportFields('subject.pseudonym,plain_bsn')).toMatch(/unknown field "plain_bsn"/);
    const problem = (env: Record<string, string>) => {
      try {
        exportConfigFromEnv(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    expect(problem({ PROTOCOL_EXPORT_FILE: '/tmp/x', PROTOCOL_EXPORT_FIELDS: 'bsn' })).toMatch(/^PROTOCOL_EXPORT_FIELDS: unknown field "bsn"/);
    expect(problem({ PROTOCOL_EXPORT_SYSLOG: 'udp://127.0.0.1:514' })).toMatch(/^PROTOCOL_EXPORT_SYSLOG: must be tcp:\/\/host:port or tls:\/\/host:port/);
    expect(problem({ PROTOCOL_EXPORT_SYSLOG: 'tcp://127.0.0.1:514', PROTOCOL_EXPORT_SYSLOG_CA_FILE: '/tmp/ca.pem' })).toMatch(/^PROTOCOL_EXPORT_SYSLOG_CA_FILE: is for a TLS receiver/);
    expect(problem({ PROTOCOL_EXPORT_SYSLOG: 'tls://127.0.0.1:6514', PROTOCOL_EXPORT_SYSLOG_CA_FILE: path.join(scratch, 'missing.pem') })).toMatch(/^PROTOCOL_EXPORT_SYSLOG_CA_FILE: cannot read file/);
    expect(problem({ PROTOCOL_EXPORT_SYSLOG: 'tls://127.0.0.1:6514', PROTOCOL_EXPORT_SYSLOG_CERT_FILE: '/tmp/c.pem' })).toMatch(/^PROTOCOL_EXPORT_SYSLOG_KEY_FILE:/);
    expect(() => exportConfigFromEnv({ PROTOCOL_EXPORT_FILE: '/tmp/x', PROTOCOL_EXPORT_FIELDS: 'bsn' })).toThrow(ConfigProblems);
  });

  it('refuses the plain BSN without the keys that open it', () => {
    expect(() => personalData(fields('subject.id'))).toThrow(/^PROTOCOL_EXPORT_FIELDS: subject.id needs PROTOCOL_SUBJECT_KEYS/);
    expect(() => personalData(fields('subject.pseudonym'), 'broken')).toThrow(/^PROTOCOL_SUBJECT_KEYS:/);
  });
});
