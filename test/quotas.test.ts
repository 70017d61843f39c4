// Quotas counted in what matters — operations and persons disclosed — per
// employee within the purpose and per client; in-process, and shared by
// several instances through the machine's Redis (REDIS_URL, set by .ci/run).
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../rules/policy.ts';
import { Quotas } from '../src/engine/quota/quotas.ts';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const REDIS_URL = process.env.REDIS_URL?.trim() || undefined;
// CI is meant to check the shared quota: there, a missing REDIS_URL is a failure, not a skip.
if (process.env.CI && !REDIS_URL) throw new Error('REDIS_URL is not set: CI runs the shared-quota tests against the machine\'s Redis');

/** The shipped policy with quotas for wmo-aanvraag (per employee) and a small one for the SaaS client. */
const policy = parsePolicy(
  readFileSync('rules/policy.yaml', 'utf8').replace(
    '    processingActivity: VA-WMO-003\n',
    '    processingActivity: VA-WMO-003\n    quota: { persons: 6/hour, operations: 4/minute }\n',
  ),
);
const wmo = (sub: string) => ({ sub, client_id: 'procesapp', roles: ['wmo-consulent'] });
const PERSOON = (bsn = '999993653') => `{ persoon(burgerservicenummer: "${bsn}") { naam { voornamen } } }`;
const defaults = { persons: { points: 1000, durationSeconds: 3600 }, operations: { points: 1000, durationSeconds: 60 } };

async function harnessWith(quotas: Quotas, issuer?: Harness['issuer']): Promise<Harness> {
  return startHarness({ facade: { policy, quota: { quotas, defaults } }, issuer });
}

describe('quotas in this process', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harnessWith(new Quotas());
  });
  afterAll(async () => h?.close());

  it('refuses the operation over the purpose\'s quota with 429, Retry-After and an access record', async () => {
    const token = await h.token(wmo('medewerker-ops'));
    for (let i = 0; i < 4; i++) expect((await h.query(PERSOON('999990378'), { token })).status).toBe(200);
    h.mock.clearRequests();
    const res = await h.query(PERSOON('999990378'), { token });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'operations' });
    expect(h.mock.requests).toHaveLength(0);
    expect((h.protocol as RecordingProtocol).access.at(-1)).toMatchObject({ outcome: 'error', errorCode: 'RATE_LIMITED' });
    // Another employee has a quota of its own.
    expect((await h.query(PERSOON(), { token: await h.token(wmo('medewerker-other')) })).status).toBe(200);
  });

  it('counts persons disclosed, not requests: once they are used up, nothing more is fetched', async () => {
    const token = await h.token(wmo('medewerker-persons'));
    const five = `{ personen(burgerservicenummers: ["999993653", "999990378"]) { naam { voornamen } } }`;
    expect((await h.query(five, { token })).status).toBe(200); // 2 persons
    expect((await h.query(five, { token })).status).toBe(200); // 4
    expect((await h.query(five, { token })).status).toBe(200); // 6: the quota is reached by this one
    h.mock.clearRequests();
    const refused = await h.query(five, { token });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'persons' });
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('persons are reserved before execution', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harnessWith(new Quotas());
  });
  afterAll(async () => h?.close());

  it('one request that may reach more persons than are left is refused before anything is fetched', async () => {
    const token = await h.token(wmo('medewerker-large'));
    expect((await h.query(PERSOON(), { token })).status).toBe(200); // 1 of 6
    h.mock.clearRequests();
    const seven = `{ personen(burgerservicenummers: ["999993653", "999990378", "999991036", "999993653", "999990378", "999991036"]) { naam { voornamen } } }`;
    const refused = await h.query(seven, { token }); // may reach 6: 1 + 6 > 6
    expect(refused.status).toBe(429);
    expect(h.mock.requests).toHaveLength(0);
    // Nothing of the refused reservation was kept, and what a request did not deliver comes back.
    expect((await h.query(PERSOON('999990378'), { token })).status).toBe(200);
  });

  it('many requests at once cannot overshoot it together', async () => {
    const token = await h.token(wmo('medewerker-burst'));
    const all = await Promise.all(Array.from({ length: 4 }, () => h.query(`{ personen(burgerservicenummers: ["999993653", "999990378"]) { naam { voornamen } } }`, { token })));
    const served = all.filter((r) => r.status === 200).length;
    expect(served).toBe(3); // 3 × 2 reserved = 6; the fourth finds none left
    expect(all.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('a purpose that overrides one limit keeps the deployment\'s other', async () => {
    const onlyPersons = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('    processingActivity: VA-WMO-003\n', '    processingActivity: VA-WMO-003\n    quota: { persons: 1000/hour }\n'));
    const p = await startHarness({ facade: { policy: onlyPersons, quota: { quotas: new Quotas(), defaults: { ...defaults, operations: { points: 2, durationSeconds: 60 } } } } });
    try {
      const token = await p.token(wmo('medewerker-partial'));
      expect((await p.query(PERSOON(), { token })).status).toBe(200);
      expect((await p.query(PERSOON(), { token })).status).toBe(200);
      expect((await p.query(PERSOON(), { token })).status).toBe(429);
    } finally {
      await p.close();
    }
    expect(() => parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('    processingActivity: VA-WMO-003\n', '    processingActivity: VA-WMO-003\n    quota: {}\n'))).toThrow(/give persons, operations or both/);
  });
});

