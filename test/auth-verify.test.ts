// Token verification (phase 2) against real tokens from a real HTTP JWKS.
import { generateKeyPair } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  authConfigFromEnv,
  createAccessTokenVerifier,
  createAuthConfig,
  type AccessTokenVerifier,
  type AuthErrorCode,
} from '../src/base/auth/index.ts';
import { startTestIssuer, type TestIssuer } from './support/token-issuer.ts';

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

async function expectRefused(promise: Promise<unknown>, code: AuthErrorCode): Promise<void> {
  const error = await refusal(promise);
  expect(error.code).toBe(code);
}

const now = () => Math.floor(Date.now() / 1000);

describe('access token verifier', () => {
  let idp: TestIssuer;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    idp = await startTestIssuer();
    verifier = createAccessTokenVerifier(
      createAuthConfig({
        issuers: [{ issuer: idp.issuer, audience: idp.audience, jwksUrl: idp.jwksUrl }],
      }),
    );
  });
  afterAll(() => idp.close());

  describe('accepts', () => {
    it('a user token: employee subject, roles, client of the process app', async () => {
      const token = await idp.sign({ sub: 'medewerker-wmo', client_id: 'procesapp', roles: ['wmo-consulent'], acr: 'urn:acr:substantial' });
      const p = await verifier.verify(token);
      expect(p).toMatchObject({
        kind: 'user',
        subject: 'medewerker-wmo',
        clientId: 'procesapp',
        issuer: idp.issuer,
        roles: ['wmo-consulent'],
        scopes: [],
        acr: 'urn:acr:substantial',
      });
      expect(p.actor).toBeUndefined();
      expect(typeof p.tokenId).toBe('string');
      expect(p.expiresAt).toBeGreaterThan(p.issuedAt);
    });

    it('a client-credentials token: sub equals the client id', async () => {
      const token = await idp.sign({
        sub: 'lvs-uitgever',
        client_id: 'lvs-uitgever',
        scope: 'eduv.student.basic  eduv.education',
        oin: '00000003123456780000',
        cnf: { 'x5t#S256': 'thumb' },
      });
      const p = await verifier.verify(token);
      expect(p).toMatchObject({
        kind: 'client',
        subject: 'lvs-uitgever',
        clientId: 'lvs-uitgever',
        scopes: ['eduv.student.basic', 'eduv.education'],
        oin: '00000003123456780000',
        certificateThumbprint: 'thumb',
      });
    });

    it('a delegated token (RFC 8693 act)', async () => {
      const token = await idp.sign({
        sub: 'medewerker-wmo',
        client_id: 'saas-zaaksysteem',
        roles: ['wmo-consulent'],
        act: { sub: 'saas-zaaksysteem', client_id: 'saas-zaaksysteem' },
      });
      const p = await verifier.verify(token);
      expect(p).toMatchObject({
        kind: 'delegated',
        subject: 'medewerker-wmo',
        clientId: 'saas-zaaksysteem',
        roles: ['wmo-consulent'],
        actor: { subject: 'saas-zaaksysteem', clientId: 'saas-zaaksysteem' },
      });
    });

    it('azp when client_id is absent; scp as an array; organisation from org', async () => {
      const token = await idp.sign({ azp: 'eduv-beheer', scp: ['a', 'b'], org: '110A133' }, { omit: ['client_id'] });
      expect(await verifier.verify(token)).toMatchObject({ clientId: 'eduv-beheer', scopes: ['a', 'b'], organisation: '110A133' });
    });

    it('PS256 and ES256, and typ application/at+jwt', async () => {
      await expect(verifier.verify(await idp.sign({}, { alg: 'PS256' }))).resolves.toMatchObject({ kind: 'user' });
      await expect(verifier.verify(await idp.sign({}, { alg: 'ES256' }))).resolves.toMatchObject({ kind: 'user' });
      await expect(verifier.verify(await idp.sign({}, { typ: 'application/at+jwt' }))).resolves.toMatchObject({ kind: 'user' });
    });

    it('an audience array that contains the audience', async () => {
      const token = await idp.sign({ aud: ['urn:other', idp.audience] });
      await expect(verifier.verify(token)).resolves.toBeDefined();
    });

    it('a token expired less than the clock tolerance ago', async () => {
      const token = await idp.sign({ iat: now() - 100, exp: now() - 10 });
      await expect(verifier.verify(token)).resolves.toBeDefined();
    });

    it('fetches the JWKS once and then uses the cache', async () => {
      const before = idp.jwksFetches();
      for (let i = 0; i < 3; i += 1) await verifier.verify(await idp.sign());
      expect(idp.jwksFetches()).toBe(before);
    });
  });

  describe('refuses', () => {
    it('a bad signature (another key with the same kid)', async () => {
      const foreign = await generateKeyPair('RS256');
      await expectRefused(verifier.verify(await idp.sign({}, { key: foreign.privateKey })), 'SIGNATURE_INVALID');
    });

    it('a token whose payload was altered after signing', async () => {
      const [h, , s] = (await idp.sign({ roles: ['wmo-consulent'] })).split('.');
      const forged = Buffer.from(JSON.stringify({
        iss: idp.issuer, aud: idp.audience, sub: 'x', client_id: 'c', jti: 'j', iat: now(), exp: now() + 60, roles: ['burgerzaken'],
      })).toString('base64url');
      await expectRefused(verifier.verify(`${h}.${forged}.${s}`), 'SIGNATURE_INVALID');
    });

    it('alg none', async () => {
      await expectRefused(verifier.verify(await idp.sign({}, { alg: 'none' })), 'ALGORITHM_NOT_ALLOWED');
    });

    it('HS256 signed with the RSA public key as the HMAC secret', async () => {
      const token = await idp.sign({}, { alg: 'HS256', key: new TextEncoder().encode(idp.rsaPublicKeyPem) });
      await expectRefused(verifier.verify(token), 'ALGORITHM_NOT_ALLOWED');
    });

    it('an untrusted issuer', async () => {
      await expectRefused(verifier.verify(await idp.sign({ iss: 'https://evil.example' })), 'ISSUER_NOT_TRUSTED');
    });

    it('a wrong audience', async () => {
      await expectRefused(verifier.verify(await idp.sign({ aud: 'urn:nl:other-api' })), 'AUDIENCE_MISMATCH');
    });

    it('an expired token', async () => {
      await expectRefused(verifier.verify(await idp.sign({ iat: now() - 600, exp: now() - 120 })), 'TOKEN_EXPIRED');
    });

    it('a token with nbf in the future', async () => {
      await expectRefused(verifier.verify(await idp.sign({ nbf: now() + 300 })), 'TOKEN_NOT_YET_VALID');
    });

    it('a token issued in the future', async () => {
      await expectRefused(verifier.verify(await idp.sign({ iat: now() + 300, exp: now() + 600 })), 'TOKEN_ISSUED_IN_FUTURE');
    });

    it('a token without jti', async () => {
      await expectRefused(verifier.verify(await idp.sign({}, { omit: ['jti'] })), 'CLAIM_MISSING');
    });

    it.each(['sub', 'exp', 'iat'])('a token without %s', async (claim) => {
      await expectRefused(verifier.verify(await idp.sign({}, { omit: [claim] })), 'CLAIM_MISSING');
    });

    it('a token without client_id and azp, or with two different ones', async () => {
      await expectRefused(verifier.verify(await idp.sign({}, { omit: ['client_id'] })), 'CLIENT_ID_MISSING');
      await expectRefused(verifier.verify(await idp.sign({ azp: 'other' })), 'CLIENT_ID_MISMATCH');
    });

    it('an ID token (typ JWT) and a token without typ', async () => {
      await expectRefused(verifier.verify(await idp.sign({}, { typ: 'JWT' })), 'TOKEN_TYPE_NOT_ACCESS_TOKEN');
      await expectRefused(verifier.verify(await idp.sign({}, { typ: null })), 'TOKEN_TYPE_NOT_ACCESS_TOKEN');
    });

    it('an unknown kid, and no kid', async () => {
      await expectRefused(verifier.verify(await idp.sign({}, { kid: 'unknown-kid' })), 'KEY_NOT_FOUND');
      await expectRefused(verifier.verify(await idp.sign({}, { kid: null })), 'KEY_ID_MISSING');
    });

    it('garbage and encrypted tokens', async () => {
      await expectRefused(verifier.verify('not-a-token'), 'TOKEN_MALFORMED');
      await expectRefused(verifier.verify('a.b.c.d.e'), 'TOKEN_MALFORMED');
      await expectRefused(verifier.verify('e30.bm90IGpzb24.c2ln'), 'TOKEN_MALFORMED');
    });

    it('malformed act and roles claims', async () => {
      await expectRefused(verifier.verify(await idp.sign({ act: 'saas' })), 'CLAIM_INVALID');
      await expectRefused(verifier.verify(await idp.sign({ roles: [1, 2] })), 'CLAIM_INVALID');
    });

    it('the error message never contains the token', async () => {
      const token = await idp.sign({ aud: 'urn:wrong' });
      const error = await refusal(verifier.verify(token));
      expect(error.message).not.toContain(token);
      expect(error.message).not.toContain(token.split('.')[2]);
    });
  });

  describe('maximum token age (per call)', () => {
    it('refuses a token older than the maximum, accepts it without the option', async () => {
      const token = await idp.sign({ iat: now() - 600, exp: now() + 600 });
      await expectRefused(verifier.verify(token, { maxTokenAgeSeconds: 300 }), 'TOKEN_TOO_OLD');
      await expect(verifier.verify(token)).resolves.toBeDefined();
    });

    it('accepts a fresh token', async () => {
      await expect(verifier.verify(await idp.sign(), { maxTokenAgeSeconds: 60 })).resolves.toBeDefined();
    });
  });
});

