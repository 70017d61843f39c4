// The facade's own settings. In development (the default) missing upstreams and
// identity provider are started embedded; with NODE_ENV=production nothing is
// embedded and every external dependency must be configured.
import { bool, ConfigError, fileContents, integer, oneOf, optionalString, optionalUrl, pattern, requiredString } from '../base/config/env.ts';
import { AUTHZ_MODES, type AuthzMode } from './5-authorise/authorise-plugin.ts';
import { DEFAULT_MAX_PERSONS, DEFAULT_MAX_STUDENTS, type SubjectLimits } from '../engine/plan/checks/person-cost.ts';

export type Mode = 'development' | 'production';

export interface FacadeConfig {
  mode: Mode;
  port: number;
  host: string;
  /** BRP_URL when given; otherwise the embedded mock's URL is used (development only). */
  brpUrl?: string;
  /** True when AUTH_ISSUER is given: trust it instead of the embedded development IdP. */
  externalAuth: boolean;
  introspection: boolean;
  gemeenteCode: string;
  policyFile: string;
  authzMode: AuthzMode;
  /** Data subjects one operation may reach: BRP persons and Edu-V students. */
  maxSubjects: SubjectLimits;
  /** Per-field decisions on request (`extensions.explain`): development only. */
  explain: boolean;
  embedded: { brpMockPort: number; devIdpPort: number; audience: string };
  /** The facade terminates TLS itself (and requests client certificates for certificate-bound tokens). */
  tls?: { cert: string; key: string; clientCa?: string };
}

type Env = Record<string, string | undefined>;

export function modeFromEnv(env: Env): Mode {
  return env.NODE_ENV === 'production' ? 'production' : 'development';
}

/** TLS_CERT_FILE + TLS_KEY_FILE (PEM): serve HTTPS; TLS_CLIENT_CA_FILE: verify client certificates against it (mTLS). */
function tlsFromEnv(env: Env): FacadeConfig['tls'] {
  const cert = fileContents(env, 'TLS_CERT_FILE');
  const key = fileContents(env, 'TLS_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError(cert ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE', 'HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE');
  const clientCa = fileContents(env, 'TLS_CLIENT_CA_FILE');
  if (clientCa && !cert) throw new ConfigError('TLS_CLIENT_CA_FILE', 'needs TLS_CERT_FILE and TLS_KEY_FILE (the facade must terminate TLS to see client certificates)');
  return cert && key ? { cert, key, clientCa } : undefined;
}

export function facadeConfigFromEnv(env: Env): FacadeConfig {
  const mode = modeFromEnv(env);
  const production = mode === 'production';
  const brpUrl = production ? requiredString(env, 'BRP_URL', 'when NODE_ENV=production (the BRP Personen API base URL)') : undefined;
  if (production) requiredString(env, 'AUTH_ISSUER', 'when NODE_ENV=production (the trusted token issuer)');
  return {
    mode,
    port: integer(env, 'PORT', 4000, { min: 0, max: 65535 }),
    // Development binds to loopback only: the embedded mock data and dev tokens stay on this machine.
    host: optionalString(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    brpUrl: optionalUrl(env, 'BRP_URL') ?? brpUrl,
    externalAuth: optionalString(env, 'AUTH_ISSUER') !== undefined,
    introspection: bool(env, 'INTROSPECTION', !production),
    gemeenteCode: pattern(env, 'GEMEENTE_CODE', /^\d{4}$/, '0599', 'a municipality code of 4 digits'),
    policyFile: optionalString(env, 'POLICY_FILE') ?? 'rules/policy.yaml',
    authzMode: oneOf(env, 'AUTHZ_MODE', AUTHZ_MODES, 'filter'),
    maxSubjects: {
      BSN: integer(env, 'MAX_PERSONS_PER_OPERATION', DEFAULT_MAX_PERSONS, { min: 1, max: 10_000 }),
      ECK_ID: integer(env, 'MAX_STUDENTS_PER_OPERATION', DEFAULT_MAX_STUDENTS, { min: 1, max: 100_000 }),
    },
    explain: !production,
    tls: tlsFromEnv(env),
    embedded: {
      brpMockPort: integer(env, 'MOCK_BRP_PORT', 4002, { min: 0, max: 65535 }),
      devIdpPort: integer(env, 'DEV_IDP_PORT', 4001, { min: 0, max: 65535 }),
      audience: optionalString(env, 'AUTH_AUDIENCE') ?? 'urn:nl:facade:api',
    },
  };
}
