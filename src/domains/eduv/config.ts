// Edu-V settings. In development the mock Edu-V services start embedded and the
// demo registry seed is applied; in production Edu-V is on when EDUV_URL is set,
// and then the facade must know whom it acts for (EDUV_SENDER_OIN).
import { ConfigError, integer, optionalString, optionalUrl } from '../../base/config/env.ts';
import { checkOin } from './registry/oin.ts';

type Env = Record<string, string | undefined>;

export interface EduvConfig {
  /** External Edu-V services; undefined in development means: start the mock. */
  url?: string;
  timeoutMs: number;
  /** OIN of the participant this facade acts for; in development the seed's `self` when not given. */
  senderOin?: string;
  maxTokenAgeSeconds: number;
  /** Applied at start-up (idempotent). Development default: the demo seed. */
  seedFile?: string;
  /** 32 bytes for sealing page cursors, shared by all instances; random per process when absent. */
  cursorKey?: Buffer;
  mockPort: number;
}

export function eduvConfigFromEnv(env: Env, production: boolean): EduvConfig | undefined {
  const url = optionalUrl(env, 'EDUV_URL');
  if (production && !url) return undefined;
  const senderOin = optionalString(env, 'EDUV_SENDER_OIN');
  if (senderOin) {
    const check = checkOin(senderOin);
    if (!check.ok) throw new ConfigError('EDUV_SENDER_OIN', check.problem);
  } else if (production) {
    throw new ConfigError('EDUV_SENDER_OIN', 'required with EDUV_URL: the OIN of the participant this facade acts for');
  }
  const keyText = optionalString(env, 'EDUV_CURSOR_KEY');
  let cursorKey: Buffer | undefined;
  if (keyText) {
    cursorKey = Buffer.from(keyText, 'base64');
    if (cursorKey.length !== 32) throw new ConfigError('EDUV_CURSOR_KEY', 'must be 32 bytes, base64-encoded');
  }
  return {
    url,
    timeoutMs: integer(env, 'EDUV_TIMEOUT_MS', 5000, { min: 100, max: 120_000 }),
    senderOin,
    maxTokenAgeSeconds: integer(env, 'EDUV_MAX_TOKEN_AGE_SECONDS', 300, { min: 10, max: 86_400 }),
    seedFile: optionalString(env, 'EDUV_REGISTRY_SEED') ?? (production ? undefined : 'data/eduv/registry-seed.yaml'),
    cursorKey,
    mockPort: integer(env, 'MOCK_EDUV_PORT', 4003, { min: 0, max: 65535 }),
  };
}