describe.runIf(REDIS_URL)('quotas shared through Redis', () => {
  const prefix = `test-${randomUUID()}`;
  let redis: Redis;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL!, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    a = await harnessWith(new Quotas({ redis, keyPrefix: prefix }));
    // The second instance trusts the same identity provider, as instances behind one load balancer do.
    b = await harnessWith(new Quotas({ redis, keyPrefix: prefix }), a.issuer);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('two instances behind a load balancer share one quota', async () => {
    const token = await a.token(wmo('medewerker-shared'));
    expect((await a.query(PERSOON(), { token })).status).toBe(200);
    expect((await b.query(PERSOON(), { token })).status).toBe(200);
    expect((await a.query(PERSOON(), { token })).status).toBe(200);
    expect((await b.query(PERSOON(), { token })).status).toBe(200);
    const refused = await a.query(PERSOON(), { token });
    expect(refused.status).toBe(429);
    expect((await b.query(PERSOON(), { token })).status).toBe(429);
  });
});

describe('Redis gone mid-run', () => {
  let server: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    // A private redis-server on a free port: the machine's own Redis is never stopped.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ready = new Promise<void>((resolve) => server!.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve()));
    await ready;
  });
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it.runIf(process.env.CI || existsRedis())('refuses personal data (503 QUOTA_UNAVAILABLE) when the store cannot count, unless failing open was chosen', async () => {
    const redis = new Redis(port, '127.0.0.1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    redis.on('error', () => undefined); // reconnect attempts after the kill; the facade's answer is what is tested
    await once(redis, 'ready');
    const closed = await harnessWith(new Quotas({ redis }));
    const open = await harnessWith(new Quotas({ redis, failOpen: true }));
    try {
      const token = await closed.token(wmo('medewerker-redis'));
      expect((await closed.query(PERSOON(), { token })).status).toBe(200);
      const exited = once(server!, 'exit');
      const lost = new Promise((resolve) => redis.once('close', resolve));
      server!.kill('SIGKILL');
      await exited;
      await lost;
      closed.mock.clearRequests();
      const refused = await closed.query(PERSOON(), { token });
      expect(refused.status).toBe(503);
      expect(refused.body.errors?.[0].extensions?.code).toBe('QUOTA_UNAVAILABLE');
      expect(closed.mock.requests).toHaveLength(0);
      expect((await open.query(PERSOON(), { token: await open.token(wmo('medewerker-redis')) })).status).toBe(200);
    } finally {
      redis.disconnect();
      await closed.close();
      await open.close();
    }
  });
});

function existsRedis(): boolean {
  try {
    return readFileSync('/usr/bin/redis-server').length > 0;
  } catch {
    return false;
  }
}
