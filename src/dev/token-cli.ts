// `npm run token -- <persona>`: prints an access token for a development persona, and only
// the token, on stdout (so `TOKEN=$(npm run -s token -- wmo-consulent)` works).
// `npm run token -- --list`: the personas, with roles, scopes and a description.
//
// The token comes from the running dev IdP at DEV_IDP_URL, by default the one `npm start`
// embeds (http://127.0.0.1:4001), so the running facade accepts it. When none runs there,
// an in-process dev IdP is started on a free port and stopped again: good for looking at a
// token, but no facade trusts that short-lived issuer.
//
// Environment: DEV_IDP_URL, AUTH_AUDIENCE (default urn:nl:facade:api),
// DEV_IDP_CLIENT_KEY_SEED (must match the running IdP's seed; both default to the same value).
// Exit codes: 0 token printed, 1 the IdP failed or refused, 2 usage or unknown persona.
import { PERSONAS, findPersona, personaSummary } from './personas.ts';
import { sandboxPersonas } from './sandbox/personas.ts';
import { loadPolicy } from '../../rules/policy.ts';
import { discoverDevIdp, requestPersonaToken } from './idp/token-client.ts';
import { answerHelp } from '../base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run token -- <persona> | --list

Prints an access token of the development IdP for a persona (TOKEN=$(npm run -s token -- wmo-consulent)),
or the personas with their roles and scopes. The IdP is the one npm start runs (DEV_IDP_URL).`);

const DEFAULT_AUDIENCE = 'urn:nl:facade:api';

function listPersonas(): string {
  // The purposes each persona holds under the policy the facade enforces (the sandbox's own derivation).
  const purposes = new Map(sandboxPersonas(loadPolicy(process.env.POLICY_FILE?.trim() || 'rules/policy.yaml')).map((p) => [p.name, p.purposes.map((x) => x.id)]));
  const rows = PERSONAS.map((p) => {
    const s = personaSummary(p);
    const held = purposes.get(p.name) ?? [];
    const grants = [
      s.roles.length ? `roles: ${s.roles.join(', ')}` : '',
      held.length ? `purposes: ${held.join(', ')}` : '',
      s.scopes.length ? `scopes: ${s.scopes.join(' ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return { name: p.name, kind: p.kind, client: s.clientId, grants: grants || '-', description: p.description };
  });
  const width = (key: 'name' | 'kind' | 'client') => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [wn, wk, wc] = [width('name'), width('kind'), width('client')];
  const line = (n: string, k: string, c: string, rest: string) => `${n.padEnd(wn)}  ${k.padEnd(wk)}  ${c.padEnd(wc)}  ${rest}`;
  return [
    line('persona', 'kind', 'client', 'roles; purposes; scopes — description'),
    ...rows.map((r) => line(r.name, r.kind, r.client, `${r.grants} — ${r.description}`)),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write('usage: npm run token -- <persona> | --list\n');
    return 2;
  }
  if (args[0] === '--list') {
    process.stdout.write(`${listPersonas()}\n`);
    return 0;
  }
  const name = args[0];
  if (!findPersona(name)) {
    process.stderr.write(`unknown persona "${name}"; see npm run token -- --list\n`);
    return 2;
  }

  const audience = process.env.AUTH_AUDIENCE?.trim() || DEFAULT_AUDIENCE;
  const clientKeySeed = process.env.DEV_IDP_CLIENT_KEY_SEED?.trim() || undefined;
  // Without DEV_IDP_URL: the IdP that `npm start` embeds on its default port, when it runs.
  const url = process.env.DEV_IDP_URL?.trim() || `http://127.0.0.1:${process.env.DEV_IDP_PORT?.trim() || '4001'}`;
  const running = await discoverDevIdp(url).catch((error: unknown) => {
    if (process.env.DEV_IDP_URL?.trim()) throw error;
    return undefined;
  });
  let token: string;
  if (running) {
    token = await requestPersonaToken({ issuer: running.issuer, tokenEndpoint: running.tokenEndpoint, audience, clientKeySeed }, name);
  } else {
    // Imported only here: oidc-provider announces itself on stderr when loaded.
    const { startDevIdp } = await import('./idp/server.ts');
    const idp = await startDevIdp({ port: 0, audience, clientKeySeed });
    try {
      token = await idp.tokenFor(name);
    } finally {
      await idp.close();
    }
    process.stderr.write(`note: token from a transient dev IdP (${idp.issuer}); set DEV_IDP_URL to use a running one\n`);
  }
  process.stdout.write(`${token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One line, and never a token: errors here carry OAuth error codes, not credentials.
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
