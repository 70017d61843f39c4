// The Edu-V consent flow's notices: when an applicatiebeheerder activates, narrows or deactivates an
// exchange, the receiver's `activations` endpoint gets a Security Event Token (RFC 8417) pushed per
// RFC 8935, signed with the facade's participant key; written to the outbox in the change's own
// transaction, delivered at least once with retries, each attempt one access-log line.
import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/base/log/logger.ts';
import { invoke } from '../src/base/storage/cli-support.ts';
import { main as registryCli } from '../src/domains/eduv/registry/cli.ts';
import {
  exponentialBackoff,
  noticeSigner,
  retryAfterMs,
  startNoticeDelivery,
  type NoticeDelivery,
} from '../src/domains/eduv/activation-notices.ts';
import { createNoticeOutbox, type NoticeOutbox } from '../src/domains/eduv/registry/notices.ts';
import { createEduvRegistry, type EduvRegistryAdmin } from '../src/domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from '../src/domains/eduv/registry/seed.ts';
import type { EduvConfig } from '../src/domains/eduv/config.ts';
import { startEduv } from '../src/domains/eduv/setup.ts';
import { backends, postgresSuiteTitle, TEST_DATABASE_URL } from './support/store.ts';
import { beheerder, eduvClient, FACADE_PARTICIPANT, RECEIVER_A, SENDER, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const NOORDKAAP = RECEIVER_A; // confirms automatically
const PENDING_RECEIVER = '00000003111122220000'; // confirms through confirmActivation
const ZONDER_ENDPOINT = '00000003333344440000'; // registered without an activations endpoint
const OTHER_SENDER = '00000003555566660000'; // another participant as sender: another deliverer
const ACTIVATE = `mutation Activate($input: ActivateExchangeInput!) { activateExchange(input: $input) { id status subjectOfferingIds } }`;

interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
  jti: string;
}

/** The receiver: answers with what `respond` says (default 202) and hands out what it got, in order. */
function receiverServer() {
  const queue: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  let respond: (r: Received, res: ServerResponse) => void = (_r, res) => void res.writeHead(202).end();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let jti = '';
      try {
        jti = String(JSON.parse(Buffer.from(body.split('.')[1], 'base64url').toString('utf8')).jti);
      } catch {
        // not a JWT: the test that reads it fails
      }
      const received = { path: req.url ?? '', contentType: req.headers['content-type'], body, jti };
      respond(received, res);
      const next = waiting.shift();
      if (next) next(received);
      else queue.push(received);
    });
  });
  return {
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The next notice received (resolved by the server's handler). */
    next: () => new Promise<Received>((resolve) => (queue.length ? resolve(queue.shift()!) : waiting.push(resolve))),
    pending: () => queue.length,
    set respond(fn: (r: Received, res: ServerResponse) => void) {
      respond = fn;
    },
  };
}

