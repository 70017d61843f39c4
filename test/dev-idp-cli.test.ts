// `npm run token`, as a developer runs it: a separate process, stdout only the token.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createAuthConfig } from '../src/base/auth/index.ts';
import { startDevIdp, type DevIdp } from '../src/dev/idp/index.ts';
import { PERSONAS } from '../src/dev/personas.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DEV_IDP_URL;
    if (env.DEV_IDP_URL) childEnv.DEV_IDP_URL = env.DEV_IDP_URL;
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/dev/token-cli.ts', ...args],
      { cwd: root, env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run token', () => {
  let idp: DevIdp;

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0, audience: 'urn:nl:facade:api' });
  });
  afterAll(() => idp.close());

  it('--list shows every persona with its description', async () => {
    const { code, stdout } = await runCli(['--list']);
    expect(code).toBe(0);
    for (const p of PERSONAS) {
      expect(stdout).toContain(p.name);
      expect(stdout).toContain(p.description);
    }
    expect(stdout).toContain('roles: wmo-consulent; purposes: wmo-aanvraag');
    expect(stdout).toContain('purposes: wmo-aanvraag, parkeervergunning');
    expect(stdout).toContain('scopes: eduv.student.basic eduv.education');
  });

  it('an unknown persona: one line on stderr, exit 2, nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['directeur']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown persona "directeur"');
  });

  it('with DEV_IDP_URL: a token from the running IdP, which a verifier of that IdP accepts', async () => {
    const { code, stdout } = await runCli(['saas-zaaksysteem-wmo'], { DEV_IDP_URL: idp.issuer });
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(token).toMatch(JWT);
    const verifier = createAccessTokenVerifier(
      createAuthConfig({ issuers: [{ issuer: idp.issuer, audience: 'urn:nl:facade:api', jwksUrl: idp.jwksUrl }] }),
    );
    expect(await verifier.verify(token)).toMatchObject({ kind: 'delegated', subject: 'medewerker-wmo', actor: { subject: 'saas-zaaksysteem' } });
  });

  it('without DEV_IDP_URL: an in-process IdP, stdout is only the token', async () => {
    const { code, stdout } = await runCli(['burgerzaken']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(JWT);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses to start the in-process IdP with NODE_ENV=production', async () => {
    const { code, stdout, stderr } = await runCli(['burgerzaken'], { NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('NODE_ENV=production');
  });
});
