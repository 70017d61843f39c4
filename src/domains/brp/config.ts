// How the facade reaches the BRP Personen API.
import { ConfigError, fileContents } from '../../base/config/env.ts';
import { readVariables, type Mode } from '../../base/config/variables.ts';
import { BRP_VARIABLES } from './variables.ts';

export interface BrpClientConfig {
  /** Base URL that `/personen` is appended to, e.g. http://127.0.0.1:4002/haalcentraal/api/brp */
  url: string;
  timeoutMs: number;
  /** mTLS towards the municipality's gateway (PKIoverheid client certificate). */
  tls?: { cert: string; key: string; ca?: string };
  /** The facade's own upstream credentials: an API key header, or OAuth client credentials. */
  apiKey?: string;
  clientCredentials?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** Calls at once per API at most (BRP_MAX_CONNECTIONS); more wait for a connection. */
  maxConnections?: number;
}

type Env = Record<string, string | undefined>;

/** `url` is the BRP_URL from the environment or, in development, the embedded mock's. */
export function brpClientConfigFromEnv(env: Env, url: string, mode: Mode = 'development'): BrpClientConfig {
  const v = readVariables(BRP_VARIABLES, env, mode);
  const cert = fileContents(env, 'BRP_TLS_CERT_FILE');
  const key = fileContents(env, 'BRP_TLS_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(cert ? 'BRP_TLS_KEY_FILE' : 'BRP_TLS_CERT_FILE', 'mTLS needs both BRP_TLS_CERT_FILE and BRP_TLS_KEY_FILE');
  }
  const tokenUrl = v.BRP_TOKEN_URL;
  let clientCredentials: BrpClientConfig['clientCredentials'];
  if (tokenUrl) {
    const clientId = v.BRP_CLIENT_ID;
    const clientSecret = v.BRP_CLIENT_SECRET;
    if (!clientId) throw new ConfigError('BRP_CLIENT_ID', 'required when BRP_TOKEN_URL is set');
    if (!clientSecret) throw new ConfigError('BRP_CLIENT_SECRET', 'required when BRP_TOKEN_URL is set');
    clientCredentials = { tokenUrl, clientId, clientSecret, scope: v.BRP_SCOPE };
  }
  return {
    url,
    timeoutMs: v.BRP_TIMEOUT_MS ?? 5000,
    tls: cert && key ? { cert, key, ca: fileContents(env, 'BRP_TLS_CA_FILE') } : undefined,
    apiKey: v.BRP_API_KEY,
    clientCredentials,
    maxConnections: v.BRP_MAX_CONNECTIONS,
  };
}
