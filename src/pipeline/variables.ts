// The facade's own settings (the pipeline and its wiring), declared once.
import { defineVariables, flag, matching, oneOf, port, rate, text, wholeNumber } from '../base/config/variables.ts';
import { DEFAULT_MAX_PERSONS, DEFAULT_MAX_STUDENTS } from '../engine/plan/checks/person-cost.ts';
import { AUTHZ_MODES } from './5-authorise/authorise-plugin.ts';

export const PIPELINE_VARIABLES = defineVariables({
  NODE_ENV: { description: '`production` runs nothing embedded and requires every external dependency; anything else is development', schema: text(), default: 'development' },
  PORT: { description: 'port of /graphql and the health endpoints', schema: port(), default: '4000' },
  HOST: { description: 'interface to listen on (development binds to loopback only)', schema: text(), default: { development: '127.0.0.1', production: '0.0.0.0' } },
  INTROSPECTION: { description: 'answer introspection (always cut to the caller\'s purpose)', schema: flag(), default: { development: 'true', production: 'false' } },
  GEMEENTE_CODE: { description: 'the own municipality, for purposes that are not nationwide', schema: matching(/^\d{4}$/, 'a municipality code of 4 digits'), default: '0599' },
  POLICY_FILE: { description: 'the policy: purposes, roles, clients (production: required — the demo policy is never a default there)', schema: text(), default: { development: 'rules/policy.yaml' }, requiredIn: 'production' },
  AUTHZ_MODE: { description: 'what a denied field does: filter (null + error), reject (the operation fails) or dry-run (reported only)', schema: oneOf(AUTHZ_MODES), default: 'filter' },
  MAX_PERSONS_PER_OPERATION: { description: 'BRP persons one operation may reach', schema: wholeNumber(1, 10_000), default: String(DEFAULT_MAX_PERSONS) },
  MAX_STUDENTS_PER_OPERATION: { description: 'Edu-V students one operation may reach', schema: wholeNumber(1, 100_000), default: String(DEFAULT_MAX_STUDENTS) },
  TLS_CERT_FILE: { description: 'PEM certificate: the facade serves HTTPS itself (with TLS_KEY_FILE)', schema: text() },
  TLS_KEY_FILE: { description: 'PEM private key of TLS_CERT_FILE', schema: text() },
  TLS_CLIENT_CA_FILE: { description: 'PEM CA: client certificates are requested and verified (mTLS; certificate-bound Edu-V tokens)', schema: text() },
  QUOTA_PERSONS: { description: 'persons an employee may be disclosed per window (per purpose; a machine client: per client), e.g. `2000/hour`; the policy may override per purpose and client', schema: rate(), default: '2000/hour' },
  QUOTA_OPERATIONS: { description: 'operations an employee (or a machine client) may run per window', schema: rate(), default: '600/minute' },
  QUOTA_FAIL_OPEN: { description: 'admit requests when the quota store (Redis) cannot be reached; off: refuse personal data (503 QUOTA_UNAVAILABLE)', schema: flag(), default: 'false' },
  REDIS_URL: { description: 'Redis for quotas shared by every instance behind a load balancer (redis://…); without it, counted per process', schema: text(), secret: true },
  TRUSTED_DOCUMENTS_FILE: { description: 'trusted-documents mode: a JSON file mapping client ids to the SHA-256 hashes of the only operations they may run', schema: text() },
  CORS_ORIGINS: { description: 'browser origins allowed to call /graphql, comma-separated (exact, e.g. `https://zaken.gemeente.nl`); none by default', schema: text() },
  HTTP_HEADERS_TIMEOUT_MS: { description: 'a request\'s headers must arrive within this time', schema: wholeNumber(100, 120_000), default: '10000' },
  HTTP_REQUEST_TIMEOUT_MS: { description: 'a whole request, body included, must arrive within this time (slow senders are cut)', schema: wholeNumber(100, 600_000), default: '30000' },
  HTTP_KEEPALIVE_TIMEOUT_MS: { description: 'an idle keep-alive connection is closed after this time', schema: wholeNumber(100, 600_000), default: '5000' },
  ALLOW_EMBEDDED_STORE: { description: 'production: accept the embedded protocol store (PGlite under DATA_DIR) instead of PostgreSQL; logged at start', schema: flag(), default: 'false' },
  SHUTDOWN_GRACE_MS: { description: 'on SIGTERM, /health/ready answers 503 at once and new connections are still taken this long (the load balancer stops sending)', schema: wholeNumber(0, 120_000), default: { development: '0', production: '5000' } },
  SHUTDOWN_TIMEOUT_MS: { description: 'after the grace period, requests in flight get this long to finish before their connections are closed', schema: wholeNumber(0, 300_000), default: '20000' },
  METRICS_PORT: { description: 'Prometheus /metrics on this port, a listener of its own (never the public one); unset: no metrics', schema: port() },
  INSTANCE_ID: { description: 'names this instance\'s protocol hash chains (stable per replica, e.g. the pod name); default the host name', schema: text() },
  LOG_LEVEL: { description: 'application log level (pino)', schema: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' },
  MOCK_BRP_PORT: { description: 'development: port of the embedded BRP mock', schema: port(), default: '4002' },
  MOCK_EDUV_PORT: { description: 'development: port of the embedded Edu-V mock', schema: port(), default: '4003' },
  DEV_IDP_PORT: { description: 'development: port of the embedded identity provider', schema: port(), default: '4001' },
});
