// The facade calls the Edu-V services as its participant: client credentials
// with private_key_jwt (RFC 7523) at the service's token endpoint, the token
// cached until shortly before it expires. The mock Edu-V service requires a
// token of its own endpoint on every call — as the harness and `npm start` run it.
import { createPrivateKey, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportPKCS8, SignJWT } from 'jose';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCredentials } from '../src/base/upstream/client-credentials.ts';
import { UpstreamError } from '../src/base/upstream/upstream-error.ts';
import { mockClientKeys } from '../src/dev/mocks/eduv/authorization.ts';
import { startEduvMock, type EduvMock } from '../src/dev/mocks/eduv/server.ts';
import { eduvConfigFromEnv } from '../src/domains/eduv/config.ts';
import { EduvUpstream } from '../src/domains/eduv/upstream.ts';
import { receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

let clock = Date.now();
const now = () => clock;
let mock: EduvMock;
let es: Awaited<ReturnType<typeof mockClientKeys>>;
let rsa: Awaited<ReturnType<typeof mockClientKeys>>;
let stranger: Awaited<ReturnType<typeof mockClientKeys>>;

beforeAll(async () => {
  [es, rsa, stranger] = await Promise.all([mockClientKeys('ES256'), mockClientKeys('RS256'), mockClientKeys('ES256')]);
  mock = await startEduvMock({ port: 0, authorization: { clients: { 'facade-es': { jwk: es.jwk }, 'facade-rsa': { jwk: rsa.jwk } }, now } });
});
afterAll(async () => mock?.close());

const credentials = (clientId = 'facade-es', key = es.privateKey, alg: 'ES256' | 'RS256' = 'ES256') => new ClientCredentials({ tokenUrl: mock.tokenUrl!, clientId, privateKey: key, alg, now });
const catalogue = async (token?: string) => {
  const res = await request(`${mock.url}/catalogue/products?pageSize=1`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  await res.body.dump();
  return res.statusCode;
};
async function refusal(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('the mock Edu-V service', () => {
  it('serves nothing without a token, or with a token it did not issue', async () => {
    expect(await catalogue()).toBe(401);
    const forged = await new SignJWT({ scope: 'x' }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer(new URL(mock.url).origin).setAudience('eduv').setExpirationTime('5m').sign(stranger.privateKey);
    expect(await catalogue(forged)).toBe(401);
  });

  it('refuses a replayed client assertion, a wrong audience and an unregistered key', async () => {
    const assertion = (audience: string, key = es.privateKey, jti = randomUUID()) =>
      new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer('facade-es').setSubject('facade-es').setAudience(audience).setJti(jti).setIssuedAt(Math.floor(clock / 1000)).setExpirationTime(Math.floor(clock / 1000) + 60).sign(key);
    const ask = async (clientAssertion: string) => {
      const res = await request(mock.tokenUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'facade-es', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion }).toString(),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    const once = await assertion(mock.tokenUrl!);
    expect((await ask(once)).status).toBe(200);
    expect(await ask(once)).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await ask(await assertion(`${mock.url}/other`))).body).toEqual({ error: 'invalid_client' });
    expect((await ask(await assertion(mock.tokenUrl!, stranger.privateKey))).body).toEqual({ error: 'invalid_client' });
    // The endpoint among other audiences is not enough: the NL GOV profile wants it alone.
    const shared = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer('facade-es').setSubject('facade-es').setAudience([mock.tokenUrl!, 'https://elsewhere.example'])
      .setJti(randomUUID()).setIssuedAt(Math.floor(clock / 1000)).setExpirationTime(Math.floor(clock / 1000) + 60).sign(es.privateKey);
    expect((await ask(shared)).body).toEqual({ error: 'invalid_client' });
  });

  it('asks a token only of its API: other paths stay 404', async () => {
    const res = await request(`${new URL(mock.url).origin}/elsewhere`);
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  });
});

describe('ClientCredentials (private_key_jwt)', () => {
  it('gets a token the service takes, with ES256 and RS256', async () => {
    expect(await catalogue(await credentials().token())).toBe(200);
    expect(await catalogue(await credentials('facade-rsa', rsa.privateKey, 'RS256').token())).toBe(200);
  });

  it('takes the key as PEM (PKCS#8), as the configuration reads it; the algorithm registered with the key is the one accepted', async () => {
    const key = createPrivateKey(await exportPKCS8(rsa.privateKey));
    const c = new ClientCredentials({ tokenUrl: mock.tokenUrl!, clientId: 'facade-rsa', privateKey: key, alg: 'RS256', now });
    expect(await catalogue(await c.token())).toBe(200);
    // The same key with PS256: the mock registered it for RS256 (its JWK's alg), so the client is refused.
    const pss = new ClientCredentials({ tokenUrl: mock.tokenUrl!, clientId: 'facade-rsa', privateKey: key, alg: 'PS256', now });
    expect(await refusal(pss.token())).toMatchObject({ kind: 'forbidden', detail: { status: 401, code: 'invalid_client' } });
  });

  it('asks once for calls in a row and at once, and again shortly before expiry', async () => {
    const c = credentials();
    const before = mock.tokensIssued();
    const tokens = await Promise.all([c.token(), c.token(), c.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(await c.token()).toBe(tokens[0]);
    expect(mock.tokensIssued() - before).toBe(1);
    clock += (300 - 31) * 1000; // the mock's tokens live 300 s; renewed 30 s before
    expect(await c.token()).toBe(tokens[0]);
    clock += 2000;
    const renewed = await c.token();
    expect(renewed).not.toBe(tokens[0]);
    expect(mock.tokensIssued() - before).toBe(2);
    c.invalidate(renewed);
    expect(await c.token()).not.toBe(renewed);
    expect(mock.tokensIssued() - before).toBe(3);
  });

  it('a key the server does not know gets no token: forbidden, with the OAuth code only', async () => {
    const err = await refusal(credentials('facade-es', stranger.privateKey).token());
    expect(err.kind).toBe('forbidden');
    expect(err.detail).toEqual({ status: 401, code: 'invalid_client', cause: 'token endpoint refused' });
  });

  it('an unreachable token endpoint is unavailable, and is asked again on the next call', async () => {
    const c = new ClientCredentials({ tokenUrl: 'http://127.0.0.1:1/token', clientId: 'x', privateKey: es.privateKey, alg: 'ES256', timeoutMs: 500 });
    expect((await refusal(c.token())).kind).toBe('unavailable');
    expect((await refusal(c.token())).kind).toBe('unavailable');
  });
});

describe('EduvUpstream with the participant\'s credentials', () => {
  it('sends the token, and after a 401 fetches a fresh one once', async () => {
    const c = credentials();
    const upstream = new EduvUpstream({ url: mock.url, timeoutMs: 2000, credentials: c });
    try {
      await upstream.get('/catalogue/products', { pageSize: 1 });
      const issued = mock.tokensIssued();
      mock.failNext({ status: 401 });
      await upstream.get('/catalogue/products', { pageSize: 1 });
      expect(mock.tokensIssued()).toBe(issued + 1);
      // Refused twice: no loop, a forbidden upstream.
      mock.failNext({ status: 401 });
      mock.failNext({ status: 401 });
      expect((await refusal(upstream.get('/catalogue/products', { pageSize: 1 }))).kind).toBe('forbidden');
      expect(await upstream.ready()).toBe(true);
    } finally {
      await upstream.close();
    }
  });

  it('without credentials the mock refuses, and readiness says so', async () => {
    const upstream = new EduvUpstream({ url: mock.url, timeoutMs: 2000 });
    try {
      expect((await refusal(upstream.get('/catalogue/products', { pageSize: 1 }))).kind).toBe('forbidden');
      expect(await upstream.ready()).toBe(false);
    } finally {
      await upstream.close();
    }
  });
});

describe('through the facade', () => {
  let h: EduvHarness;
  beforeAll(async () => {
    h = await startEduvHarness();
  });
  afterAll(async () => h?.close());

  it('every upstream call carries the participant\'s token; one token serves many requests', async () => {
    h.eduvMock.clearRequests();
    const before = h.eduvMock.tokensIssued();
    for (let i = 0; i < 3; i++) {
      const res = await h.query(`{ students(onderwijsaanbieder: "110A133") { items { userMasterIdentifier } } catalogueProducts(first: 1) { items { id } } }`, { token: await h.token(receiverA) });
      expect(res.body.errors).toBeUndefined();
    }
    const calls = h.eduvMock.requests.filter((r) => r.path.startsWith('/eduv/'));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    expect(calls.every((r) => typeof r.headers.authorization === 'string' && r.headers.authorization.startsWith('Bearer '))).toBe(true);
    // The caller's own token never goes upstream: only the facade's.
    const callerToken = await h.token(receiverA);
    expect(calls.some((r) => r.headers.authorization === `Bearer ${callerToken}`)).toBe(false);
    expect(h.eduvMock.tokensIssued() - before).toBeLessThanOrEqual(1);
    expect(h.credentials.fetched).toBe(1);
  });
});

describe('configuration', () => {
  const keyFile = async (alg: 'ES256' | 'RS256') => {
    const file = path.join(tmpdir(), `eduv-key-${alg}-${process.pid}.pem`);
    writeFileSync(file, await exportPKCS8((alg === 'ES256' ? es : rsa).privateKey));
    return file;
  };
  const base = { EDUV_URL: 'https://eduv.example/eduv', EDUV_SENDER_OIN: '00000003123456780000' };

  it('reads the credentials, the algorithm following the key', async () => {
    const config = eduvConfigFromEnv({ ...base, EDUV_TOKEN_URL: 'https://auth.example/token', EDUV_CLIENT_ID: 'facade', EDUV_CLIENT_KEY_FILE: await keyFile('RS256'), EDUV_CLIENT_KEY_ID: 'k1' }, true);
    expect(config?.outbound.clientCredentials).toMatchObject({ tokenUrl: 'https://auth.example/token', clientId: 'facade', alg: 'RS256', keyId: 'k1' });
    const ec = eduvConfigFromEnv({ ...base, EDUV_TOKEN_URL: 'https://auth.example/token', EDUV_CLIENT_ID: 'facade', EDUV_CLIENT_KEY_FILE: await keyFile('ES256') }, true);
    expect(ec?.outbound.clientCredentials?.alg).toBe('ES256');
  });

  it.each([
    [{ EDUV_TOKEN_URL: 'https://auth.example/token' }, /EDUV_CLIENT_ID: required with EDUV_TOKEN_URL/],
    [{ EDUV_TOKEN_URL: 'https://auth.example/token', EDUV_CLIENT_ID: 'f' }, /EDUV_CLIENT_KEY_FILE: required with EDUV_TOKEN_URL/],
    [{ EDUV_CLIENT_ID: 'f' }, /EDUV_CLIENT_ID: has no use without EDUV_TOKEN_URL/],
    [{ EDUV_TLS_CERT_FILE: '/etc/hosts' }, /EDUV_TLS_KEY_FILE/],
  ])('names what is wrong: %j', (env, expected) => {
    expect(() => eduvConfigFromEnv({ ...base, ...env }, true)).toThrow(expected);
  });

  it('refuses an algorithm that does not sign with the key', async () => {
    const rsaKey = await keyFile('RS256');
    expect(() => eduvConfigFromEnv({ ...base, EDUV_TOKEN_URL: 'https://a.example/t', EDUV_CLIENT_ID: 'f', EDUV_CLIENT_KEY_FILE: rsaKey, EDUV_CLIENT_ASSERTION_ALG: 'ES256' }, true)).toThrow(/ES256 does not sign with the rsa key/);
  });
});
