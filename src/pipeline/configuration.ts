// Every environment variable of every layer, for the start-up check and for
// docs/configuration.md (scripts/config-docs.ts). The check reads each layer's
// declarations and runs each layer's reader, so one run names every problem:
// a production start with nothing set lists every variable it needs.
import { anchorFromEnv, subjectKeysFromEnv, tokenEvidenceFromEnv } from '../engine/protocol/cli/env.ts';
import { AUTH_VARIABLES } from '../base/auth/variables.ts';
import { authConfigFromEnv, JWKS_REQUIRED } from '../base/auth/config.ts';
import { existsSync } from 'node:fs';
import { ConfigError } from '../base/config/env.ts';
import { collectProblems, readVariables, type Variables } from '../base/config/variables.ts';
import { storeLocationFromEnv } from '../base/storage/cli-support.ts';
import { STORAGE_VARIABLES } from '../base/storage/variables.ts';
import { brpClientConfigFromEnv } from '../domains/brp/config.ts';
import { BRP_VARIABLES } from '../domains/brp/variables.ts';
import { BAG_VARIABLES } from '../domains/bag/variables.ts';
import { eduvConfigFromEnv } from '../domains/eduv/config.ts';
import { EDUV_VARIABLES } from '../domains/eduv/variables.ts';
import { PROTOCOL_VARIABLES } from '../engine/protocol/variables.ts';
import { EXPORT_VARIABLES } from '../engine/protocol/export/variables.ts';
import { exportConfigFromEnv } from '../engine/protocol/export/config.ts';
import { facadeConfigFromEnv, modeFromEnv } from './config.ts';
import { PIPELINE_VARIABLES } from './variables.ts';
import { loadTrustedDocuments } from './4-validate/trusted-documents.ts';

export interface VariableGroup {
  title: string;
  declaredIn: string;
  variables: Variables;
}

export const VARIABLE_GROUPS: readonly VariableGroup[] = [
  { title: 'The facade', declaredIn: 'src/pipeline/variables.ts', variables: PIPELINE_VARIABLES },
  { title: 'Access tokens', declaredIn: 'src/base/auth/variables.ts', variables: AUTH_VARIABLES },
  { title: 'BRP Personen', declaredIn: 'src/domains/brp/variables.ts', variables: BRP_VARIABLES },
  { title: 'BAG', declaredIn: 'src/domains/bag/variables.ts', variables: BAG_VARIABLES },
  { title: 'Edu-V', declaredIn: 'src/domains/eduv/variables.ts', variables: EDUV_VARIABLES },
  { title: 'Storage', declaredIn: 'src/base/storage/variables.ts', variables: STORAGE_VARIABLES },
  { title: 'Protocol log', declaredIn: 'src/engine/protocol/variables.ts', variables: PROTOCOL_VARIABLES },
  { title: 'Protocol export (SIEM)', declaredIn: 'src/engine/protocol/export/variables.ts', variables: EXPORT_VARIABLES },
];

type Env = Readonly<Record<string, string | undefined>>;

function readable(env: Env, name: string, fallback?: string): void {
  const file = env[name]?.trim() || fallback;
  if (file && !existsSync(file)) throw new ConfigError(name, `cannot read file "${file.slice(0, 200)}"`);
}

/**
 * Production keeps the protocol log — a legal record — in PostgreSQL: the embedded store only by an
 * explicit opt-in (ALLOW_EMBEDDED_STORE=true), which start-up logs.
 */
export function checkProductionStore(env: Env): void {
  const mode = modeFromEnv(env);
  const { ALLOW_EMBEDDED_STORE: allowed } = readVariables({ ALLOW_EMBEDDED_STORE: PIPELINE_VARIABLES.ALLOW_EMBEDDED_STORE }, env, mode);
  if (mode === 'production' && !env.DATABASE_URL?.trim() && !allowed) {
    throw new ConfigError('DATABASE_URL', 'is required in production: the protocol log belongs in PostgreSQL (ALLOW_EMBEDDED_STORE=true accepts the embedded store knowingly)');
  }
}

/** Every problem of this environment, one line each naming its variable; none: []. */
export function configurationProblems(env: Env): string[] {
  const mode = modeFromEnv(env);
  return collectProblems([
    ...VARIABLE_GROUPS.map((group) => () => readVariables(group.variables, env, mode)),
    () => facadeConfigFromEnv(env),
    () => (env.AUTH_ISSUER?.trim() ? authConfigFromEnv(env as NodeJS.ProcessEnv, mode) : undefined),
    // Where the keys are is checked with the issuers, after their own variables; asked here too so
    // that it is named in the same run as the others.
    () => {
      const external = mode === 'production' || Boolean(env.AUTH_ISSUER?.trim());
      if (external && !env.AUTH_JWKS_URL?.trim() && !env.AUTH_JWKS_FILE?.trim()) throw new ConfigError('AUTH_JWKS_URL', JWKS_REQUIRED);
    },
    // Files named by variables must be readable: found in the same run, not after the others are fixed.
    () => readable(env, 'POLICY_FILE', mode === 'development' ? PIPELINE_VARIABLES.POLICY_FILE.default.development : undefined),
    () => readable(env, 'VERWERKINGSREGISTER_FILE', mode === 'development' ? PIPELINE_VARIABLES.VERWERKINGSREGISTER_FILE.default.development : undefined),
    () => readable(env, 'TLS_CERT_FILE'),
    () => readable(env, 'TLS_KEY_FILE'),
    () => readable(env, 'TLS_CLIENT_CA_FILE'),
    () => (env.TRUSTED_DOCUMENTS_FILE?.trim() ? loadTrustedDocuments(env.TRUSTED_DOCUMENTS_FILE.trim()) : undefined),
    () => brpClientConfigFromEnv(env, 'http://configuration.check.invalid', mode),
    () => eduvConfigFromEnv(env, mode === 'production'),
    () => storeLocationFromEnv(env),
    () => checkProductionStore(env),
    () => anchorFromEnv(env),
    () => subjectKeysFromEnv(env, mode),
    () => tokenEvidenceFromEnv(env),
    () => exportConfigFromEnv(env, mode),
  ]);
}
