// Edu-V behind an ingress that terminates TLS: the ingress (here a small
// TLS-terminating proxy of the test's own, as ingress-nginx with
// `auth-tls-pass-certificate-to-upstream` does it) verifies the client
// certificate and forwards it URL-encoded in `ssl-client-cert`. The facade
// believes that header only from TRUSTED_PROXIES, verifies the certificate
// against TLS_CLIENT_CA_FILE itself, and serves classes III and IV only to a
// token bound to it (EDUV_CERTIFICATE_BINDING=required, the production default).
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificateBundle } from '../src/base/http/verify-certificate.ts';
import { trustedProxies } from '../src/pipeline/1-http/trusted-proxies.ts';
import { receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.ts';

/** The ingress's address towards the facade: another loopback address than the test's own (127.0.0.1). */
const INGRESS_ADDRESS = '127.0.0.2';
const STUDENTS = `{ students(onderwijsaanbieder: "110A133") { items { userMasterIdentifier givenName } } }`;
const CATALOGUE = `{ catalogueProducts(first: 1) { items { id } } }`;
const NOT_BOUND = { code: 'FORBIDDEN', reason: 'TOKEN_NOT_CERTIFICATE_BOUND', rows: 1 };

type Body = { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: Record<string, unknown> }> };

let certs: TestCertificates;
let h: EduvHarness;
let ingress: Server;
let ingressUrl: string;

