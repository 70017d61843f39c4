// The facade's own settings. In development (the default) missing upstreams and
// identity provider are started embedded; with NODE_ENV=production nothing is
// embedded and every external dependency must be configured.
import { ConfigError, fileContents } from '../base/config/env.ts';
import { readVariables, type Values } from '../base/config/variables.ts';
import type { X509Certificate } from 'node:crypto';
import { readCertificateBundle } from '../base/http/verify-certificate.ts';
import type { ForwardedCertificateOptions } from './1-http/client-certificate.ts';
import { defaultHeaderFormat } from './1-http/forwarded-certificate.ts';
import { trustedProxies } from './1-http/trusted-proxies.ts';
import { AUTH_VARIABLES } from '../base/auth/variables.ts';
import { BAG_VARIABLES } from '../domains/bag/variables.ts';
import { BRP_VARIABLES } from '../domains/brp/variables.ts';
import type { AuthzMode } from './5-authorise/authorise-plugin.ts';
import type { SubjectLimits } from '../engine/plan/checks/person-cost.ts';
import { PIPELINE_VARIABLES } from './variables.ts';
import type { HttpTimeouts } from './1-http/http.ts';
import type { QuotaLimits } from '../base/config/rate.ts';

export type Mode = 'development' | 'production';

export interface FacadeConfig {
  mode: Mode;
  port: number;
  host: string;
  /** BRP_URL when given; otherwise the embedded mock's URL is used (development only). */
  brpUrl?: string;
  /** BRP_HISTORIE_URL, BRP_REISDOCUMENTEN_URL: unset, BRP_URL serves them (one gateway). */
  brpHistorieUrl?: string;
  brpReisdocumentenUrl?: string;
  brpBewoningUrl?: string;
  /** BAG_URL (unset in production: no BAG; in development the embedded mock), BAG_API_KEY. */
  bag: { url?: string; apiKey?: string; timeoutMs: number };
  /** True when AUTH_ISSUER is given: trust it instead of the embedded development IdP. */
  externalAuth: boolean;
  introspection: boolean;
  gemeenteCode: string;
  policyFile: string;
  /** VERWERKINGSREGISTER_FILE: the register of processing activities (AVG art. 30). */
  registerFile: string;
  authzMode: AuthzMode;
  /** Data subjects one operation may reach: BRP persons and Edu-V students. */
  maxSubjects: SubjectLimits;
  /** Per-field decisions on request (`extensions.explain`): development only. */
  explain: boolean;
  corsOrigins: string[];
  trustedDocumentsFile?: string;
  quota: { defaults: QuotaLimits; failOpen: boolean; redisUrl?: string };
  httpTimeouts: HttpTimeouts;
  /** SIGTERM: readiness off, then new connections taken for graceMs, then in-flight requests get timeoutMs. */
  shutdown: { graceMs: number; timeoutMs: number };
  /** METRICS_PORT: Prometheus /metrics on a listener of its own. */
  metricsPort?: number;
  /** INSTANCE_ID: names this instance's protocol chains (default: the host name). */
  instanceId?: string;
  /** OTLP/HTTP traces URL (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); unset: nothing exported. */
  tracing: { url?: string; serviceName: string };
  embedded: { brpMockPort: number; historieMockPort: number; reisdocumentenMockPort: number; bewoningMockPort: number; bagMockPort: number; eduvMockPort: number; devIdpPort: number; audience: string };
  /** The facade terminates TLS itself (and requests client certificates for certificate-bound tokens). */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Behind a TLS-terminating ingress: the client certificate forwarded by a trusted proxy hop. */
  forwardedCertificate?: ForwardedCertificateOptions;
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
  if (clientCa && !cert && !env.CLIENT_CERT_HEADER?.trim()) {
    throw new ConfigError('TLS_CLIENT_CA_FILE', 'needs TLS_CERT_FILE and TLS_KEY_FILE (the facade terminates TLS and sees the certificates), or CLIENT_CERT_HEADER (a trusted proxy forwards them)');
  }
  return cert && key ? { cert, key, clientCa } : undefined;
}

