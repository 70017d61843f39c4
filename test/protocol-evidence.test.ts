// The access record as evidence of the token behind a request: its issuer, id, times, acr, the
// roles that granted the purpose, its scopes and the SHA-256 of the token as presented — hashed
// into the chain like the rest, so that changing any of it breaks verification.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { verify } from '../src/engine/protocol/verify.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { asDba, backends, type TestStore } from './support/store.ts';

const Q = '{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }';

describe('token evidence in the access record', () => {
  let t: TestStore;
  let log: ProtocolLog;
  let h: Harness;
  beforeAll(async () => {
    t = await backends.pglite.open();
    log = await createProtocolLog(t.store, { instanceId: 'evidence' });
    h = await startHarness({ protocol: log, protocolReady: () => log.ready() });
  });
  afterAll(async () => {
    await h?.close();
    await log?.close();
    await t?.close();
  });

  const accessOf = async (traceId: string) =>
    (await t.store.query<Record<string, unknown>>('SELECT * FROM protocol_access WHERE trace_id = $1', [traceId])).rows[0];

  it('keeps what the IdP said and which of its roles granted the purpose, with the token\'s hash', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await h.token({ sub: 'medewerker-evidence', roles: ['wmo-consulent', 'a-role-the-policy-does-not-know'], acr: 'http://eidas.europa.eu/LoA/substantial', scope: 'brp.read', iat: now, exp: now + 300 });
    const res = await h.query(Q, { token });
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
    const row = await accessOf(res.headers.get('traceresponse')!.split('-')[1]);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string; iss: string };
    expect(row).toMatchObject({
      token_issuer: claims.iss,
      token_id: claims.jti,
      token_acr: 'http://eidas.europa.eu/LoA/substantial',
      token_roles: ['wmo-consulent'],
      token_scopes: ['brp.read'],
      token_sha256: createHash('sha256').update(token).digest('hex'),
      purpose: 'wmo-aanvraag',
    });
    expect(Number(row.token_issued_at)).toBe(now);
    expect(Number(row.token_expires_at)).toBe(now + 300);
    expect((await verify(t.store)).ok).toBe(true);
  });

  it('a refused request keeps the token\'s evidence too; a request without a valid token keeps none', async () => {
    const token = await h.token({ roles: ['parkeren'], client_id: 'unregistered-app' });
    const refused = await h.query(Q, { token });
    expect(refused.status).toBe(403);
    const row = await accessOf(refused.headers.get('traceresponse')!.split('-')[1]);
    expect(row).toMatchObject({ outcome: 'denied', reason: 'CLIENT_NOT_REGISTERED', token_sha256: createHash('sha256').update(token).digest('hex'), token_roles: [] });
    const anonymous = await h.query(Q, { token: null });
    expect(anonymous.status).toBe(401);
    expect(await accessOf(anonymous.headers.get('traceresponse')!.split('-')[1])).toMatchObject({ token_sha256: null, token_issuer: null });
  });

  it('is part of the hashed record: changing the kept token hash breaks the chain', async () => {
    const res = await h.query(Q, { token: await h.token({ roles: ['wmo-consulent'] }) });
    const traceId = res.headers.get('traceresponse')!.split('-')[1];
    await asDba(t.store, (tx) => tx.query("UPDATE protocol_access SET token_sha256 = repeat('0', 64) WHERE trace_id = $1", [traceId]));
    const result = await verify(t.store);
    expect(result.ok).toBe(false);
    expect(result.breaks[0]).toMatchObject({ kind: 'hash_mismatch' });
  });
});
