// Phase 2 through HTTP: every GraphQL request needs a valid bearer token;
// failures are 401 with WWW-Authenticate and reveal nothing about why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const Q = `{ persoon(burgerservicenummer: "999993653") { burgerservicenummer } }`;

async function expectUnauthenticated(res: Awaited<ReturnType<Harness['query']>>): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors?.[0].message).toBe('A valid access token is required.');
  expect(res.body.data).toBeUndefined();
}

describe('authentication over HTTP', () => {
  it('accepts a valid token', async () => {
    const res = await h.query(Q);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ persoon: { burgerservicenummer: '999993653' } });
  });

  it('refuses a request without a token, and never asks the upstream', async () => {
    h.mock.clearRequests();
    await expectUnauthenticated(await h.query(Q, { token: null }));
    expect(h.mock.requests).toHaveLength(0);
  });

  it('refuses an expired token, a wrong audience and a tampered signature the same way', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthenticated(await h.query(Q, { token: await h.token({ iat: now - 7200, exp: now - 3600 }) }));
    await expectUnauthenticated(await h.query(Q, { token: await h.token({ aud: 'urn:someone:else' }) }));
    const good = await h.token();
    const [head, payload, sig] = good.split('.');
    const tampered = `${head}.${payload}.${sig.slice(0, -4)}${sig.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expectUnauthenticated(await h.query(Q, { token: tampered }));
  });

  it.each([
    ['signed with another key', async () => (await import('jose')).generateKeyPair('RS256').then(({ privateKey }) => h.issuer.sign({ client_id: 'procesapp', roles: ['burgerzaken'] }, { key: privateKey }))],
    ['alg none', () => h.issuer.sign({ client_id: 'procesapp' }, { alg: 'none' })],
    ['HS256 signed with the RSA public key', () => h.issuer.sign({ client_id: 'procesapp' }, { alg: 'HS256', key: new TextEncoder().encode(h.issuer.rsaPublicKeyPem) })],
    ['a wrong issuer', () => h.issuer.sign({ client_id: 'procesapp', iss: 'https://idp.elders.example' })],
    ['a future nbf', () => h.issuer.sign({ client_id: 'procesapp', nbf: Math.floor(Date.now() / 1000) + 3600 })],
    ['no jti', () => h.issuer.sign({ client_id: 'procesapp' }, { omit: ['jti'] })],
    ['an ID token (typ JWT)', () => h.issuer.sign({ client_id: 'procesapp' }, { typ: 'JWT' })],
    ['an unknown kid', () => h.issuer.sign({ client_id: 'procesapp' }, { kid: 'nobody-knows-this-key' })],
  ])('refuses %s over HTTP with the same 401, and asks the BRP nothing', async (_case, makeToken) => {
    h.mock.clearRequests();
    await expectUnauthenticated(await h.query(Q, { token: await makeToken() }));
    expect(h.mock.requests).toHaveLength(0);
  });

  it('refuses a token in the query string even when it is valid', async () => {
    const token = await h.token();
    const res = await fetch(`${h.facade.url}/graphql?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: Q }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('serves liveness and readiness without a token', async () => {
    const live = await fetch(`${h.facade.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${h.facade.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { brp: 'up', tokenKeys: 'up' } });
  });
});
