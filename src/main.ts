// Entry point of `npm start`. With no configuration it runs on its embedded
// defaults: the BRP mock and the development identity provider on their own
// ports, over real HTTP. Each external setting overrides its embedded part.
import { ConfigError } from './base/config/env.ts';
import { facadeConfigFromEnv } from './pipeline/config.ts';
import { configurationProblems } from './pipeline/configuration.ts';
import { ConfigProblems, readVariables } from './base/config/variables.ts';
import { AUTH_VARIABLES } from './base/auth/variables.ts';
import { Redis } from 'ioredis';
import { Quotas } from './engine/quota/quotas.ts';
import { loadTrustedDocuments } from './pipeline/4-validate/trusted-documents.ts';
import { authConfigFromEnv, createAuthConfig } from './base/auth/config.ts';
import { createAccessTokenVerifier } from './base/auth/verify-access-token.ts';
import { brpClientConfigFromEnv } from './domains/brp/config.ts';
import { BrpClient } from './domains/brp/client.ts';
import { createLogger } from './base/log/logger.ts';
import { startFacade } from './pipeline/facade.ts';
import { loadPolicy, PolicyError } from '../rules/policy.ts';
import { hostname } from 'node:os';
import { openStore } from './base/storage/open-store.ts';
import { storeLocationFromEnv } from './base/storage/cli-support.ts';
import { createProtocolLog } from './engine/protocol/protocol-log.ts';
import { eduvConfigFromEnv } from './domains/eduv/config.ts';
import { startEduv } from './domains/eduv/setup.ts';
import { SeedError } from './domains/eduv/registry/seed.ts';

// The configuration is checked before anything else reads it (the log level included).
const problems = configurationProblems(process.env);
if (problems.length) {
  for (const line of problems) process.stderr.write(`configuration error: ${line}\n`);
  process.exit(2);
}
const logger = createLogger();
const closers: Array<() => Promise<void>> = [];

async function main(): Promise<void> {
  const config = facadeConfigFromEnv(process.env);
  const policy = loadPolicy(config.policyFile);

  let brpUrl = config.brpUrl;
  if (!brpUrl) {
    const { startBrpMock } = await import('./dev/mocks/brp/server.ts');
    const mock = await startBrpMock({ port: config.embedded.brpMockPort, host: '127.0.0.1' });
    closers.push(() => mock.close());
    brpUrl = mock.url;
    logger.info({ url: mock.url }, 'embedded BRP mock started (development)');
  }

  let authConfig;
  let extraRoutes: Parameters<typeof startFacade>[0]['extraRoutes'];
  if (config.externalAuth) {
    authConfig = authConfigFromEnv(process.env, config.mode);
  } else {
    const { startDevIdp } = await import('./dev/idp/server.ts');
    const idp = await startDevIdp({ port: config.embedded.devIdpPort, host: '127.0.0.1', audience: config.embedded.audience });
    closers.push(() => idp.close());
    authConfig = createAuthConfig({
      issuers: [{ issuer: idp.issuer, audience: config.embedded.audience, jwksUrl: idp.jwksUrl }],
      rolesClaim: readVariables(AUTH_VARIABLES, process.env, config.mode).ROLES_CLAIM,
    });
    logger.info({ issuer: idp.issuer }, 'embedded development identity provider started; `npm run token -- <persona>` prints a token');
    // The sandbox picks personas from this IdP: development only, never with NODE_ENV=production.
    const { createSandboxRoute } = await import('./dev/sandbox/route.ts');
    extraRoutes = await createSandboxRoute({ idp, logger, policy });
  }

  // The protocol log's store: PostgreSQL with DATABASE_URL, else PGlite under DATA_DIR (created and migrated here).
  const location = storeLocationFromEnv(process.env);
  // Embedded PGlite runs in a worker thread: the protocol writes do not take turns with the requests.
  const store = await openStore({ ...location.options, worker: true });
  closers.push(() => store.close());
  // One hash chain per instance: a stable name per replica (INSTANCE_ID, else the host name, e.g. the pod).
  const instanceId = (config.instanceId ?? hostname()).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
  const protocol = await createProtocolLog(store, { instanceId });
  closers.push(() => protocol.close());
  logger.info({ store: location.description, instanceId }, 'protocol log ready');

  // Edu-V: on in development (embedded mock and demo seed), in production when EDUV_URL is set.
  const eduvConfig = eduvConfigFromEnv(process.env, config.mode === 'production');
  let eduv: Awaited<ReturnType<typeof startEduv>> | undefined;
  if (eduvConfig) {
    let eduvUrl = eduvConfig.url;
    if (!eduvUrl) {
      const { startEduvMock } = await import('./dev/mocks/eduv/server.ts');
      const mock = await startEduvMock({ port: config.embedded.eduvMockPort, host: '127.0.0.1' });
      closers.push(() => mock.close());
      eduvUrl = mock.url;
      logger.info({ url: mock.url }, 'embedded Edu-V mock started (development)');
    }
    eduv = await startEduv(eduvConfig, eduvUrl, store, logger);
    closers.push(() => eduv!.close());
  }

  // Quotas: shared by every instance through Redis when REDIS_URL is set, else counted in this process.
  let redis: Redis | undefined;
  if (config.quota.redisUrl) {
    redis = new Redis(config.quota.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 500 });
    redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'quota store (Redis) error'));
    const client = redis;
    closers.push(async () => void client.disconnect());
  }
  const quota = { quotas: new Quotas({ redis, failOpen: config.quota.failOpen, keyPrefix: 'facade' }), defaults: config.quota.defaults };

  const brp = new BrpClient(brpClientConfigFromEnv(process.env, brpUrl, config.mode));
  closers.push(() => brp.close());
  const facade = await startFacade({
    port: config.port,
    host: config.host,
    verifier: createAccessTokenVerifier(authConfig),
    brp,
    logger,
    introspection: config.introspection,
    policy,
    gemeenteCode: config.gemeenteCode,
    authzMode: config.authzMode,
    maxSubjects: config.maxSubjects,
    corsOrigins: config.corsOrigins,
    quota,
    trustedDocuments: config.trustedDocumentsFile ? loadTrustedDocuments(config.trustedDocumentsFile) : undefined,
    httpTimeouts: config.httpTimeouts,
    explain: config.explain,
    extraRoutes,
    protocol,
    protocolReady: () => protocol.ready(),
    eduv: eduv?.services,
    tls: config.tls,
  });
  closers.unshift(() => facade.close());
}

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  for (const close of closers) await close().catch(() => undefined);
  process.exit(0);
}

process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

main().catch((err: unknown) => {
  if (err instanceof PolicyError || err instanceof SeedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof ConfigError || err instanceof ConfigProblems) {
    // One clear line per problem, naming its variable, nothing else.
    const lines = err instanceof ConfigProblems ? err.problems : [err.message];
    for (const line of lines) process.stderr.write(`configuration error: ${line}\n`);
    process.exit(2);
  }
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'start-up failed');
  process.exit(1);
});
