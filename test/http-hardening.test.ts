// What an insider with a valid token tried against the gateway, each through HTTP:
// slow senders, shared persisted queries, suggestions, missing security headers,
// CORS, tokens that live for ever, and an actor recorded under another name than
// the one that was authorised.
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const burgerzaken = { sub: 'medewerker-burgerzaken', client_id: 'procesapp', roles: ['burgerzaken'] };
const FRONT_END = 'https://zaken.gemeente.example';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ facade: { httpTimeouts: { headersMs: 400, requestMs: 400, keepAliveMs: 400 }, corsOrigins: [FRONT_END] } });
});
afterAll(async () => h?.close());

/** Opens a raw connection and sends `head` (and nothing more); resolves when the server closes it. */
async function heldConnection(head: string): Promise<{ closed: boolean; answer: string }> {
  const { port } = new URL(h.facade.url);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.write(head);
  await once(socket, 'close');
  return { closed: true, answer };
}

describe('slow senders are cut by the configured timeouts', () => {
  it('a body that never arrives (Content-Length larger than what is sent)', async () => {
    const result = await heldConnection('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":');
    expect(result.closed).toBe(true);
    expect(result.answer === '' || /^HTTP\/1\.1 408/.test(result.answer)).toBe(true);
  });

  it('headers that never end', async () => {
    const result = await heldConnection('POST /graphql HTTP/1.1\r\nhost: x\r\nx-slow: ');
    expect(result.closed).toBe(true);
  });
});

describe('no shared state between callers, no hints beyond the purpose', () => {
  it('automatic persisted queries are off: nobody learns which queries others ran', async () => {
    const res = await fetch(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(burgerzaken)}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('validation errors suggest no field names, also with introspection on', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { nationaliteit } }`, { token: await h.token({ sub: 'medewerker-wmo', roles: ['wmo-consulent'] }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).not.toMatch(/Did you mean/);
  });
});

describe('security headers and CORS', () => {
  it('every response carries the security headers of an API', async () => {
    for (const response of [await fetch(`${h.facade.url}/health/live`), await fetch(`${h.facade.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a listed origin gets its preflight answered and its responses allowed; any other gets nothing', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.facade.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const listed = await preflight(FRONT_END);
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(listed.headers.get('access-control-allow-headers')).toContain('x-doelbinding');
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${h.facade.url}/graphql`, {
      method: 'POST',
      headers: { origin: FRONT_END, 'content-type': 'application/json', authorization: `Bearer ${await h.token(burgerzaken)}` },
      body: JSON.stringify({ query: '{ facadeVersion }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(FRONT_END);
  });
});

describe('tokens and actors', () => {
  it('a token made to live (almost) for ever is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const exp of [1e308, now + 3 * 3600]) {
      const token = await h.issuer.sign({ ...burgerzaken, iat: now, exp });
      const res = await h.query('{ facadeVersion }', { token });
      expect(res.status, String(exp)).toBe(401);
    }
    const fine = await h.issuer.sign({ ...burgerzaken, iat: now, exp: now + 3600 });
    expect((await h.query('{ facadeVersion }', { token: fine })).status).toBe(200);
  });

  it('the actor is authorised and recorded by the same identity, and earlier actors are recorded too', async () => {
    const rec = h.protocol as RecordingProtocol;
    // act.client_id names the SaaS client; act.sub is something else: the client id decides, and is what is recorded.
    const token = await h.token({
      sub: 'medewerker-wmo',
      client_id: 'saas-zaaksysteem',
      roles: ['wmo-consulent'],
      act: { sub: 'service-account-17', client_id: 'saas-zaaksysteem', act: { sub: 'gateway-a', act: { sub: 'portal-b' } } },
    });
    const res = await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token });
    expect(res.body.errors).toBeUndefined();
    expect(rec.access.at(-1)?.principal).toMatchObject({ kind: 'delegated', subject: 'medewerker-wmo', clientId: 'saas-zaaksysteem', actor: 'saas-zaaksysteem', actorChain: ['gateway-a', 'portal-b'] });
    // An actor that is not the registered client itself grants nothing, whatever its sub says.
    const other = await h.token({ sub: 'medewerker-wmo', client_id: 'saas-zaaksysteem', roles: ['wmo-consulent'], act: { sub: 'saas-zaaksysteem', client_id: 'someone-else' } });
    const refused = await h.query(`{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`, { token: other });
    expect(refused.body.data?.persoon ?? null).toBeNull();
  });
});

describe('trusted documents and fresh tokens', () => {
  const ALLOWED = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';
  let t: Harness;
  beforeAll(async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const { parsePolicy } = await import('../rules/policy.ts');
    const hash = createHash('sha256').update(ALLOWED).digest('hex');
    const policy = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('    processingActivity: VA-WMO-003\n', '    processingActivity: VA-WMO-003\n    maxTokenAgeSeconds: 600\n'));
    t = await startHarness({ facade: { policy, trustedDocuments: new Map([['procesapp', new Set([hash])]]) } });
  });
  afterAll(async () => t?.close());

  it('only registered documents run; any other operation is refused before it is parsed', async () => {
    const token = await t.token(burgerzaken);
    expect((await t.query(ALLOWED, { token })).body.errors).toBeUndefined();
    t.mock.clearRequests();
    const other = await t.query('{ persoon(burgerservicenummer: "999993653") { naam { voornamen geslachtsnaam } } }', { token });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DOCUMENT_NOT_TRUSTED' });
    expect(t.mock.requests).toHaveLength(0);
  });

  it('a purpose may ask for a recently issued token for BRP requests', async () => {
    const now = Math.floor(Date.now() / 1000);
    const wmoClaims = { sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'] };
    const stale = await t.issuer.sign({ ...wmoClaims, iat: now - 900, exp: now + 900 });
    const res = await t.query(ALLOWED, { token: stale });
    expect(res.body.data?.persoon ?? null).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TOKEN_TOO_OLD' });
    const fresh = await t.issuer.sign({ ...wmoClaims, iat: now - 60, exp: now + 900 });
    expect((await t.query(ALLOWED, { token: fresh })).body.errors).toBeUndefined();
  });
});

describe('trusted documents are checked before parsing', () => {
  it('an untrusted document that is not even valid gets the same refusal, naming no field', async () => {
    const { createHash } = await import('node:crypto');
    const t = await startHarness({ facade: { trustedDocuments: new Map([['procesapp', new Set([createHash('sha256').update('{ facadeVersion }').digest('hex')])]]) } });
    try {
      const token = await t.token(burgerzaken);
      expect((await t.query('{ facadeVersion }', { token })).status).toBe(200);
      for (const query of ['{ persoon(burgerservicenummer: "999993653") { nope } }', '{ this is not graphql']) {
        const res = await t.query(query, { token });
        expect(res.status).toBe(403);
        expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DOCUMENT_NOT_TRUSTED' });
        expect(JSON.stringify(res.body)).not.toMatch(/nope|Cannot query|Syntax/);
      }
      expect((t.protocol as RecordingProtocol).access.at(-1)).toMatchObject({ outcome: 'denied', reason: 'DOCUMENT_NOT_TRUSTED' });
    } finally {
      await t.close();
    }
  });
});