/** An HTTP request from the ingress's address (node:http binds `localAddress`; undici's Agent does not). */
function fromIngress(url: string, init: { method: string; headers: Record<string, string | string[]>; body: Buffer }): Promise<{ status: number; contentType: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: { ...init.headers, 'content-length': String(init.body.length) }, localAddress: INGRESS_ADDRESS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? 'application/json'), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A TLS-terminating proxy: client certificates optional, verified against the CA; the header always its own. */
function startIngress(upstream: string): Promise<Server> {
  const server = createHttpsServer({ cert: certs.pem('server'), key: readFileSync(certs.file('server.key')), ca: certs.pem('ca'), requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const socket = req.socket as TLSSocket;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        // What a client sends in the certificate header never passes: ingress-nginx sets it itself.
        if (typeof value === 'string' && !['host', 'connection', 'content-length', 'ssl-client-cert'].includes(name)) headers[name] = value;
      }
      const peer = socket.getPeerCertificate();
      if (socket.authorized && peer.raw) headers['ssl-client-cert'] = encodeURIComponent(new X509Certificate(peer.raw).toString());
      fromIngress(`${upstream}${req.url}`, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) })
        .then((answer) => {
          res.writeHead(answer.status, { 'content-type': answer.contentType });
          res.end(answer.body);
        })
        .catch(() => {
          res.writeHead(502).end();
        });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  certs = makeTestCertificates();
  h = await startEduvHarness({
    certificateBinding: 'required',
    forwardedCertificate: { header: 'ssl-client-cert', format: 'pem', trustedProxies: trustedProxies([`${INGRESS_ADDRESS}/32`]), anchors: readCertificateBundle(certs.pem('ca')) },
  });
  ingress = await startIngress(h.facade.url);
  ingressUrl = `https://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => ingress?.close(resolve));
  await h?.close();
});

async function post(url: string, query: string, token: string, options: { clientCert?: string; headers?: Record<string, string | string[]>; viaIngressAddress?: boolean } = {}): Promise<Body> {
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...options.headers };
  if (options.viaIngressAddress) {
    return JSON.parse((await fromIngress(`${url}/graphql`, { method: 'POST', headers, body: Buffer.from(JSON.stringify({ query })) })).body.toString('utf8')) as Body;
  }
  const dispatcher = new Agent({
      connect: { ca: certs.pem('ca'), ...(options.clientCert ? { cert: certs.pem(options.clientCert), key: readFileSync(certs.file(`${options.clientCert}.key`)) } : {}) },
    });
  try {
    const res = await request(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
      dispatcher,
    });
    return (await res.body.json()) as Body;
  } finally {
    await dispatcher.close();
  }
}

const boundTo = (name: string) => h.token({ ...receiverA, scope: `${receiverA.scope}`, cnf: { 'x5t#S256': certs.thumbprint(name) } });

describe('through a TLS-terminating ingress that forwards the client certificate', () => {
  it('a token bound to the presented certificate gets class IV data', async () => {
    const body = await post(ingressUrl, STUDENTS, await boundTo('client'), { clientCert: 'client' });
    expect(body.errors).toBeUndefined();
    const items = (body.data?.students as { items: Array<{ userMasterIdentifier: string }> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items[0].userMasterIdentifier).toMatch(/\S/);
  });

  it.each([
    ['a token not bound at all, certificate presented', undefined, 'client'],
    ['a token bound to another certificate', 'other', 'client'],
    ['a bound token without its certificate', 'client', undefined],
    ['a token not bound, no certificate', undefined, undefined],
  ])('refuses %s: TOKEN_NOT_CERTIFICATE_BOUND, nothing fetched', async (_case, bound, presented) => {
    h.eduvMock.clearRequests();
    const token = bound ? await boundTo(bound) : await h.token(receiverA);
    const body = await post(ingressUrl, STUDENTS, token, { clientCert: presented });
    expect(body.data?.students ?? null).toBeNull();
    expect(body.errors?.[0].extensions).toEqual(NOT_BOUND);
    expect(h.eduvMock.requests).toHaveLength(0);
  });

  it('class I needs no certificate', async () => {
    expect((await post(ingressUrl, CATALOGUE, await h.token(receiverA))).errors).toBeUndefined();
  });
});

describe('the header from anyone but the trusted proxy', () => {
  it('is ignored from an address outside TRUSTED_PROXIES, even with the right certificate in it', async () => {
    // A certificate is public: anyone can copy it into the header. Only the proxy's word counts.
    const body = await post(h.facade.url, STUDENTS, await boundTo('client'), { headers: { 'ssl-client-cert': encodeURIComponent(certs.pem('client')) } });
    expect(body.errors?.[0].extensions).toEqual(NOT_BOUND);
  });

  it('a forged value from the trusted address fails verification: another CA, garbage, two headers', async () => {
    const forged = await post(h.facade.url, STUDENTS, await boundTo('rogue-client'), {
      headers: { 'ssl-client-cert': encodeURIComponent(certs.pem('rogue-client')) },
      viaIngressAddress: true,
    });
    expect(forged.errors?.[0].extensions).toEqual(NOT_BOUND);
    const garbage = await post(h.facade.url, STUDENTS, await h.token(receiverA), { headers: { 'ssl-client-cert': 'MIIB-not-a-certificate' }, viaIngressAddress: true });
    expect(garbage.errors?.[0].extensions).toEqual(NOT_BOUND);
    const genuine = encodeURIComponent(certs.pem('client'));
    const twice = await post(h.facade.url, STUDENTS, await boundTo('client'), { headers: { 'ssl-client-cert': [genuine, genuine] }, viaIngressAddress: true });
    expect(twice.errors?.[0].extensions).toEqual(NOT_BOUND);
    // Class I does not look at certificates: a broken header does not break it.
    expect((await post(h.facade.url, CATALOGUE, await h.token(receiverA), { headers: { 'ssl-client-cert': 'garbage' }, viaIngressAddress: true })).errors).toBeUndefined();
  });

  it('the trusted address with the genuine header is the ingress: served', async () => {
    const body = await post(h.facade.url, STUDENTS, await boundTo('client'), { headers: { 'ssl-client-cert': encodeURIComponent(certs.pem('client')) }, viaIngressAddress: true });
    expect(body.errors).toBeUndefined();
  });
});

describe('behind Envoy (x-forwarded-client-cert)', () => {
  let envoy: EduvHarness;
  beforeAll(async () => {
    envoy = await startEduvHarness({
      certificateBinding: 'required',
      forwardedCertificate: { header: 'x-forwarded-client-cert', format: 'xfcc', trustedProxies: trustedProxies([INGRESS_ADDRESS]), anchors: readCertificateBundle(certs.pem('ca')) },
    });
  });
  afterAll(async () => envoy?.close());

  it('takes the certificate of the nearest hop\'s element', async () => {
    const xfcc = (name: string) => `By=spiffe://cluster.local/ns/edu/sa/facade;Hash=0;Cert="${encodeURIComponent(certs.pem(name))}";Subject="CN=${name}"`;
    const token = await envoy.token({ ...receiverA, cnf: { 'x5t#S256': certs.thumbprint('client') } });
    const served = await post(envoy.facade.url, STUDENTS, token, { headers: { 'x-forwarded-client-cert': xfcc('client') }, viaIngressAddress: true });
    expect(served.errors).toBeUndefined();
    // An element a client smuggled in before the proxy's own does not count.
    const smuggled = await post(envoy.facade.url, STUDENTS, token, { headers: { 'x-forwarded-client-cert': `${xfcc('client')},${xfcc('other')}` }, viaIngressAddress: true });
    expect(smuggled.errors?.[0].extensions).toEqual(NOT_BOUND);
  });
});
