// AUTH_* configuration: a bad or missing value stops start-up with one line naming the variable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authConfigFromEnv, createAccessTokenVerifier, createAuthConfig } from '../src/base/auth/index.ts';
import { ConfigError } from '../src/base/config/env.ts';

const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const publicKey = { kty: 'EC', crv: 'P-256', kid: 'k1', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
function jwksFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const base = { AUTH_ISSUER: 'https://idp.example/realms/gemeente', AUTH_JWKS_URL: 'https://idp.example/realms/gemeente/certs', AUTH_AUDIENCE: 'urn:nl:facade:api' };

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    authConfigFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('authConfigFromEnv', () => {
  it('reads one issuer with defaults', () => {
    expect(authConfigFromEnv(base)).toEqual({
      issuers: [{ issuer: base.AUTH_ISSUER, audience: 'urn:nl:facade:api', jwksUrl: base.AUTH_JWKS_URL }],
      // ROLES_CLAIM unset: each issuer's profile says where its roles are.
      rolesClaim: undefined,
      clockToleranceSeconds: 30,
    });
  });

  it('reads several issuers, positionally, with a URL for one and a file for the other', () => {
    const file = jwksFile('b.json', { keys: [publicKey] });
    const config = authConfigFromEnv({
      AUTH_ISSUER: 'https://a.example, https://b.example',
      AUTH_JWKS_URL: 'https://a.example/jwks,',
      AUTH_JWKS_FILE: `,${file}`,
      AUTH_AUDIENCE: 'urn:a,urn:b',
      ROLES_CLAIM: 'realm_access.roles',
      AUTH_CLOCK_TOLERANCE_SECONDS: '60',
    });
    expect(config.issuers).toEqual([
      { issuer: 'https://a.example', audience: 'urn:a', jwksUrl: 'https://a.example/jwks' },
      { issuer: 'https://b.example', audience: 'urn:b', jwksFile: file },
    ]);
    expect(config.rolesClaim).toBe('realm_access.roles');
    expect(config.clockToleranceSeconds).toBe(60);
  });

  it.each([
    [{ ...base, AUTH_ISSUER: '' }, 'AUTH_ISSUER'],
    [{ ...base, AUTH_JWKS_URL: undefined }, 'AUTH_JWKS_URL'],
    [{ ...base, AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL'],
    [{ ...base, AUTH_JWKS_URL: 'ftp://idp.example/certs' }, 'AUTH_JWKS_URL'],
    [{ ...base, AUTH_ISSUER: 'https://a,https://b' }, 'AUTH_JWKS_URL'],
    [{ ...base, AUTH_AUDIENCE: '' }, 'AUTH_AUDIENCE'],
    [{ ...base, AUTH_ISSUER: 'https://a,https://b,https://c', AUTH_JWKS_URL: 'https://a/j,https://b/j,https://c/j', AUTH_AUDIENCE: 'a,b' }, 'AUTH_AUDIENCE'],
    [{ ...base, AUTH_CLOCK_TOLERANCE_SECONDS: '61' }, 'AUTH_CLOCK_TOLERANCE_SECONDS'],
    [{ ...base, AUTH_CLOCK_TOLERANCE_SECONDS: '-1' }, 'AUTH_CLOCK_TOLERANCE_SECONDS'],
    [{ ...base, AUTH_CLOCK_TOLERANCE_SECONDS: 'soon' }, 'AUTH_CLOCK_TOLERANCE_SECONDS'],
    [{ ...base, ROLES_CLAIM: 'realm_access..roles' }, 'ROLES_CLAIM'],
  ])('names the variable: %#', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['missing.json', undefined, /cannot read/],
    ['garbage.json', 'not json', /not JSON/],
    ['empty.json', { keys: [] }, /empty/],
    ['private.json', { keys: [{ ...publicKey, d: 'secret' }] }, /private key material/],
    ['symmetric.json', { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h' }] }, /only RSA and EC/],
    ['nokid.json', { keys: [{ ...publicKey, kid: undefined }] }, /no "kid"/],
  ])('refuses a bad JWKS file: %s', (name, content, message) => {
    const file = content === undefined ? join(dir, name) : jwksFile(name, content);
    const error = configError({ AUTH_ISSUER: 'https://a', AUTH_JWKS_FILE: file, AUTH_AUDIENCE: 'urn:a' });
    expect(error.variable).toBe('AUTH_JWKS_FILE');
    expect(error.message).toMatch(message);
  });
});

describe('createAuthConfig (programmatic)', () => {
  it('applies defaults and validates like the environment', () => {
    expect(createAuthConfig({ issuers: [{ issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks' }] })).toEqual({
      issuers: [{ issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks' }],
      rolesClaim: undefined,
      clockToleranceSeconds: 30,
    });
    expect(() => createAuthConfig({ issuers: [] })).toThrow(ConfigError);
    expect(() => createAuthConfig({ issuers: [{ issuer: 'https://a', audience: 'urn:a' }] })).toThrow(/exactly one/);
    expect(() =>
      createAuthConfig({ issuers: [{ issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks', jwks: { keys: [publicKey] } }] }),
    ).toThrow(/exactly one/);
    expect(() =>
      createAuthConfig({
        issuers: [
          { issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks' },
          { issuer: 'https://a', audience: 'urn:b', jwksUrl: 'https://a/jwks2' },
        ],
      }),
    ).toThrow(/twice/);
    expect(() =>
      createAuthConfig({ issuers: [{ issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks' }], clockToleranceSeconds: 120 }),
    ).toThrow(/between 0 and 60/);
  });

  it('is re-validated by the verifier, so a hand-built config cannot skip the checks', () => {
    expect(() =>
      createAccessTokenVerifier({
        issuers: [{ issuer: 'https://a', audience: 'urn:a', jwksUrl: 'https://a/jwks' }],
        rolesClaim: 'roles',
        clockToleranceSeconds: 300,
      }),
    ).toThrow(ConfigError);
  });
});
