// Where the facade terminates mTLS, tokens for confidential information (class
// III orders, class IV students) must be certificate-bound: `cnf.x5t#S256`
// equals the SHA-256 thumbprint of the TLS client certificate (RFC 8705).
// Certificates are made for the test with openssl.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'facade-mtls-'));
const file = (name: string) => path.join(dir, name);
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=Test PKIoverheid CA');
  for (const name of ['server', 'client', 'other']) {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name === 'server' ? '127.0.0.1' : name}`);
    const ext = file(`${name}.ext`);
    execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${ext}`]);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '1', '-extfile', ext);
  }
}
const thumbprint = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

let h: EduvHarness;
beforeAll(async () => {
  makeCertificates();
  h = await startEduvHarness({ tls: { cert: readFileSync(file('server.pem'), 'utf8'), key: readFileSync(file('server.key'), 'utf8'), clientCa: readFileSync(file('ca.pem'), 'utf8') } });
});
afterAll(async () => h?.close());

async function post(query: string, token: string, clientCert?: 'client' | 'other') {
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
    const token = await h.token({ ...receiverA, cnf: { 'x5t#S256': thumbprint(readFileSync(file('client.pem'), 'utf8')) } });
    const body = await post(ORDERS, token, 'client');
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data?.orders)).toBe(true);
  });

  it.each([
    ['bound to another certificate', 'other' as const, 'client'],
    ['not bound at all', 'client' as const, undefined],
    ['no client certificate presented', undefined, 'client'],
  ])('refuses a token %s: TOKEN_NOT_CERTIFICATE_BOUND', async (_case, presented, boundTo) => {
    const cnf = boundTo ? { cnf: { 'x5t#S256': thumbprint(readFileSync(file(`${boundTo}.pem`), 'utf8')) } } : {};
    const body = await post(ORDERS, await h.token({ ...receiverA, ...cnf }), presented);
    expect(body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'TOKEN_NOT_CERTIFICATE_BOUND', rows: 1 });
  });

  it('class I needs no binding, also over mTLS', async () => {
    const body = await post(`{ catalogueProducts(first: 1) { items { id } } }`, await h.token(receiverA), 'client');
    expect(body.errors).toBeUndefined();
  });
});
