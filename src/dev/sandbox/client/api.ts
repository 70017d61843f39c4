// The page's only conversations: with the facade that served it (same origin, relative URLs).
// Tokens come from the facade's /sandbox/token, which asks the development IdP server-side:
// private_key_jwt client authentication needs a private key no browser should hold.
import type { FormattedExecutionResult } from 'graphql';
import type { Fetcher } from 'graphiql';
import type { SandboxPersona, SandboxTokenResponse } from '../types.ts';

const GRAPHQL = '/graphql';

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
  const detail = [body.error, body.error_description].filter((x): x is string => typeof x === 'string').join(': ');
  return `HTTP ${response.status}${detail ? ` — ${detail}` : ''}`;
}

export async function fetchPersonas(): Promise<SandboxPersona[]> {
  const response = await fetch('/sandbox/personas', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`personas: ${await errorText(response)}`);
  return (await response.json()) as SandboxPersona[];
}

export async function fetchToken(persona: string): Promise<string> {
  const response = await fetch('/sandbox/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ persona }),
  });
  if (!response.ok) throw new Error(`token for ${persona}: ${await errorText(response)}`);
  return ((await response.json()) as SandboxTokenResponse).access_token;
}

export interface Session {
  persona: string;
  /** `x-doelbinding`; none when the persona holds no purpose. */
  purpose?: string;
  /** Mutable: a token that expired while the page was open is replaced in place. */
  token: { current: string };
}

function headerValues(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
  }
  return out;
}

/**
 * GraphiQL's fetcher for one persona and purpose. Headers typed in GraphiQL's headers editor
 * come last, so a developer can try another `x-doelbinding` (and see the facade refuse it).
 */
export function createFetcher(session: Session): Fetcher {
  const send = (body: string, extra: Record<string, string>) =>
    fetch(GRAPHQL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${session.token.current}`,
        ...(session.purpose ? { 'x-doelbinding': session.purpose } : {}),
        ...extra,
      },
      body,
    });

  return async (params, opts) => {
    const body = JSON.stringify(params);
    const extra = headerValues(opts?.headers);
    let response = await send(body, extra);
    if (response.status === 401 && !('authorization' in extra)) {
      // Dev tokens live an hour; a page left open outlives them. One fresh token, one retry.
      session.token.current = await fetchToken(session.persona);
      response = await send(body, extra);
    }
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      return (await response.json()) as FormattedExecutionResult;
    }
    return { errors: [{ message: `HTTP ${response.status} ${response.statusText}`.trim() }] };
  };
}