describe('roles claim path', () => {
  it("reads Keycloak's realm_access.roles", async () => {
    const idp = await startTestIssuer();
    try {
      const verifier = createAccessTokenVerifier(
        authConfigFromEnv({
          AUTH_ISSUER: idp.issuer,
          AUTH_JWKS_URL: idp.jwksUrl,
          AUTH_AUDIENCE: idp.audience,
          ROLES_CLAIM: 'realm_access.roles',
        }),
      );
      const token = await idp.sign({
        azp: 'procesapp',
        realm_access: { roles: ['burgerzaken', 'offline_access'] },
        roles: ['ignored'],
      }, { omit: ['client_id'] });
      expect((await verifier.verify(token)).roles).toEqual(['burgerzaken', 'offline_access']);
      // A token without the claim simply has no roles.
      expect((await verifier.verify(await idp.sign({ azp: 'test-client' }))).roles).toEqual([]);
    } finally {
      await idp.close();
    }
  });
});

describe('several trusted issuers', () => {
  let a: TestIssuer;
  let b: TestIssuer;
  let c: TestIssuer;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([
      startTestIssuer({ audience: 'urn:nl:facade:api' }),
      startTestIssuer({ audience: 'urn:nl:facade:eduv' }),
      startTestIssuer(),
    ]);
    verifier = createAccessTokenVerifier(
      authConfigFromEnv({
        AUTH_ISSUER: `${a.issuer}, ${b.issuer}`,
        AUTH_JWKS_URL: `${a.jwksUrl},${b.jwksUrl}`,
        AUTH_AUDIENCE: 'urn:nl:facade:api,urn:nl:facade:eduv',
      }),
    );
  });
  afterAll(() => Promise.all([a.close(), b.close(), c.close()]));

  it('accepts tokens of each, with that issuer audience', async () => {
    expect((await verifier.verify(await a.sign())).issuer).toBe(a.issuer);
    expect((await verifier.verify(await b.sign())).issuer).toBe(b.issuer);
    await expectRefused(verifier.verify(await b.sign({ aud: 'urn:nl:facade:api' })), 'AUDIENCE_MISMATCH');
  });

  it('refuses a third issuer', async () => {
    await expectRefused(verifier.verify(await c.sign()), 'ISSUER_NOT_TRUSTED');
  });

  it("refuses a token claiming one trusted issuer but signed with another's key", async () => {
    // Same kid names in both key sets: only the signature tells them apart.
    await expectRefused(verifier.verify(await b.sign({ iss: a.issuer, aud: 'urn:nl:facade:api' })), 'SIGNATURE_INVALID');
  });

  it('is ready when every JWKS is reachable, not when one is down', async () => {
    const fresh = () =>
      createAccessTokenVerifier(
        createAuthConfig({
          issuers: [
            { issuer: a.issuer, audience: 'x', jwksUrl: a.jwksUrl },
            { issuer: c.issuer, audience: 'x', jwksUrl: c.jwksUrl },
          ],
        }),
      );
    expect(await fresh().ready()).toBe(true);
    c.setJwksAvailable(false);
    try {
      expect(await fresh().ready()).toBe(false);
    } finally {
      c.setJwksAvailable(true);
    }
  });
});

