// Edu-V settings. In development the mock Edu-V services start embedded and the
// demo registry seed is applied; in production Edu-V is on when EDUV_URL is set,
// and then the facade must know whom it acts for (EDUV_SENDER_OIN).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError, fileContents } from '../../base/config/env.ts';
import { readVariables, type Values } from '../../base/config/variables.ts';
import type { ClientCredentialsOptions } from '../../base/upstream/client-credentials.ts';
import { EDUV_VARIABLES } from './variables.ts';
import type { CertificateBinding } from './layers.ts';

type Env = Record<string, string | undefined>;

export interface EduvConfig {
  /** External Edu-V services; undefined in development means: start the mock. */
  url?: string;
  timeoutMs: number;
  /** OIN of the participant this facade acts for; in development the seed's `self` when not given. */
  senderOin?: string;
  maxTokenAgeSeconds: number;
  certificateBinding: CertificateBinding;
  /** Applied at start-up (idempotent). Development default: the demo seed. */
  seedFile?: string;
  /** 32 bytes for sealing page cursors, shared by all instances; random per process when absent. */
  cursorKey?: Buffer;
  /** The change feed's poll interval (EDUV_CHANGES_POLL_SECONDS). */
  changesPollMs: number;
  /** How the facade authenticates as its participant towards the Edu-V services. */
  outbound: EduvOutbound;
  /** Delivery of the consent flow's activation notices (defaults: activation-notices.ts; https required). */
  notices?: { maxAttempts: number; maxAgeMs: number; requireHttps: boolean };
}

/** The participant's own credentials: client credentials with `private_key_jwt`, optionally over mTLS. */
export interface EduvOutbound {
  clientCredentials?: Pick<ClientCredentialsOptions, 'tokenUrl' | 'clientId' | 'privateKey' | 'keyId' | 'alg' | 'scope'>;
  tls?: { cert: string; key: string; ca?: string };
}

function outboundFromEnv(env: Env, v: Values<typeof EDUV_VARIABLES>): EduvOutbound {
  const cert = fileContents(env, 'EDUV_TLS_CERT_FILE');
  const key = fileContents(env, 'EDUV_TLS_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError(cert ? 'EDUV_TLS_KEY_FILE' : 'EDUV_TLS_CERT_FILE', 'mTLS needs both EDUV_TLS_CERT_FILE and EDUV_TLS_KEY_FILE');
  const tls = cert && key ? { cert, key, ca: fileContents(env, 'EDUV_TLS_CA_FILE') } : undefined;
  const tokenUrl = v.EDUV_TOKEN_URL;
  if (!tokenUrl) {
    for (const name of ['EDUV_CLIENT_ID', 'EDUV_CLIENT_KEY_FILE'] as const) if (v[name]) throw new ConfigError(name, 'has no use without EDUV_TOKEN_URL');
    return { tls };
  }
  if (!v.EDUV_CLIENT_ID) throw new ConfigError('EDUV_CLIENT_ID', 'required with EDUV_TOKEN_URL');
  const pem = fileContents(env, 'EDUV_CLIENT_KEY_FILE');
  if (!pem) throw new ConfigError('EDUV_CLIENT_KEY_FILE', 'required with EDUV_TOKEN_URL: the key signing the client assertion (private_key_jwt)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ConfigError('EDUV_CLIENT_KEY_FILE', 'holds no readable PEM private key');
  }
  const type = privateKey.asymmetricKeyType;
  const alg = v.EDUV_CLIENT_ASSERTION_ALG ?? (type === 'ec' ? 'ES256' : 'RS256');
  if ((alg === 'ES256') !== (type === 'ec') || (type !== 'ec' && type !== 'rsa' && type !== 'rsa-pss')) {
    throw new ConfigError('EDUV_CLIENT_ASSERTION_ALG', `${alg} does not sign with the ${type ?? 'unknown'} key of EDUV_CLIENT_KEY_FILE`);
  }
  return { tls, clientCredentials: { tokenUrl, clientId: v.EDUV_CLIENT_ID, privateKey, keyId: v.EDUV_CLIENT_KEY_ID, alg, scope: v.EDUV_TOKEN_SCOPE } };
}

export function eduvConfigFromEnv(env: Env, production: boolean): EduvConfig | undefined {
  const v = readVariables(EDUV_VARIABLES, env, production ? 'production' : 'development');
  const url = v.EDUV_URL;
  if (production && !url) return undefined;
  if (production && !v.EDUV_SENDER_OIN) {
    throw new ConfigError('EDUV_SENDER_OIN', 'required with EDUV_URL: the OIN of the participant this facade acts for');
  }
  return {
    url,
    timeoutMs: v.EDUV_TIMEOUT_MS ?? 5000,
    senderOin: v.EDUV_SENDER_OIN,
    maxTokenAgeSeconds: v.EDUV_MAX_TOKEN_AGE_SECONDS ?? 300,
    certificateBinding: v.EDUV_CERTIFICATE_BINDING ?? 'required',
    seedFile: v.EDUV_REGISTRY_SEED,
    cursorKey: v.EDUV_CURSOR_KEY,
    changesPollMs: (v.EDUV_CHANGES_POLL_SECONDS ?? 5) * 1000,
    outbound: outboundFromEnv(env, v),
    // An http endpoint (loopback only, as the registry allows) is for development and tests.
    notices: { maxAttempts: v.EDUV_NOTICE_MAX_ATTEMPTS ?? 20, maxAgeMs: (v.EDUV_NOTICE_MAX_AGE_HOURS ?? 24) * 3_600_000, requireHttps: production },
  };
}