/** CLIENT_CERT_HEADER with TRUSTED_PROXIES and TLS_CLIENT_CA_FILE: believe that header from those hops only. */
function forwardedCertificateFromEnv(env: Env, v: Pick<Values<typeof PIPELINE_VARIABLES>, 'CLIENT_CERT_HEADER' | 'CLIENT_CERT_HEADER_FORMAT' | 'TRUSTED_PROXIES'>): ForwardedCertificateOptions | undefined {
  const header = v.CLIENT_CERT_HEADER;
  if (!header) {
    if (v.TRUSTED_PROXIES) throw new ConfigError('TRUSTED_PROXIES', 'has no use without CLIENT_CERT_HEADER (the only header the facade takes from a proxy)');
    return undefined;
  }
  const cidrs = (v.TRUSTED_PROXIES ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  // Without it anyone could claim any certificate: the header would be a password everyone knows.
  if (cidrs.length === 0) throw new ConfigError('TRUSTED_PROXIES', 'required with CLIENT_CERT_HEADER: the proxy hops whose header is believed');
  let proxies;
  try {
    proxies = trustedProxies(cidrs);
  } catch (err) {
    throw new ConfigError('TRUSTED_PROXIES', (err as Error).message);
  }
  const ca = fileContents(env, 'TLS_CLIENT_CA_FILE');
  if (!ca) throw new ConfigError('TLS_CLIENT_CA_FILE', 'required with CLIENT_CERT_HEADER: the forwarded certificate is verified against it');
  let anchors: X509Certificate[] = [];
  try {
    anchors = readCertificateBundle(ca);
  } catch {
    // reported below as unreadable
  }
  if (anchors.length === 0) throw new ConfigError('TLS_CLIENT_CA_FILE', 'holds no readable PEM certificate');
  return { header, format: v.CLIENT_CERT_HEADER_FORMAT ?? defaultHeaderFormat(header), trustedProxies: proxies, anchors };
}

export function facadeConfigFromEnv(env: Env): FacadeConfig {
  const mode = modeFromEnv(env);
  const production = mode === 'production';
  const v = readVariables(PIPELINE_VARIABLES, env, mode);
  const brp = readVariables({ BRP_URL: BRP_VARIABLES.BRP_URL, BRP_HISTORIE_URL: BRP_VARIABLES.BRP_HISTORIE_URL, BRP_REISDOCUMENTEN_URL: BRP_VARIABLES.BRP_REISDOCUMENTEN_URL, BRP_BEWONING_URL: BRP_VARIABLES.BRP_BEWONING_URL }, env, mode);
  const bag = readVariables(BAG_VARIABLES, env, mode);
  const auth = readVariables({ AUTH_ISSUER: AUTH_VARIABLES.AUTH_ISSUER, AUTH_AUDIENCE: AUTH_VARIABLES.AUTH_AUDIENCE }, env, mode);
  return {
    mode,
    port: v.PORT!,
    // Development binds to loopback only: the embedded mock data and dev tokens stay on this machine.
    host: v.HOST!,
    brpUrl: brp.BRP_URL,
    brpHistorieUrl: brp.BRP_HISTORIE_URL,
    brpReisdocumentenUrl: brp.BRP_REISDOCUMENTEN_URL,
    brpBewoningUrl: brp.BRP_BEWONING_URL,
    bag: { url: bag.BAG_URL, apiKey: bag.BAG_API_KEY, timeoutMs: bag.BAG_TIMEOUT_MS! },
    externalAuth: auth.AUTH_ISSUER !== undefined,
    introspection: v.INTROSPECTION!,
    gemeenteCode: v.GEMEENTE_CODE!,
    policyFile: v.POLICY_FILE!,
    registerFile: v.VERWERKINGSREGISTER_FILE!,
    authzMode: v.AUTHZ_MODE!,
    maxSubjects: { BSN: v.MAX_PERSONS_PER_OPERATION!, ECK_ID: v.MAX_STUDENTS_PER_OPERATION! },
    explain: !production,
    tls: tlsFromEnv(env),
    forwardedCertificate: forwardedCertificateFromEnv(env, v),
    instanceId: v.INSTANCE_ID,
    metricsPort: v.METRICS_PORT,
    tracing: {
      url: v.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (v.OTEL_EXPORTER_OTLP_ENDPOINT ? `${v.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined),
      serviceName: v.OTEL_SERVICE_NAME!,
    },
    shutdown: { graceMs: v.SHUTDOWN_GRACE_MS!, timeoutMs: v.SHUTDOWN_TIMEOUT_MS! },
    quota: { defaults: { persons: v.QUOTA_PERSONS, operations: v.QUOTA_OPERATIONS }, failOpen: v.QUOTA_FAIL_OPEN!, redisUrl: v.REDIS_URL },
    trustedDocumentsFile: v.TRUSTED_DOCUMENTS_FILE,
    corsOrigins: (v.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    httpTimeouts: { headersMs: v.HTTP_HEADERS_TIMEOUT_MS!, requestMs: v.HTTP_REQUEST_TIMEOUT_MS!, keepAliveMs: v.HTTP_KEEPALIVE_TIMEOUT_MS! },
    embedded: {
      brpMockPort: v.MOCK_BRP_PORT!,
      historieMockPort: v.MOCK_BRP_HISTORIE_PORT!,
      reisdocumentenMockPort: v.MOCK_BRP_REISDOCUMENTEN_PORT!,
      bewoningMockPort: v.MOCK_BRP_BEWONING_PORT!,
      bagMockPort: v.MOCK_BAG_PORT!,
      eduvMockPort: v.MOCK_EDUV_PORT!,
      devIdpPort: v.DEV_IDP_PORT!,
      audience: auth.AUTH_AUDIENCE ?? 'urn:nl:facade:api',
    },
  };
}