/** A pino destination that keeps the lines and resolves waiters when a matching line arrives. */
function logLines() {
  const entries: Array<Record<string, unknown>> = [];
  const text: string[] = [];
  const waiters: Array<{ match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        text.push(line);
        const entry = JSON.parse(line) as Record<string, unknown>;
        entries.push(entry);
        for (const w of [...waiters]) {
          if (w.match(entry)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(entry);
          }
        }
      }
      done();
    },
  });
  return {
    stream,
    entries,
    text,
    waitFor(match: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      const found = entries.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

let h: EduvHarness;
let admin: EduvRegistryAdmin;
let outbox: NoticeOutbox;
let delivery: NoticeDelivery;
let publicKey: CryptoKey | Uint8Array;
const receiver = receiverServer();
const log = logLines();

const attemptsOf = (noticeId: string) => log.entries.filter((e) => e.msg === 'request' && e.noticeId === noticeId);
const delivered = (noticeId: string) => log.waitFor((e) => e.msg === 'request' && e.noticeId === noticeId && e.outcome !== 'retry');

async function withEndpoint(oin: string, endpoint: string): Promise<void> {
  const p = (await admin.participant(oin))!;
  await admin.upsertParticipant({ ...p, endpoints: { ...p.endpoints, activations: endpoint } });
}

async function activate(input: Record<string, unknown>) {
  const res = await h.query(ACTIVATE, { token: await h.token(beheerder(String(input.onderwijsaanbieder))), variables: { input } });
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as { activateExchange: { id: string; status: string; subjectOfferingIds: string[] | null } }).activateExchange;
}

async function verified(r: Received, audience: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(r.body, publicKey, { typ: 'secevent+jwt', issuer: SENDER, audience, algorithms: ['ES256'] });
  return payload;
}

beforeAll(async () => {
  h = await startEduvHarness();
  admin = createEduvRegistry(h.store);
  outbox = createNoticeOutbox(h.store);
  publicKey = await importJWK(h.participantKey.jwk, 'ES256');
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  // A query on the endpoint (a tenant, say) is sent, but never logged.
  await withEndpoint(NOORDKAAP, `${receiver.url()}/edu-v/activations?tenant=zeeweide`);
  await withEndpoint(PENDING_RECEIVER, `${receiver.url()}/toetsbureau/activations`);
  delivery = startNoticeDelivery({
    store: h.store,
    logger: createLogger('info', 'facade', log.stream),
    senderOin: SENDER,
    signer: await noticeSigner({ privateKey: h.participantKey.privateKey, alg: 'ES256' }),
    requireHttps: false,
    backoff: () => 0,
    pollMs: 20,
  });
});

afterAll(async () => {
  await delivery?.stop();
  await new Promise((resolve) => receiver.server.close(resolve));
  await h?.close();
});

describe('the receiver is told of each change, in a signed SET', () => {
  it('activate, narrow, deactivate: one notice each, signed with the facade\'s participant key', async () => {
    const input = { gegevensdienst: 'orders', onderwijsaanbieder: '110A133', receiverOin: NOORDKAAP };
    const { id } = await activate(input);
    const first = await receiver.next();
    const own = h.eduvMock.data.subjectOfferings.find((o) => o.organisationMasterIdentifier === '110A133')!.id;
    await activate({ ...input, subjectOfferingIds: [own] });
    const second = await receiver.next();
    const off = await h.query(`mutation { deactivateExchange(id: "${id}") { status } }`, { token: await h.token(beheerder()) });
    expect(off.body.errors).toBeUndefined();
    const third = await receiver.next();

    for (const r of [first, second, third]) {
      expect(r.contentType).toBe('application/secevent+jwt');
      expect(r.path).toBe('/edu-v/activations?tenant=zeeweide');
      const header = decodeProtectedHeader(r.body);
      expect(header).toEqual({ alg: 'ES256', typ: 'secevent+jwt', kid: await calculateJwkThumbprint(h.participantKey.jwk) });
    }
    const [a, n, d] = await Promise.all([first, second, third].map((r) => verified(r, NOORDKAAP)));
    const common = { activationId: id, gegevensdienst: 'orders', onderwijsaanbieder: '110A133' };
    expect(a.events).toEqual({ 'urn:edu-v:activation:activated': { ...common, status: 'active', subjectOfferingIds: null, at: expect.any(String) } });
    expect(n.events).toEqual({ 'urn:edu-v:activation:narrowed': { ...common, status: 'active', subjectOfferingIds: [own], at: expect.any(String) } });
    expect(d.events).toEqual({ 'urn:edu-v:activation:deactivated': { ...common, status: 'inactive', subjectOfferingIds: [own], at: expect.any(String) } });
    for (const p of [a, n, d]) {
      // Exactly these claims: organisation ids and the activation, nothing about persons or the beheerder.
      expect(Object.keys(p).sort()).toEqual(['aud', 'events', 'iat', 'iss', 'jti', 'txn']);
      expect(typeof p.txn).toBe('string');
      expect(JSON.stringify(p)).not.toMatch(/beheerder|eduv-beheer|eidas/);
    }
    // The history event's time, and the jti is the outbox row.
    const history = await h.registry.history(id);
    expect([a, n, d].map((p) => Object.values(p.events as Record<string, { at: string }>)[0].at)).toEqual(history.map((e) => e.at.toISOString()));
    // One attempt each in the access log, outbound, without the query, the token or the body.
    for (const p of [a, n, d]) {
      await delivered(p.jti!);
      expect(attemptsOf(p.jti!)).toEqual([
        expect.objectContaining({
          level: 'info', service: 'facade', direction: 'outbound', method: 'POST', url: `${receiver.url()}/edu-v/activations`,
          path: '/edu-v/activations', status: 202, attempt: 1, noticeId: p.jti, outcome: 'delivered', durationMs: expect.any(Number),
        }),
      ]);
    }
    const rows = await outbox.list({ activationId: id });
    expect(rows.map((r) => [r.id, r.kind, r.state, r.attempts]).reverse()).toEqual([
      [a.jti, 'activated', 'delivered', 1],
      [n.jti, 'narrowed', 'delivered', 1],
      [d.jti, 'deactivated', 'delivered', 1],
    ]);
    const logged = log.text.join('\n');
    expect(logged).not.toContain('tenant=');
    expect(logged).not.toContain(first.body.split('.')[2]);
    expect(receiver.pending()).toBe(0);
  });

  it('a receiver answering 503 gets the same jti again; both attempts are in the access log', async () => {
    let calls = 0;
    receiver.respond = (_r, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(503, { 'retry-after': '0' }).end();
      else res.writeHead(202).end();
    };
    const { id } = await activate({ gegevensdienst: 'catalogue', onderwijsaanbieder: '110A133', receiverOin: NOORDKAAP });
    const once = await receiver.next();
    const again = await receiver.next();
    expect(again.jti).toBe(once.jti);
    await verified(again, NOORDKAAP);
    await delivered(once.jti);
    expect(attemptsOf(once.jti).map((e) => [e.attempt, e.status, e.outcome, e.code])).toEqual([
      [1, 503, 'retry', 'HTTP_503'],
      [2, 202, 'delivered', undefined],
    ]);
    const [row] = await outbox.list({ activationId: id });
    expect(row).toMatchObject({ id: once.jti, state: 'delivered', attempts: 2, lastStatus: 202 });
    receiver.respond = (_r, res) => void res.writeHead(202).end();
  });

  it('a refusal (400) is not retried: failed, logged by its err code only, kept for the operator', async () => {
    receiver.respond = (_r, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ err: 'invalid_audience', description: 'aud 00000003876543210000 is not us' }));
    };
    const { id } = await activate({ gegevensdienst: 'schoolvak', onderwijsaanbieder: '112C410', receiverOin: NOORDKAAP });
    const refused = await receiver.next();
    const line = await delivered(refused.jti);
    expect(line).toMatchObject({ attempt: 1, status: 400, outcome: 'failed', code: 'invalid_audience' });
    const error = await log.waitFor((e) => e.level === 'error' && e.noticeId === refused.jti);
    expect(error).toMatchObject({ receiverOin: NOORDKAAP, kind: 'activated', attempts: 1, code: 'invalid_audience' });
    expect(log.text.join('\n')).not.toContain('is not us');
    const [row] = await outbox.list({ activationId: id, state: 'failed' });
    expect(row).toMatchObject({ id: refused.jti, attempts: 1, lastStatus: 400, lastError: 'invalid_audience' });
    expect(attemptsOf(refused.jti)).toHaveLength(1);

    // The operator fixes the receiver's side and queues it again: the same jti arrives.
    receiver.respond = (_r, res) => void res.writeHead(202).end();
    expect(await outbox.requeue(refused.jti)).toBe(true);
    delivery.nudge();
    expect((await receiver.next()).jti).toBe(refused.jti);
    await log.waitFor((e) => e.noticeId === refused.jti && e.outcome === 'delivered');
    expect(await outbox.requeue(refused.jti)).toBe(false); // delivered: not failed
  });

  it('a receiver that does not confirm automatically gets the pending notice, then confirms as today (no notice for its own confirmation)', async () => {
    const { id, status } = await activate({ gegevensdienst: 'orders', onderwijsaanbieder: '110A133', receiverOin: PENDING_RECEIVER });
    expect(status).toBe('pending');
    const notice = await receiver.next();
    expect(notice.path).toBe('/toetsbureau/activations');
    const payload = await verified(notice, PENDING_RECEIVER);
    expect(payload.events).toEqual({
      'urn:edu-v:activation:activated': { activationId: id, gegevensdienst: 'orders', onderwijsaanbieder: '110A133', status: 'pending', subjectOfferingIds: null, at: expect.any(String) },
    });
    const confirmed = await h.query(`mutation { confirmActivation(id: "${id}") { status } }`, { token: await h.token(eduvClient('toets-pending', 'eduv.student.basic eduv.education')) });
    expect(confirmed.body.errors).toBeUndefined();
    expect((confirmed.body.data as { confirmActivation: { status: string } }).confirmActivation.status).toBe('active');
    // Written in the confirmation's transaction or not at all: the outbox says it all, no waiting needed.
    expect((await outbox.list({ activationId: id })).map((r) => r.kind)).toEqual(['activated']);

    // Confirmed by someone else (an administrator, the seed): the receiver is told.
    const again = await activate({ gegevensdienst: 'orders', onderwijsaanbieder: '110A133', receiverOin: PENDING_RECEIVER });
    expect(again.status).toBe('pending');
    await receiver.next();
    await admin.confirm(id, { subject: 'registry-admin' });
    const byAdmin = await verified(await receiver.next(), PENDING_RECEIVER);
    expect(Object.keys(byAdmin.events as object)).toEqual(['urn:edu-v:activation:confirmed']);
  });

  it('a receiver without an activations endpoint gets no notice', async () => {
    const { id } = await activate({ gegevensdienst: 'orders', onderwijsaanbieder: '110A133', receiverOin: ZONDER_ENDPOINT });
    expect(await outbox.list({ activationId: id })).toEqual([]);
  });
});

