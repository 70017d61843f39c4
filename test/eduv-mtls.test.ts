// Where the facade terminates mTLS, tokens for confidential information (class
// III orders, class IV students) must be certificate-bound: `cnf.x5t#S256`
// equals the SHA-256 thumbprint of the TLS client certificate (RFC 8705).
// Certificates are made for the test with openssl.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.ts';

let certs: TestCertificates;
const file = (name: string) => certs.file(name);
const thumbprint = (name: string) => certs.thumbprint(name.replace(/\.pem$/, ''));

let h: EduvHarness;
beforeAll(async () => {
  certs = makeTestCertificates();
  h = await startEduvHarness({
    tls: { cert: certs.pem('server'), key: readFileSync(file('server.key'), 'utf8'), clientCa: certs.pem('ca') },
    certificateBinding: 'required',
  });
});
afterAll(async () => h?.close());

async function post(query: string, token: string, clientCert?: 'client' | 'other' | 'rogue-client') {
  const dispatcher = new Agent({
    connect: {
      ca: readFileSync(file('ca.pem')),
      ...(clientCert ? { cert: readFileSync(file(`${clientCert}.pem`)), key: readFileSync(file(`${clientCert}.key`)) } : {}),
    },
  });
  try {
    const res = await request(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      dispatcher,
    });
    return (await res.body.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: Record<string, unknown> }> };
  } finally {
    await dispatcher.close();
  }
}

const ORDERS = `{ orders(onderwijsaanbieder: "112C410") { id } }`;

describe('certificate-bound tokens over mTLS', () => {
  it('serves HTTPS', () => {
    expect(h.facade.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('a token bound to the presented client certificate gets class III data', async () => {
    const token = await h.token({ ...receiverA, cnf: { 'x5t#S256': thumbprint('client') } });
    const body = await post(ORDERS, token, 'client');
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data?.orders)).toBe(true);
  });

  it.each([
    ['bound to another certificate', 'other' as const, 'client'],
    ['not bound at all', 'client' as const, undefined],
    ['no client certificate presented', undefined, 'client'],
    ['not bound, and no certificate presented', undefined, undefined],
    ['bound to a certificate of another CA, which is presented', 'rogue-client' as const, 'rogue-client'],
  ])('refuses a token %s: TOKEN_NOT_CERTIFICATE_BOUND', async (_case, presented, boundTo) => {
    const cnf = boundTo ? { cnf: { 'x5t#S256': thumbprint(boundTo) } } : {};
    const body = await post(ORDERS, await h.token({ ...receiverA, ...cnf }), presented);
    expect(body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'TOKEN_NOT_CERTIFICATE_BOUND', rows: 1 });
  });

  it('class I needs no binding, also over mTLS', async () => {
    const body = await post(`{ catalogueProducts(first: 1) { items { id } } }`, await h.token(receiverA), 'client');
    expect(body.errors).toBeUndefined();
  });
});
