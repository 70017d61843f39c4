// The development identity provider: a real OAuth 2.0 authorization server (oidc-provider 9)
// on its own port, issuing RFC 9068 JWT access tokens (`typ: at+jwt`) for the personas in
// src/dev/personas.ts. Development only: it refuses to start with NODE_ENV=production.
//
// Grants:
// - client_credentials, for machine clients (private_key_jwt; `dev-local` uses client_secret_post)
// - urn:nl:facade:dev:persona, DEV-ONLY, employee tokens without a browser (persona-grant.ts)
// - urn:ietf:params:oauth:grant-type:token-exchange, RFC 8693 delegation (token-exchange.ts)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { Provider, errors, type Client, type ClientMetadata, type ResourceServerInfo, type UnknownObject } from 'oidc-provider';
import { createAuthConfig } from '../../base/auth/config.ts';
import { createAccessTokenVerifier } from '../../base/auth/verify-access-token.ts';
import { PERSONAS, findPersona, type Persona } from '../personas.ts';
import { DEFAULT_DEV_CLIENT_KEY_SEED, devClientKey } from './client-keys.ts';
import { DEV_CLIENTS, findDevClient, type DevClient } from './clients.ts';
import { GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE } from './grant-types.ts';
import { ExtraClaims, type IssueContext } from './issue.ts';
import { createMemoryAdapter } from './memory-adapter.ts';
import { PERSONA_GRANT_PARAMETERS, personaGrant } from './persona-grant.ts';
import { requestPersonaToken, requestTokenExchange, type DevIdpEndpoint } from './token-client.ts';
import { TOKEN_EXCHANGE_PARAMETERS, tokenExchangeGrant } from './token-exchange.ts';

export interface DevIdpOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1: development tokens stay on this machine. */
  host?: string;
  /** The facade's audience, an absolute URI (oidc-provider's resource indicators demand it), e.g. `urn:nl:facade:api`. */
  audience: string;
  personas?: readonly Persona[];
  clients?: readonly DevClient[];
  /** Seed of the development client keys; `npm run token` against this IdP must use the same. */
  clientKeySeed?: string;
  /** Lifetime of issued access tokens. Default 3600 s. */
  accessTokenTtlSeconds?: number;
  /** Where NODE_ENV is read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface DevIdp {
  issuer: string;
  jwksUrl: string;
  tokenEndpoint: string;
  audience: string;
  /** A token for the persona, obtained over HTTP from this running server. */
  tokenFor(persona: string): Promise<string>;
  /** RFC 8693 exchange of `subjectToken` by `actorClient`, over HTTP. */
  exchange(subjectToken: string, actorClient: string): Promise<string>;
  close(): Promise<void>;
}

export class DevIdpRefusedError extends Error {
  override readonly name = 'DevIdpRefusedError';
}

const DEFAULT_TTL_SECONDS = 3600;