describe('delivery', () => {
  /** An activation sent by OTHER_SENDER (through the registry: the facade sends as SENDER only), left to a deliverer of its own. */
  async function otherSenderNotice(gegevensdienst: 'students' | 'schoolvak' | 'catalogue' | 'orders') {
    const { activation } = await admin.putActivation({ gegevensdienst, onderwijsaanbieder: '110A133', senderOin: OTHER_SENDER, receiverOin: NOORDKAAP }, { status: 'active' }, { subject: 'seed' });
    const [row] = await outbox.list({ activationId: activation.id });
    return row;
  }

  it('in production an endpoint that is not https is refused without a request', async () => {
    const notice = await otherSenderNotice('students');
    const lines = logLines();
    const strict = startNoticeDelivery({
      store: h.store,
      logger: createLogger('info', 'facade', lines.stream),
      senderOin: OTHER_SENDER,
      signer: await noticeSigner({ privateKey: h.participantKey.privateKey, alg: 'ES256', keyId: 'participant-2026' }),
      requireHttps: true,
      pollMs: 20,
    });
    const error = await lines.waitFor((e) => e.level === 'error' && e.noticeId === notice.id);
    await strict.stop();
    expect(error).toMatchObject({ code: 'INSECURE_ENDPOINT', attempts: 1 });
    expect(lines.entries.filter((e) => e.msg === 'request')).toEqual([]);
    expect((await outbox.list({ activationId: notice.activationId }))[0]).toMatchObject({ state: 'failed', lastError: 'INSECURE_ENDPOINT' });
    expect(receiver.pending()).toBe(0);
  });

  it('stop() finishes the attempt in flight within its bound; the cut attempt is retried later', async () => {
    const notice = await otherSenderNotice('orders');
    let release: () => void = () => undefined;
    receiver.respond = (_r, res) => {
      release = () => void res.writeHead(202).end();
    };
    const lines = logLines();
    const other = startNoticeDelivery({
      store: h.store,
      logger: createLogger('info', 'facade', lines.stream),
      senderOin: OTHER_SENDER,
      signer: await noticeSigner({ privateKey: h.participantKey.privateKey, alg: 'ES256' }),
      requireHttps: false,
      backoff: () => 60_000,
      pollMs: 20,
      stopTimeoutMs: 50,
    });
    expect((await receiver.next()).jti).toBe(notice.id);
    await other.stop();
    release();
    const line = await lines.waitFor((e) => e.msg === 'request' && e.noticeId === notice.id);
    expect(line).toMatchObject({ attempt: 1, status: 0, outcome: 'retry', code: 'TIMEOUT' });
    const [row] = await outbox.list({ activationId: notice.activationId });
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'TIMEOUT' });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    receiver.respond = (_r, res) => void res.writeHead(202).end();
  });

  it('several deliverers on one database: each attempt made by one of them', async () => {
    // Two more deliverers of SENDER beside the first: every notice arrives once.
    const extra = await Promise.all([1, 2].map(async () =>
      startNoticeDelivery({
        store: h.store,
        logger: createLogger('info', 'facade', log.stream),
        senderOin: SENDER,
        signer: await noticeSigner({ privateKey: h.participantKey.privateKey, alg: 'ES256' }),
        requireHttps: false,
        backoff: () => 0,
        pollMs: 5,
      }),
    ));
    const ids: string[] = [];
    for (const aanbieder of ['111B222', '113D051', '114E377', '115F624']) {
      const { activation } = await admin.putActivation({ gegevensdienst: 'catalogue', onderwijsaanbieder: aanbieder, senderOin: SENDER, receiverOin: NOORDKAAP }, { status: 'active' }, { subject: 'seed' });
      ids.push((await outbox.list({ activationId: activation.id }))[0].id);
    }
    const got = await Promise.all(ids.map(() => receiver.next()));
    await Promise.all(ids.map(delivered));
    await Promise.all(extra.map((d) => d.stop()));
    expect(got.map((r) => r.jti).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(attemptsOf(id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered' })]);
    const rows = await outbox.list({ state: 'delivered', limit: 50 });
    for (const id of ids) expect(rows.find((r) => r.id === id)?.attempts).toBe(1);
    expect(receiver.pending()).toBe(0);
  });
});

describe('wired into the Edu-V services', () => {
  it('startEduv starts the deliverer; a change through its registry is sent at once, and close() stops it', async () => {
    await delivery.stop(); // the test's own deliverer steps aside: this one is startEduv's
    const lines = logLines();
    const config = {
      timeoutMs: 5000,
      senderOin: SENDER,
      maxTokenAgeSeconds: 300,
      certificateBinding: 'when-presented',
      changesPollMs: 60_000,
      outbound: { clientCredentials: { tokenUrl: h.eduvMock.tokenUrl!, clientId: FACADE_PARTICIPANT, privateKey: h.participantKey.privateKey, alg: 'ES256' } },
      notices: { maxAttempts: 3, maxAgeMs: 3_600_000, requireHttps: false },
    } as EduvConfig;
    const eduv = await startEduv(config, { url: h.eduvMock.url, outbound: config.outbound }, h.store, createLogger('info', 'facade', lines.stream));
    try {
      const started = Date.now();
      const activation = await eduv.services.registry.activate(
        { gegevensdienst: 'students', onderwijsaanbieder: '112C410', senderOin: SENDER, receiverOin: NOORDKAAP },
        { actor: { subject: 'beheerder-112C410', clientId: 'eduv-beheer' } },
      );
      const got = await receiver.next();
      // Its poll is 5 s: arriving well before that, the registry's commit woke it.
      expect(Date.now() - started).toBeLessThan(2_500);
      const payload = await verified(got, NOORDKAAP);
      expect(Object.values(payload.events as Record<string, { activationId: string }>)[0].activationId).toBe(activation.id);
      await lines.waitFor((e) => e.msg === 'request' && e.noticeId === got.jti && e.outcome === 'delivered');
    } finally {
      await eduv.close();
    }
  });
});

describe('the operator\'s view: npm run eduv:registry -- notices', () => {
  it('counts and lists notices, says what failed, and queues a failed one again', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'facade-notices-cli-'));
    const t = await backends.pglite.open();
    try {
      const registry = createEduvRegistry(t.store);
      await applyEduvSeed(registry, loadEduvSeed('data/eduv/registry-seed.yaml'));
      const p = (await registry.participant(NOORDKAAP))!;
      await registry.upsertParticipant({ ...p, endpoints: { ...p.endpoints, activations: 'https://edu-v.noordkaap.example/activations' } });
      const key = { gegevensdienst: 'orders' as const, onderwijsaanbieder: '110A133', senderOin: SENDER, receiverOin: NOORDKAAP };
      await registry.putActivation(key, { status: 'active' }, { subject: 'seed' });
      await registry.putActivation(key, { status: 'inactive' }, { subject: 'seed' });
      const [failed] = await createNoticeOutbox(t.store).list({ limit: 1 });
      await t.store.query(`UPDATE eduv_activation_notice SET state = 'failed', attempts = 1, last_status = 400, last_error = 'invalid_audience', last_attempt_at = now(), failed_at = now() WHERE id = $1`, [failed.id]);
      await t.store.close();
      cpSync(t.dataDir ?? '', path.join(scratch, 'db'), { recursive: true });
      const env = { DATA_DIR: scratch };
      const call = async (args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await invoke(registryCli, args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
        return { code, stdout: out.join('\n'), stderr: err.join('\n') };
      };
      const listed = await call(['notices']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('Activation notices: 1 pending, 0 delivered, 1 failed');
      expect(listed.stdout).toMatch(new RegExp(`${failed.id} .* deactivated .* ${NOORDKAAP}  failed .* 400 invalid_audience`));
      const json = JSON.parse((await call(['notices', '--state', 'failed', '--json'])).stdout) as { notices: Array<{ id: string }> };
      expect(json.notices.map((n) => n.id)).toEqual([failed.id]);
      expect(await call(['notices', '--state', 'lost'])).toMatchObject({ code: 2 });
      expect(await call(['retry-notice', failed.id])).toMatchObject({ code: 0 });
      expect((await call(['notices'])).stdout).toContain('Activation notices: 2 pending, 0 delivered, 0 failed');
      expect(await call(['retry-notice', failed.id])).toMatchObject({ code: 1, stderr: expect.stringContaining('no failed notice') });
    } finally {
      await t.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe('back-off', () => {
  it('doubles from the base to the cap, with at least half of each delay kept (jitter)', () => {
    const low = exponentialBackoff({ baseMs: 10_000, maxMs: 3_600_000, random: () => 0 });
    const high = exponentialBackoff({ baseMs: 10_000, maxMs: 3_600_000, random: () => 1 });
    expect([1, 2, 3, 4, 10, 30].map(high)).toEqual([10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000]);
    expect([1, 2, 3].map(low)).toEqual([5_000, 10_000, 20_000]);
  });

  it('reads Retry-After in seconds or as a date, at most a day', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('9999999', now)).toBe(24 * 3_600_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe.skipIf(!TEST_DATABASE_URL)(postgresSuiteTitle('Activation notices from several instances'), () => {
  it('two instances with pools of their own: every notice delivered once, in order per activation', async () => {
    const ts = await backends.postgres.open();
    const second = await ts.openAnother();
    const deliverers: NoticeDelivery[] = [];
    try {
      const registry = createEduvRegistry(ts.store);
      await applyEduvSeed(registry, loadEduvSeed('data/eduv/registry-seed.yaml'));
      const p = (await registry.participant(NOORDKAAP))!;
      await registry.upsertParticipant({ ...p, endpoints: { ...p.endpoints, activations: `${receiver.url()}/pg/activations` } });
      const lines = logLines();
      for (const store of [ts.store, second, ts.store, second]) {
        deliverers.push(startNoticeDelivery({
          store,
          logger: createLogger('info', 'facade', lines.stream),
          senderOin: SENDER,
          signer: await noticeSigner({ privateKey: h.participantKey.privateKey, alg: 'ES256' }),
          requireHttps: false,
          backoff: () => 0,
          pollMs: 5,
        }));
      }
      // Per aanbieder: activated, then deactivated — the second must not overtake the first.
      const aanbieders = ['110A133', '111B222', '112C410', '113D051', '114E377', '115F624'];
      const expected: string[] = [];
      for (const onderwijsaanbieder of aanbieders) {
        const key = { gegevensdienst: 'orders' as const, onderwijsaanbieder, senderOin: SENDER, receiverOin: NOORDKAAP };
        await registry.putActivation(key, { status: 'active' }, { subject: 'seed' });
        await registry.putActivation(key, { status: 'inactive' }, { subject: 'seed' });
      }
      const outboxPg = createNoticeOutbox(ts.store);
      for (const n of (await outboxPg.list({ limit: 100 })).reverse()) expected.push(n.id);
      expect(expected).toHaveLength(aanbieders.length * 2);
      const got = await Promise.all(expected.map(() => receiver.next()));
      await Promise.all(expected.map((id) => lines.waitFor((e) => e.msg === 'request' && e.noticeId === id && e.outcome === 'delivered')));
      expect(got.map((r) => r.jti).sort()).toEqual([...expected].sort());
      expect(lines.entries.filter((e) => e.msg === 'request').map((e) => e.attempt)).toEqual(expected.map(() => 1));
      // Per activation the activated notice arrived before the deactivated one.
      const order = got.map((r) => r.jti);
      const rows = await outboxPg.list({ limit: 100 });
      for (const activationId of new Set(rows.map((r) => r.activationId))) {
        const [deactivated, activated] = rows.filter((r) => r.activationId === activationId);
        expect(order.indexOf(activated.id)).toBeLessThan(order.indexOf(deactivated.id));
      }
      expect(rows.every((r) => r.state === 'delivered' && r.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(deliverers.map((d) => d.stop()));
      await ts.close();
    }
  });
});
