// How the facade reaches the BRP Personen API.
import { ConfigError, fileContents, integer, optionalString, optionalUrl } from '../../base/config/env.ts';

export interface BrpClientConfig {
  /** Base URL that `/personen` is appended to, e.g. http://127.0.0.1:4002/haalcentraal/api/brp */
  url: string;
  timeoutMs: number;
  /** mTLS towards the municipality's gateway (PKIoverheid client certificate). */
  tls?: { cert: string; key: string; ca?: string };
  /** The facade's own upstream credentials: an API key header, or OAuth client credentials. */
  apiKey?: string;
  clientCredentials?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
}

type Env = Record<string, string | undefined>;

/** `url` is the BRP_URL from the environment or, in development, the embedded mock's. */
export function brpClientConfigFromEnv(env: Env, url: string): BrpClientConfig {
  const cert = fileContents(env, 'BRP_TLS_CERT_FILE');
  const key = fileContents(env, 'BRP_TLS_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(cert ? 'BRP_TLS_KEY_FILE' : 'BRP_TLS_CERT_FILE', 'mTLS needs both BRP_TLS_CERT_FILE and BRP_TLS_KEY_FILE');
  }
  const tokenUrl = optionalUrl(env, 'BRP_TOKEN_URL');
  let clientCredentials: BrpClientConfig['clientCredentials'];
  if (tokenUrl) {
    const clientId = optionalString(env, 'BRP_CLIENT_ID');
    const clientSecret = optionalString(env, 'BRP_CLIENT_SECRET');
    if (!clientId) throw new ConfigError('BRP_CLIENT_ID', 'required when BRP_TOKEN_URL is set');
    if (!clientSecret) throw new ConfigError('BRP_CLIENT_SECRET', 'required when BRP_TOKEN_URL is set');
    clientCredentials = { tokenUrl, clientId, clientSecret, scope: optionalString(env, 'BRP_SCOPE') };
  }
  return {
    url,
    timeoutMs: integer(env, 'BRP_TIMEOUT_MS', 5000, { min: 100, max: 120_000 }),
    tls: cert && key ? { cert, key, ca: fileContents(env, 'BRP_TLS_CA_FILE') } : undefined,
    apiKey: optionalString(env, 'BRP_API_KEY'),
    clientCredentials,
  };
}