export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const env = opts.env ?? process.env;
  if (env.NODE_ENV === 'production') {
    throw new DevIdpRefusedError('the development identity provider does not run with NODE_ENV=production; configure AUTH_ISSUER and AUTH_JWKS_URL');
  }
  if (!URL.canParse(opts.audience)) {
    throw new Error(`dev IdP audience must be an absolute URI such as urn:nl:facade:api, got "${opts.audience}"`);
  }
  const audience = opts.audience;
  const personas = opts.personas ?? PERSONAS;
  const clients = opts.clients ?? DEV_CLIENTS;
  const seed = opts.clientKeySeed ?? DEFAULT_DEV_CLIENT_KEY_SEED;
  const ttl = opts.accessTokenTtlSeconds ?? DEFAULT_TTL_SECONDS;
  checkPersonas(personas, clients);

  const signing = await signingKey();
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${issuerHost(opts.host ?? '127.0.0.1')}:${port}`;

  const claims = new ExtraClaims();
  const resourceServerInfo = (client: Client): ResourceServerInfo => ({
    audience,
    scope: (findDevClient(client.clientId, clients)?.scopes ?? []).join(' '),
    accessTokenFormat: 'jwt',
    accessTokenTTL: ttl,
    jwt: { sign: { alg: 'RS256' } },
  });

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    jwks: { keys: [signing.privateJwk] },
    clients: await Promise.all(clients.map((c) => clientMetadata(c, seed))),
    clientAuthMethods: ['private_key_jwt', 'client_secret_post'],
    enabledJWA: { clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256'] },
    // No browser ever talks to this IdP directly.
    clientBasedCORS: () => false,
    responseTypes: ['none'],
    ttl: { AccessToken: ttl, ClientCredentials: ttl },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // Clients that name no resource get a token for the facade.
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== audience) throw new errors.InvalidTarget(`this development IdP only issues tokens for ${audience}`);
          return resourceServerInfo(client);
        },
      },
    },
    // Roles, acr and act for tokens of our own grants; the client's claims (e.g. its OIN)
    // for client-credentials tokens.
    extraTokenClaims: (_ctx, token) => {
      const own = claims.get(token);
      if (own) return own;
      if (token.kind === 'ClientCredentials' && token.clientId) {
        const client = findDevClient(token.clientId, clients);
        return client?.claims ? { ...client.claims } : undefined;
      }
      return undefined;
    },
  });

  const issue: IssueContext = {
    provider,
    audience,
    resourceServer: (client) => new provider.ResourceServer(audience, resourceServerInfo(client)),
    claims,
  };
  const ownTokens = createAccessTokenVerifier(
    createAuthConfig({
      issuers: [{ issuer, audience, jwks: { keys: [signing.publicJwk] } }],
      // Our own clock: no skew to tolerate.
      clockToleranceSeconds: 0,
    }),
  );
  provider.registerGrantType(GRANT_TYPE_PERSONA, personaGrant(issue, personas), PERSONA_GRANT_PARAMETERS);
  provider.registerGrantType(GRANT_TYPE_TOKEN_EXCHANGE, tokenExchangeGrant(issue, ownTokens, ttl), TOKEN_EXCHANGE_PARAMETERS);
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    process.stderr.write(`dev IdP: server error: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  server.on('request', provider.callback());

  const tokenEndpoint = provider.urlFor('token');
  const endpoint: DevIdpEndpoint = { issuer, tokenEndpoint, audience, personas, clients, clientKeySeed: seed };
  return {
    issuer,
    jwksUrl: provider.urlFor('jwks'),
    tokenEndpoint,
    audience,
    tokenFor: (persona) => requestPersonaToken(endpoint, persona),
    exchange: (subjectToken, actorClient) => requestTokenExchange(endpoint, subjectToken, actorClient),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A fresh RSA key per start: tokens of an earlier run stop verifying, as after a key rotation. */
async function signingKey(): Promise<{ privateJwk: UnknownObject; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...publicJwk, ...meta } };
}

async function clientMetadata(client: DevClient, seed: string): Promise<ClientMetadata> {
  const common = {
    client_id: client.clientId,
    grant_types: [...client.grants],
    response_types: [],
    redirect_uris: [],
    // No `scope` here: oidc-provider would demand every scope in its global list. The
    // per-client scope limit is the resource server's `scope` (resourceServerInfo above).
  };
  if (client.authMethod === 'client_secret_post') {
    return { ...common, token_endpoint_auth_method: 'client_secret_post', client_secret: client.secret };
  }
  const key = await devClientKey(client.clientId, seed);
  return {
    ...common,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: key.alg,
    jwks: { keys: [key.publicJwk as UnknownObject] },
  };
}

/** Personas are data; a typo in them should stop the IdP at start, not fail a token request later. */
function checkPersonas(personas: readonly Persona[], clients: readonly DevClient[]): void {
  const names = new Set<string>();
  const allows = (clientId: string, grant: DevClient['grants'][number]) =>
    findDevClient(clientId, clients)?.grants.includes(grant) === true;
  for (const p of personas) {
    if (names.has(p.name)) throw new Error(`persona "${p.name}" is defined twice`);
    names.add(p.name);
    if (p.kind === 'user' && !allows(p.clientId, GRANT_TYPE_PERSONA)) {
      throw new Error(`persona "${p.name}": client "${p.clientId}" is not registered for the persona grant`);
    }
    if (p.kind === 'client' && !allows(p.clientId, 'client_credentials')) {
      throw new Error(`persona "${p.name}": client "${p.clientId}" is not registered for client_credentials`);
    }
    if (p.kind === 'delegated') {
      if (findPersona(p.subjectPersona, personas)?.kind !== 'user') {
        throw new Error(`persona "${p.name}": subject persona "${p.subjectPersona}" is not a user persona`);
      }
      if (!allows(p.actorClientId, GRANT_TYPE_TOKEN_EXCHANGE)) {
        throw new Error(`persona "${p.name}": client "${p.actorClientId}" is not registered for token exchange`);
      }
    }
  }
}

function issuerHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

