// The client side of the development IdP: obtains persona tokens over real HTTP, the way an
// application would. Used by DevIdp.tokenFor / exchange and by `npm run token` (also against
// a dev IdP running in another process, e.g. the one `npm start` embeds).
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { PERSONAS, findPersona, type Persona } from '../personas.ts';
import { devClientKey, DEFAULT_DEV_CLIENT_KEY_SEED } from './client-keys.ts';
import { DEV_CLIENTS, findDevClient, type DevClient } from './clients.ts';
import { GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_ACCESS_TOKEN } from './grant-types.ts';

export interface DevIdpEndpoint {
  issuer: string;
  tokenEndpoint: string;
  /** Resource indicator requested for every token: the facade's audience. */
  audience: string;
  personas?: readonly Persona[];
  clients?: readonly DevClient[];
  clientKeySeed?: string;
}

/** The token endpoint answered with an OAuth error (or not at all). */
export class DevTokenRequestError extends Error {
  override readonly name = 'DevTokenRequestError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(`token request refused: ${status} ${error}${description ? ` (${description})` : ''}`);
  }
}

export class UnknownPersonaError extends Error {
  override readonly name = 'UnknownPersonaError';
  constructor(readonly persona: string, known: readonly Persona[]) {
    super(`unknown persona "${persona}"; known: ${known.map((p) => p.name).join(', ')}`);
  }
}

/** Reads issuer, token endpoint and JWKS URL from the IdP's discovery document. */
export async function discoverDevIdp(baseUrl: string): Promise<{ issuer: string; tokenEndpoint: string; jwksUrl: string }> {
  const url = `${baseUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`no discovery document at ${url}: HTTP ${response.status}`);
  const doc = (await response.json()) as { issuer?: unknown; token_endpoint?: unknown; jwks_uri?: unknown };
  if (typeof doc.issuer !== 'string' || typeof doc.token_endpoint !== 'string' || typeof doc.jwks_uri !== 'string') {
    throw new Error(`discovery document at ${url} lacks issuer, token_endpoint or jwks_uri`);
  }
  return { issuer: doc.issuer, tokenEndpoint: doc.token_endpoint, jwksUrl: doc.jwks_uri };
}

/** A token for a persona: client credentials, the dev persona grant, or a token exchange. */
export async function requestPersonaToken(endpoint: DevIdpEndpoint, personaName: string): Promise<string> {
  const personas = endpoint.personas ?? PERSONAS;
  const persona = findPersona(personaName, personas);
  if (!persona) throw new UnknownPersonaError(personaName, personas);

  switch (persona.kind) {
    case 'client':
      return tokenRequest(endpoint, persona.clientId, {
        grant_type: 'client_credentials',
        resource: endpoint.audience,
        ...(persona.scopes?.length ? { scope: persona.scopes.join(' ') } : {}),
      });
    case 'user':
      return tokenRequest(endpoint, persona.clientId, {
        grant_type: GRANT_TYPE_PERSONA,
        persona: persona.name,
        resource: endpoint.audience,
      });
    case 'delegated': {
      const subjectToken = await requestPersonaToken(endpoint, persona.subjectPersona);
      return requestTokenExchange(endpoint, subjectToken, persona.actorClientId);
    }
  }
}

/** RFC 8693: `actorClientId` exchanges an employee's access token for a delegated one. */
export function requestTokenExchange(endpoint: DevIdpEndpoint, subjectToken: string, actorClientId: string): Promise<string> {
  return tokenRequest(endpoint, actorClientId, {
    grant_type: GRANT_TYPE_TOKEN_EXCHANGE,
    subject_token: subjectToken,
    subject_token_type: TOKEN_TYPE_ACCESS_TOKEN,
    requested_token_type: TOKEN_TYPE_ACCESS_TOKEN,
    resource: endpoint.audience,
  });
}

/**
 * Any token request as a registered development client: authenticates the client as it is
 * registered (private_key_jwt with its derived key, or client_secret_post) and returns the
 * access token, or throws DevTokenRequestError with the OAuth error.
 */
export async function tokenRequest(endpoint: DevIdpEndpoint, clientId: string, params: Record<string, string>): Promise<string> {
  const client = findDevClient(clientId, endpoint.clients ?? DEV_CLIENTS);
  if (!client) throw new Error(`no development client "${clientId}"`);
  const body = new URLSearchParams({ ...params, ...(await clientAuthentication(endpoint, client)) });
  const response = await fetch(endpoint.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof json.access_token !== 'string') {
    throw new DevTokenRequestError(
      response.status,
      typeof json.error === 'string' ? json.error : 'invalid_response',
      typeof json.error_description === 'string' ? json.error_description : undefined,
    );
  }
  return json.access_token;
}

async function clientAuthentication(endpoint: DevIdpEndpoint, client: DevClient): Promise<Record<string, string>> {
  if (client.authMethod === 'client_secret_post') {
    return { client_id: client.clientId, client_secret: client.secret ?? '' };
  }
  // RFC 7523 client assertion: iss = sub = client id, aud = the token endpoint, single use (jti), short-lived.
  const key = await devClientKey(client.clientId, endpoint.clientKeySeed ?? DEFAULT_DEV_CLIENT_KEY_SEED);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience(endpoint.tokenEndpoint)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key.privateKey);
  return {
    client_id: client.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  };
}
