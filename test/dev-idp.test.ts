// The development IdP, over real HTTP, checked with the facade's own token verifier.
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createAuthConfig, type AccessTokenVerifier } from '../src/base/auth/index.ts';
import {
  DevIdpRefusedError,
  DevTokenRequestError,
  GRANT_TYPE_PERSONA,
  GRANT_TYPE_TOKEN_EXCHANGE,
  TOKEN_TYPE_ACCESS_TOKEN,
  UnknownPersonaError,
  startDevIdp,
  tokenRequest,
  type DevIdp,
  type DevIdpEndpoint,
} from '../src/dev/idp/index.ts';
import { PERSONAS } from '../src/dev/personas.ts';
import { startTestIssuer } from './support/token-issuer.ts';

const AUDIENCE = 'urn:nl:facade:api';

async function refusal(promise: Promise<unknown>): Promise<DevTokenRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DevTokenRequestError) return error;
    throw error;
  }
  throw new Error('expected the token request to be refused');
}

async function postForm(url: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('development IdP', () => {
  let idp: DevIdp;
  let verifier: AccessTokenVerifier;
  let endpoint: DevIdpEndpoint;

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0, audience: AUDIENCE });
    endpoint = { issuer: idp.issuer, tokenEndpoint: idp.tokenEndpoint, audience: AUDIENCE };
    verifier = createAccessTokenVerifier(
      createAuthConfig({ issuers: [{ issuer: idp.issuer, audience: AUDIENCE, jwksUrl: idp.jwksUrl }] }),
    );
  });
  afterAll(() => idp.close());

  it('publishes discovery metadata with its grants and private_key_jwt', async () => {
    const doc = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string[] | string>;
    expect(doc.issuer).toBe(idp.issuer);
    expect(doc.token_endpoint).toBe(idp.tokenEndpoint);
    expect(doc.jwks_uri).toBe(idp.jwksUrl);
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE]));
    expect(doc.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(await verifier.ready()).toBe(true);
  });

  describe('client credentials (private_key_jwt)', () => {
    it('issues an RFC 9068 token: sub = client_id, typ at+jwt', async () => {
      const token = await idp.tokenFor('saas-zaaksysteem');
      expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
      const p = await verifier.verify(token);
      expect(p).toMatchObject({ kind: 'client', subject: 'saas-zaaksysteem', clientId: 'saas-zaaksysteem', issuer: idp.issuer, roles: [] });
      expect(p.actor).toBeUndefined();
      expect(p.expiresAt - p.issuedAt).toBe(3600);
    });

    it("carries the Edu-V receiver's scopes and OIN", async () => {
      const p = await verifier.verify(await idp.tokenFor('eduv-leverancier-lvs'));
      expect(p).toMatchObject({ kind: 'client', clientId: 'lvs-uitgever', oin: '00000003876543210000' });
      expect(p.scopes.sort()).toEqual(['eduv.association', 'eduv.catalogue', 'eduv.education', 'eduv.order', 'eduv.student.basic']);
    });

    it('drops scopes outside the client registration', async () => {
      const token = await tokenRequest(endpoint, 'lvs-uitgever', {
        grant_type: 'client_credentials',
        resource: AUDIENCE,
        scope: 'eduv.student.basic eduv.admin',
      });
      expect((await verifier.verify(token)).scopes).toEqual(['eduv.student.basic']);
    });

    it('refuses a client assertion signed with another key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('procesapp')
        .setSubject('procesapp')
        .setAudience(idp.tokenEndpoint)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('60s')
        .sign(privateKey);
      const { status, body } = await postForm(idp.tokenEndpoint, {
        grant_type: 'client_credentials',
        client_id: 'procesapp',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      });
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('refuses a secret for a private_key_jwt client', async () => {
      const { status, body } = await postForm(idp.tokenEndpoint, {
        grant_type: 'client_credentials',
        client_id: 'procesapp',
        client_secret: 'guess',
      });
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('accepts client_secret_post only for dev-local, and only with its secret', async () => {
      const ok = await postForm(idp.tokenEndpoint, { grant_type: 'client_credentials', client_id: 'dev-local', client_secret: 'dev-local-secret' });
      expect(ok.status).toBe(200);
      expect(await verifier.verify(ok.body.access_token as string)).toMatchObject({ kind: 'client', clientId: 'dev-local', roles: [] });
      const wrong = await postForm(idp.tokenEndpoint, { grant_type: 'client_credentials', client_id: 'dev-local', client_secret: 'nope' });
      expect(wrong.status).toBe(401);
    });

    it('only issues tokens for the facade audience', async () => {
      const error = await refusal(tokenRequest(endpoint, 'procesapp', { grant_type: 'client_credentials', resource: 'urn:nl:other' }));
      expect(error.error).toBe('invalid_target');
    });
  });

  describe('user personas (dev-only persona grant)', () => {
    it.each([
      ['burgerzaken', 'medewerker-burgerzaken', ['burgerzaken']],
      ['wmo-consulent', 'medewerker-wmo', ['wmo-consulent']],
      ['parkeren', 'medewerker-parkeren', ['parkeren']],
      ['wmo-en-parkeren', 'medewerker-loket', ['wmo-en-parkeren']],
    ])('%s: employee %s of procesapp', async (persona, subject, roles) => {
      const p = await verifier.verify(await idp.tokenFor(persona));
      expect(p).toMatchObject({ kind: 'user', subject, clientId: 'procesapp', roles });
    });

    it('the Edu-V administrator carries acr substantial and the organisation', async () => {
      const p = await verifier.verify(await idp.tokenFor('eduv-applicatiebeheerder'));
      expect(p).toMatchObject({
        kind: 'user',
        subject: 'beheerder-110A133',
        clientId: 'eduv-beheer',
        roles: ['applicatiebeheerder:110A133'],
        acr: 'http://eidas.europa.eu/LoA/substantial',
        organisation: '110A133',
      });
    });

    it('refuses a persona asked for by another client than its own', async () => {
      const error = await refusal(tokenRequest(endpoint, 'procesapp', { grant_type: GRANT_TYPE_PERSONA, persona: 'eduv-applicatiebeheerder' }));
      expect(error.error).toBe('invalid_grant');
    });

    it('refuses the grant to a client not registered for it, and unknown personas', async () => {
      const unregistered = await refusal(tokenRequest(endpoint, 'saas-zaaksysteem', { grant_type: GRANT_TYPE_PERSONA, persona: 'wmo-consulent' }));
      expect(unregistered.status).toBe(400);
      const unknown = await refusal(tokenRequest(endpoint, 'procesapp', { grant_type: GRANT_TYPE_PERSONA, persona: 'directeur' }));
      expect(unknown.error).toBe('invalid_grant');
      await expect(idp.tokenFor('directeur')).rejects.toBeInstanceOf(UnknownPersonaError);
    });
  });

  describe('token exchange (RFC 8693)', () => {
    it('saas-zaaksysteem-wmo: employee as sub, the SaaS client as actor and client_id', async () => {
      const p = await verifier.verify(await idp.tokenFor('saas-zaaksysteem-wmo'));
      expect(p).toMatchObject({
        kind: 'delegated',
        subject: 'medewerker-wmo',
        clientId: 'saas-zaaksysteem',
        roles: ['wmo-consulent'],
        actor: { subject: 'saas-zaaksysteem', clientId: 'saas-zaaksysteem' },
      });
    });

    it('answers with issued_token_type, and never outlives the subject token', async () => {
      const subject = await idp.tokenFor('wmo-consulent');
      const { status, body } = await postForm(idp.tokenEndpoint, {
        grant_type: GRANT_TYPE_TOKEN_EXCHANGE,
        client_id: 'dev-local',
        client_secret: 'dev-local-secret',
        subject_token: subject,
        subject_token_type: TOKEN_TYPE_ACCESS_TOKEN,
      });
      // dev-local is not registered for token exchange.
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_request');

      const delegated = await idp.exchange(subject, 'saas-zaaksysteem');
      expect(decodeJwt(delegated).exp).toBeLessThanOrEqual(decodeJwt(subject).exp as number);
    });

    it('refuses an invalid subject token', async () => {
      const subject = await idp.tokenFor('wmo-consulent');
      const [h, p, s] = subject.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['burgerzaken'] })).toString('base64url')}.${s}`;
      for (const bad of ['not-a-token', tampered]) {
        const error = await refusal(idp.exchange(bad, 'saas-zaaksysteem'));
        expect(error.error).toBe('invalid_grant');
      }
    });

    it("refuses a token of another issuer, even a well-formed one", async () => {
      const other = await startTestIssuer({ audience: AUDIENCE });
      try {
        const foreign = await other.sign({ sub: 'medewerker-wmo', roles: ['wmo-consulent'] });
        expect((await refusal(idp.exchange(foreign, 'saas-zaaksysteem'))).error).toBe('invalid_grant');
      } finally {
        await other.close();
      }
    });

    it("refuses a client's own token as subject: no employee behind it", async () => {
      const clientToken = await idp.tokenFor('procesapp');
      expect((await refusal(idp.exchange(clientToken, 'saas-zaaksysteem'))).error).toBe('invalid_grant');
    });

    it('refuses a wrong subject_token_type', async () => {
      const subject = await idp.tokenFor('wmo-consulent');
      const error = await refusal(
        tokenRequest(endpoint, 'saas-zaaksysteem', {
          grant_type: GRANT_TYPE_TOKEN_EXCHANGE,
          subject_token: subject,
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        }),
      );
      expect(error.error).toBe('invalid_request');
    });
  });

  it('issues a token for every listed persona', async () => {
    for (const persona of PERSONAS) {
      await expect(verifier.verify(await idp.tokenFor(persona.name))).resolves.toMatchObject({ issuer: idp.issuer });
    }
  });
});

describe('development IdP, expiry of subject tokens', () => {
  it('refuses to exchange an expired subject token', async () => {
    const idp = await startDevIdp({ port: 0, audience: AUDIENCE, accessTokenTtlSeconds: 1 });
    try {
      const subject = await idp.tokenFor('wmo-consulent');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await refusal(idp.exchange(subject, 'saas-zaaksysteem'))).error).toBe('invalid_grant');
    } finally {
      await idp.close();
    }
  });
});

describe('development IdP start-up', () => {
  it('refuses to start with NODE_ENV=production', async () => {
    await expect(startDevIdp({ audience: AUDIENCE, env: { NODE_ENV: 'production' } })).rejects.toBeInstanceOf(DevIdpRefusedError);
  });

  it('refuses an audience that is not an absolute URI', async () => {
    await expect(startDevIdp({ audience: 'facade' })).rejects.toThrow(/absolute URI/);
  });

  it('refuses inconsistent persona data', async () => {
    await expect(
      startDevIdp({
        audience: AUDIENCE,
        personas: [{ name: 'x', kind: 'user', description: 'x', subject: 'x', clientId: 'saas-zaaksysteem', roles: [] }],
      }),
    ).rejects.toThrow(/not registered for the persona grant/);
  });
});
