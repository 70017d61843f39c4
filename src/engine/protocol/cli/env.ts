// Environment of the protocol, for its CLIs and the facade alike: keys, witness, retention. Every failure is a ConfigError naming
// the variable (the CLI prints it as one line and exits 2). Key material is never echoed.
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../../../base/config/env.ts';
import { readVariables } from '../../../base/config/variables.ts';
import { PROTOCOL_VARIABLES } from '../variables.ts';
import { toSigningKey, toVerifyKey } from '../checkpoint.ts';
import { DEFAULT_RETENTION_YEARS } from '../prune.ts';
import { parseProtocolKeys, type ProtocolKeyring } from '../keyring.ts';

type Env = Record<string, string | undefined>;

/** The PEM text from NAME or NAME_FILE (not both); env values may carry `\n` escapes. */
function pemFromEnv(env: Env, name: string): { text: string; variable: string } | undefined {
  const inline = env[name]?.trim();
  const file = env[`${name}_FILE`]?.trim();
  if (inline && file) throw new ConfigError(name, `set either ${name} or ${name}_FILE, not both`);
  if (inline) return { text: inline.replace(/\\n/g, '\n'), variable: name };
  if (file) {
    try {
      return { text: readFileSync(file, 'utf8'), variable: `${name}_FILE` };
    } catch {
      throw new ConfigError(`${name}_FILE`, `cannot read ${file}`);
    }
  }
  return undefined;
}

/** PROTOCOL_SIGNING_KEY / PROTOCOL_SIGNING_KEY_FILE: an Ed25519 private key, PKCS8 PEM. */
export function signingKeyFromEnv(env: Env): KeyObject | undefined {
  const pem = pemFromEnv(env, 'PROTOCOL_SIGNING_KEY');
  if (!pem) return undefined;
  try {
    return toSigningKey(pem.text);
  } catch {
    throw new ConfigError(pem.variable, 'must be an Ed25519 private key in PKCS8 PEM (openssl genpkey -algorithm ed25519)');
  }
}

/**
 * PROTOCOL_VERIFY_KEY / PROTOCOL_VERIFY_KEY_FILE: the Ed25519 public key(s), SPKI PEM, that may
 * sign checkpoints; several PEM blocks in one value allow for key rotation. Without them the
 * signing key's public half is used when that is configured; otherwise none (unpinned).
 */
export function verifyKeysFromEnv(env: Env): KeyObject[] {
  const pem = pemFromEnv(env, 'PROTOCOL_VERIFY_KEY');
  if (!pem) {
    const signing = signingKeyFromEnv(env);
    return signing ? [toVerifyKey(signing)] : [];
  }
  const blocks = pem.text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError(pem.variable, 'must contain an Ed25519 public key in SPKI PEM');
  try {
    return blocks.map((block) => toVerifyKey(block));
  } catch {
    throw new ConfigError(pem.variable, 'must contain only Ed25519 public keys in SPKI PEM');
  }
}

/** PROTOCOL_RETENTION_YEARS: whole years, default 20. */
export function retentionYearsFromEnv(env: Env): number {
  return readVariables(PROTOCOL_VARIABLES, env, 'development').PROTOCOL_RETENTION_YEARS ?? DEFAULT_RETENTION_YEARS;
}

/**
 * PROTOCOL_WITNESS_DIR with the signing key and the anchoring interval; undefined without a
 * witness. A witness without a key cannot be written: a configuration error, named.
 */
export function anchorFromEnv(env: Env): { dir: string; signingKey: KeyObject; everyRecords: number; everyMs: number } | undefined {
  const v = readVariables(PROTOCOL_VARIABLES, env, 'development');
  if (!v.PROTOCOL_WITNESS_DIR) return undefined;
  const signingKey = signingKeyFromEnv(env);
  if (!signingKey) throw new ConfigError('PROTOCOL_WITNESS_DIR', 'needs PROTOCOL_SIGNING_KEY or PROTOCOL_SIGNING_KEY_FILE: the heads it keeps are signed');
  return { dir: v.PROTOCOL_WITNESS_DIR, signingKey, everyRecords: v.PROTOCOL_ANCHOR_RECORDS!, everyMs: v.PROTOCOL_ANCHOR_SECONDS! * 1000 };
}

/** PROTOCOL_WRITE_TIMEOUT_MS: how long a request waits for its records' commit, default 5 s. */
export function writeTimeoutMsFromEnv(env: Env): number {
  return readVariables(PROTOCOL_VARIABLES, env, 'development').PROTOCOL_WRITE_TIMEOUT_MS!;
}

/** PROTOCOL_SUBJECT_KEYS as a keyring (required in production; development: the published demo key). */
export function subjectKeysFromEnv(env: Env, mode: 'development' | 'production' = env.NODE_ENV === 'production' ? 'production' : 'development'): ProtocolKeyring | undefined {
  const text = readVariables(PROTOCOL_VARIABLES, env, mode).PROTOCOL_SUBJECT_KEYS;
  if (!text) return undefined;
  try {
    return parseProtocolKeys(text);
  } catch (error) {
    throw new ConfigError('PROTOCOL_SUBJECT_KEYS', error instanceof Error ? error.message : String(error));
  }
}

/** PROTOCOL_TOKEN_EVIDENCE=on: the witness directory the issuer keys are kept in; undefined when off. */
export function tokenEvidenceFromEnv(env: Env): string | undefined {
  const v = readVariables(PROTOCOL_VARIABLES, env, 'development');
  if (!v.PROTOCOL_TOKEN_EVIDENCE) return undefined;
  if (!v.PROTOCOL_WITNESS_DIR) throw new ConfigError('PROTOCOL_TOKEN_EVIDENCE', 'needs PROTOCOL_WITNESS_DIR: the issuer keys that verify the kept tokens are kept beside the witness, not in the database');
  return v.PROTOCOL_WITNESS_DIR;
}
