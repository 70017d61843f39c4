// Edu-V settings. In development the mock Edu-V services start embedded and the
// demo registry seed is applied; in production Edu-V is on when EDUV_URL is set,
// and then the facade must know whom it acts for (EDUV_SENDER_OIN).
import { ConfigError } from '../../base/config/env.ts';
import { readVariables } from '../../base/config/variables.ts';
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
  };
}