describe('JWKS unavailable', () => {
  it('is a transient JWKS_UNAVAILABLE, not a bad token', async () => {
    const idp = await startTestIssuer();
    try {
      idp.setJwksAvailable(false);
      const verifier = createAccessTokenVerifier(
        createAuthConfig({ issuers: [{ issuer: idp.issuer, audience: idp.audience, jwksUrl: idp.jwksUrl }] }),
      );
      const error = await refusal(verifier.verify(await idp.sign()));
      expect(error.code).toBe('JWKS_UNAVAILABLE');
      expect(error.transient).toBe(true);
      expect(await verifier.ready()).toBe(false);
    } finally {
      await idp.close();
    }
  });
});

describe('JWKS file', () => {
  it('verifies without any HTTP request, even with the issuer offline', async () => {
    const idp = await startTestIssuer();
    const dir = mkdtempSync(join(tmpdir(), 'auth-jwks-'));
    try {
      const file = join(dir, 'jwks.json');
      writeFileSync(file, JSON.stringify(idp.jwks));
      const verifier = createAccessTokenVerifier(
        authConfigFromEnv({ AUTH_ISSUER: idp.issuer, AUTH_JWKS_FILE: file, AUTH_AUDIENCE: idp.audience }),
      );
      const token = await idp.sign({ roles: ['parkeren'] });
      await idp.close();
      expect(await verifier.ready()).toBe(true);
      expect((await verifier.verify(token)).roles).toEqual(['parkeren']);
      expect(idp.jwksFetches()).toBe(0);
      await expectRefused(verifier.verify(await idp.sign({}, { kid: 'other' })), 'KEY_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
