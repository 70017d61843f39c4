// The two entries as a user runs them: `npm start` (src/dev/start.ts) on embedded defaults, and the
// production entry (src/main.ts) with strict configuration.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { EPHEMERAL_DEV_PORTS } from './support/dev-ports.ts';

const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

function start(env: Record<string, string>, entry = env.NODE_ENV === 'production' ? 'src/main.ts' : 'src/dev/start.ts'): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    cwd: new URL('..', import.meta.url).pathname,
  });
  children.push(child);
  return child;
}

async function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('start-up', () => {
  it.each([
    [{}, ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'BRP_URL', 'DATABASE_URL', 'POLICY_FILE', 'PROTOCOL_SUBJECT_KEYS', 'VERWERKINGSREGISTER_FILE']],
    [{ BRP_URL: 'http://127.0.0.1:9/haalcentraal/api/brp' }, ['AUTH_ISSUER', 'AUTH_AUDIENCE']],
    [{ BRP_URL: 'http://127.0.0.1:9/brp', AUTH_ISSUER: 'https://idp.example/realms/x', AUTH_JWKS_URL: 'https://idp.example/certs' }, ['AUTH_AUDIENCE']],
    [{ BRP_URL: 'ftp://x', AUTH_ISSUER: 'https://idp.example', PORT: 'eighty', AUTHZ_MODE: 'lenient' }, ['PORT', 'AUTHZ_MODE', 'AUDIENCE', 'BRP_URL', 'AUTH_JWKS_URL']],
  ])('production with %j names every problem at once, one line each: %j', async (env, variables) => {
    const { code, stderr } = await exitOf(start({ NODE_ENV: 'production', ...env }));
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^configuration error: [A-Z_]+: /);
    const named = lines.map((l) => l.replace(/^configuration error: ([A-Z_]+): .*$/, '$1'));
    for (const variable of variables) expect(named.some((n) => n.endsWith(variable)), `${variable} in ${named.join(', ')}`).toBe(true);
    expect(new Set(named).size).toBe(named.length);
  });

  it('production refuses the embedded protocol store unless it is accepted explicitly, and then says so', async () => {
    const env = {
      NODE_ENV: 'production',
      BRP_URL: 'http://127.0.0.1:9/brp',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_JWKS_URL: 'https://idp.example/certs',
      AUTH_AUDIENCE: 'urn:x',
      POLICY_FILE: 'rules/policy.yaml',
      VERWERKINGSREGISTER_FILE: 'rules/verwerkingsregister.yaml',
      PROTOCOL_SUBJECT_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    const refused = await exitOf(start(env));
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^configuration error: DATABASE_URL: is required in production/);
    const accepted = start({ ...env, ALLOW_EMBEDDED_STORE: 'true', DATA_DIR: 'memory://', PORT: '0' });
    for await (const line of createInterface({ input: accepted.stdout })) {
      const entry = JSON.parse(line) as { msg?: string; level?: string };
      if (entry.msg?.startsWith('production runs on the embedded protocol store')) {
        expect(entry.level).toBe('warn');
        break;
      }
    }
    accepted.kill('SIGTERM');
    await once(accepted, 'exit');
  });

  it('the production entry embeds nothing: even in development, a missing BRP_URL is refused, not mocked', async () => {
    const { code, stderr } = await exitOf(start({ NODE_ENV: 'development', DATA_DIR: 'memory://', PORT: '0' }, 'src/main.ts'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/configuration error: BRP_URL: is required: the built facade embeds no mock/);
  });

  it('the production entry runs production when NODE_ENV is not set', async () => {
    const { code, stderr } = await exitOf(start({ DATA_DIR: 'memory://' }, 'src/main.ts'));
    expect(code).toBe(2);
    for (const variable of ['AUTH_ISSUER', 'BRP_URL', 'DATABASE_URL', 'POLICY_FILE']) expect(stderr).toContain(`configuration error: ${variable}: `);
  });

  it('development starts the BRP mock and the development IdP embedded, and is ready', async () => {
    const child = start({ ...EPHEMERAL_DEV_PORTS, DATA_DIR: 'memory://' });
    const lines = createInterface({ input: child.stdout });
    let url: string | undefined;
    for await (const line of lines) {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'facade listening') {
        url = entry.url;
        break;
      }
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const ready = await fetch(url!.replace('/graphql', '/health/ready'));
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const anonymous = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ facadeVersion }"}' });
    expect(anonymous.status).toBe(401);
    child.kill('SIGTERM');
    await once(child, 'exit');
  });
});
