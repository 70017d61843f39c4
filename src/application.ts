// The facade as one running application: configuration read, stores opened, upstream clients and
// the pipeline started, and every part closed again in order. Two entries start it:
//   src/main.ts       production (`node dist/main.js`): every external part is configuration;
//   src/dev/start.ts  development (`npm start`): the mocks and the development IdP stand in for what
//                     is not configured (EmbeddedParts). The production tree never imports src/dev.
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { loadPolicy, PolicyError, type Policy } from '../rules/policy.ts';
import { authConfigFromEnv, type AuthConfig } from './base/auth/config.ts';
import { createAccessTokenVerifier } from './base/auth/verify-access-token.ts';
import { answerHelp } from './base/cli/help.ts';
import { ConfigError } from './base/config/env.ts';
import { createLogger, type Logger } from './base/log/logger.ts';
import { ConfigProblems } from './base/config/variables.ts';
import { SeedError } from './domains/eduv/registry/seed.ts';
import { checkRegisterCoverage, loadRegister, RegisterError } from '../rules/verwerkingsregister.ts';
import { activityReferences } from './pipeline/activity-references.ts';
import { checkProductionStore, configurationProblems } from './pipeline/configuration.ts';
import { storeLocationFromEnv } from './base/storage/cli-support.ts';
import { openStore } from './base/storage/open-store.ts';
import { BrpClient } from './domains/brp/client.ts';
import { BagClient } from './domains/bag/client.ts';
import { brpClientConfigFromEnv } from './domains/brp/config.ts';
import { eduvConfigFromEnv, type EduvOutbound } from './domains/eduv/config.ts';
import { startEduv } from './domains/eduv/setup.ts';
import { createProtocolLog } from './engine/protocol/protocol-log.ts';
import { createProtocolOversight } from './engine/protocol/oversight/oversight.ts';
import { inProcessBroadcast, postgresBroadcast } from './base/storage/broadcast.ts';
import { anchorFromEnv, subjectKeysFromEnv, tokenEvidenceFromEnv, writeTimeoutMsFromEnv } from './engine/protocol/cli/env.ts';
import { issuerKeyWitness } from './engine/protocol/issuer-keys.ts';
import { directoryWitness } from './engine/protocol/witness.ts';
import { startBackgroundExport } from './engine/protocol/export/background.ts';
import { Quotas } from './engine/quota/quotas.ts';
import { loadTrustedDocuments } from './pipeline/4-validate/trusted-documents.ts';
import { facadeConfigFromEnv, type FacadeConfig } from './pipeline/config.ts';
import { startFacade, type FacadeOptions, type RunningFacade } from './pipeline/facade.ts';
import { createMetrics, startMetricsServer } from './pipeline/observe/metrics.ts';
import { createTracing } from './pipeline/observe/tracing.ts';
import { PlanCache } from './engine/plan/plan-cache.ts';

type Closer = () => Promise<void>;

/** The advisory lock of the instance that polls the Edu-V change feed (any fixed number, the same on every instance). */
const EDUV_CHANGES_LOCK = 0x65_64_75_76;

/** Development stand-ins for the parts that are not configured (src/dev/start.ts). */
export interface EmbeddedParts {
  brp(config: FacadeConfig): Promise<{ url: string; close: Closer }>;
  /** The BRP Verblijfplaatshistorie and Reisdocumenten mocks (started when BRP_URL is not set either). */
  historie(config: FacadeConfig): Promise<{ url: string; close: Closer }>;
  reisdocumenten(config: FacadeConfig): Promise<{ url: string; close: Closer }>;
  bewoning(config: FacadeConfig): Promise<{ url: string; close: Closer }>;
  /** The BAG mock (started when BAG_URL is not set). */
  bag(config: FacadeConfig): Promise<{ url: string; apiKey: string; close: Closer }>;
  auth(config: FacadeConfig, policy: Policy): Promise<{ authConfig: AuthConfig; extraRoutes?: FacadeOptions['extraRoutes']; close: Closer }>;
  /** The Edu-V mock, with its token endpoint and the facade's credentials for it. */
  eduv(config: FacadeConfig): Promise<{ url: string; outbound: EduvOutbound; close: Closer }>;
}

export interface RunningApplication {
  facade: RunningFacade;
  /** SIGTERM: the facade drains (readiness off, grace, in-flight finished), then every part closes. */
  shutdown(): Promise<void>;
  /** Closes every part, the facade first, each once, in reverse order of start. */
  close(): Promise<void>;
}

/** A part the build embeds no stand-in for. */
function notEmbedded(variable: string): never {
  throw new ConfigError(variable, 'is required: the built facade embeds no mock or development IdP (`npm start` runs the development facade)');
}

export async function startApplication(env: NodeJS.ProcessEnv, logger: Logger, embedded?: EmbeddedParts): Promise<RunningApplication> {
  const closers: Closer[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((err: unknown) => logger.warn({ err: String(err) }, 'close failed'));
  };
  try {
    const config = facadeConfigFromEnv(env);
    const policy = loadPolicy(config.policyFile);
    // Every disclosure names a registered processing activity: checked before anything is served.
    const register = loadRegister(config.registerFile);
    checkRegisterCoverage(register, activityReferences(policy, eduvConfigFromEnv(env, config.mode === 'production') !== undefined));
    logger.info({ register: config.registerFile, version: register.version, activities: register.activities.size }, 'verwerkingsregister read');
    if (config.forwardedCertificate) {
      const { header, format, trustedProxies } = config.forwardedCertificate;
      logger.info({ header, format, trustedProxies: trustedProxies.cidrs }, 'client certificates are taken from this header when a trusted proxy sets it');
    }

    let brpUrl = config.brpUrl;
    if (!brpUrl) {
      const mock = await (embedded ?? notEmbedded('BRP_URL')).brp(config);
      closers.push(mock.close);
      brpUrl = mock.url;
    }
    // The other BRP APIs: their own base URLs, else BRP_URL (RvIG's gateway serves them side by side),
    // else (development, no BRP_URL) their embedded mocks.
    const apiUrl = async (configured: string | undefined, part: 'historie' | 'reisdocumenten' | 'bewoning'): Promise<string> => {
      if (configured) return configured;
      if (config.brpUrl) return config.brpUrl;
      const mock = await (embedded ?? notEmbedded('BRP_URL'))[part](config);
      closers.push(mock.close);
      return mock.url;
    };
    const historieUrl = await apiUrl(config.brpHistorieUrl, 'historie');
    const reisdocumentenUrl = await apiUrl(config.brpReisdocumentenUrl, 'reisdocumenten');
    const bewoningUrl = await apiUrl(config.brpBewoningUrl, 'bewoning');
    // The BAG: BAG_URL, else (development) its embedded mock; in production without BAG_URL it is off.
    let bagConfig = config.bag.url ? { url: config.bag.url, apiKey: config.bag.apiKey, timeoutMs: config.bag.timeoutMs } : undefined;
    if (!bagConfig && embedded) {
      const mock = await embedded.bag(config);
      closers.push(mock.close);
      bagConfig = { url: mock.url, apiKey: mock.apiKey, timeoutMs: config.bag.timeoutMs };
    }

    let authConfig: AuthConfig;
    let extraRoutes: FacadeOptions['extraRoutes'];
    if (config.externalAuth) {
      authConfig = authConfigFromEnv(env, config.mode);
      // Said once at start: with ROLES_CLAIM unset a Keycloak issuer's roles are its realm roles.
      for (const issuer of authConfig.issuers) {
        if (issuer.profile === 'keycloak' && !issuer.rolesClaim && !authConfig.rolesClaim) {
          logger.warn({ issuer: issuer.issuer }, 'roles are read from realm_access.roles (the keycloak profile\'s default); set ROLES_CLAIM for client roles, e.g. resource_access.<client>.roles');
        }
      }
    } else {
      const dev = await (embedded ?? notEmbedded('AUTH_ISSUER')).auth(config, policy);
      closers.push(dev.close);
      ({ authConfig, extraRoutes } = dev);
    }

    // The protocol log's store: PostgreSQL with DATABASE_URL, else PGlite under DATA_DIR (created and migrated here).
    const location = storeLocationFromEnv(env);
    checkProductionStore(env);
    if (config.mode === 'production' && !location.options.databaseUrl) {
      logger.warn({ store: location.description }, 'production runs on the embedded protocol store (ALLOW_EMBEDDED_STORE=true): one instance, no backups of its own');
    }
    // Embedded PGlite runs in a worker thread: the protocol writes do not take turns with the requests.
    const store = await openStore({ ...location.options, worker: true });
    closers.push(() => store.close());
    // One hash chain per instance: a stable name per replica (INSTANCE_ID, else the host name, e.g. the pod).
    const instanceId = (config.instanceId ?? hostname()).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
    // Signed chain heads kept outside the database (PROTOCOL_WITNESS_DIR), so a rewritten tail is found.
    const anchor = anchorFromEnv(env);
    if (!anchor && config.mode === 'production') logger.warn('no PROTOCOL_WITNESS_DIR: the chain heads are not anchored outside the database');
    const evidenceDir = tokenEvidenceFromEnv(env);
    // Metrics on a listener of their own (METRICS_PORT): requests counted from the records they leave,
    // upstream calls and protocol transactions where they happen.
    const metrics = config.metricsPort === undefined ? undefined : createMetrics();
    // Subjects pseudonymised and sealed, never in plain text (PROTOCOL_SUBJECT_KEYS); the privacy officer's view opens them.
    const subjectKeys = subjectKeysFromEnv(env, config.mode);
    // The SIEM export when configured (PROTOCOL_EXPORT_FILE / _SYSLOG); closers run in reverse, so it stops after the protocol log's last records.
    const siemExport = startBackgroundExport(store, env, config.mode, instanceId, logger);
    if (siemExport) closers.push(() => siemExport.stop());
    const protocol = await createProtocolLog(store, {
      instanceId,
      writeTimeoutMs: writeTimeoutMsFromEnv(env),
      onTransaction: metrics?.protocolTransaction,
      subjects: subjectKeys,
      ...(anchor
        ? {
            anchor: {
              witness: directoryWitness(anchor.dir),
              signingKey: anchor.signingKey,
              everyRecords: anchor.everyRecords,
              everyMs: anchor.everyMs,
              onError: (err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the witness could not be written; the next anchor tries again'),
            },
          }
        : {}),
    });
    closers.push(() => protocol.close());
    logger.info({ store: location.description, instanceId }, 'protocol log ready');

    // Edu-V: on in development (embedded mock and demo seed), in production when EDUV_URL is set.
    const eduvConfig = eduvConfigFromEnv(env, config.mode === 'production');
    let eduv: Awaited<ReturnType<typeof startEduv>> | undefined;
    if (eduvConfig) {
      let upstream = eduvConfig.url ? { url: eduvConfig.url, outbound: eduvConfig.outbound } : undefined;
      if (!upstream) {
        const mock = await (embedded ?? notEmbedded('EDUV_URL')).eduv(config);
        closers.push(mock.close);
        upstream = { url: mock.url, outbound: mock.outbound };
      }
      // Change notifications reach the other instances through PostgreSQL (LISTEN/NOTIFY); the embedded store has no others.
      const broadcast = location.options.databaseUrl
        ? await postgresBroadcast({
            databaseUrl: location.options.databaseUrl,
            channel: 'facade_eduv_changes',
            lockKey: EDUV_CHANGES_LOCK,
            onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'Edu-V change notifications: database connection lost; subscriptions end, the next poll reconnects'),
          })
        : inProcessBroadcast();
      const started = await startEduv(eduvConfig, upstream, store, logger, metrics?.upstreamCall, broadcast);
      closers.push(() => started.close());
      eduv = started;
    }

    // Quotas: shared by every instance through Redis when REDIS_URL is set, else counted in this process.
    let redis: Redis | undefined;
    if (config.quota.redisUrl) {
      const client = new Redis(config.quota.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 500 });
      client.on('error', (err: Error) => logger.warn({ err: err.message }, 'quota store (Redis) error'));
      closers.push(async () => void client.disconnect());
      redis = client;
    }
    const quota = { quotas: new Quotas({ redis, failOpen: config.quota.failOpen, keyPrefix: 'facade' }), defaults: config.quota.defaults };

    const planCache = new PlanCache();
    if (metrics) {
      metrics.watchProtocol(() => protocol.stats());
      metrics.watchPlanCache(() => planCache.stats());
      const served = await startMetricsServer(metrics.registry, config.metricsPort!, config.host);
      closers.push(served.close);
      logger.info({ url: served.url }, 'metrics listening');
    }

    const brpConfig = brpClientConfigFromEnv(env, brpUrl, config.mode);
    const brp = new BrpClient(brpConfig, metrics?.upstreamCall);
    closers.push(() => brp.close());
    // Same credentials and certificate as Personen: one gateway, or gateways of one supplier.
    const brpApis = {
      historie: new BrpClient({ ...brpConfig, url: historieUrl }, metrics?.upstreamCall, 'brp-historie', '/verblijfplaatshistorie'),
      reisdocumenten: new BrpClient({ ...brpConfig, url: reisdocumentenUrl }, metrics?.upstreamCall, 'brp-reisdocumenten', '/reisdocumenten'),
      bewoning: new BrpClient({ ...brpConfig, url: bewoningUrl }, metrics?.upstreamCall, 'brp-bewoning', '/bewoningen'),
    };
    closers.push(() => brpApis.historie.close(), () => brpApis.reisdocumenten.close(), () => brpApis.bewoning.close());
    const bag = bagConfig ? new BagClient(bagConfig, metrics?.upstreamCall) : undefined;
    if (bag) closers.push(() => bag.close());
    // Spans exported over OTLP when an endpoint is configured; closed after the facade, so the last are sent.
    const tracing = createTracing({ ...config.tracing, instanceId });
    closers.push(() => tracing.shutdown());
    if (tracing.exporting) logger.info({ url: config.tracing.url }, 'exporting traces (OTLP/HTTP)');
    const facade = await startFacade({
      port: config.port,
      host: config.host,
      verifier: createAccessTokenVerifier(authConfig),
      brp,
      brpApis,
      bag,
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
      protocol: metrics ? metrics.counting(protocol) : protocol,
      protocolReady: () => protocol.ready(),
      ...(evidenceDir ? { tokenEvidence: issuerKeyWitness(evidenceDir) } : {}),
      eduv: eduv?.services,
      oversight: createProtocolOversight(store, { keyring: subjectKeys, thresholds: policy.misuseSignals }),
      tls: config.tls,
      forwardedCertificate: config.forwardedCertificate,
      tracer: tracing.tracer,
      planCache,
    });
    closers.push(() => facade.close());
    const shutdown = async () => {
      const { cut } = await facade.drain({
        ...config.shutdown,
        onListenerClosed: (inFlight) => logger.info({ inFlight }, 'no new connections taken; finishing the requests in flight'),
      });
      if (cut) logger.warn({ cut }, 'requests still in flight after SHUTDOWN_TIMEOUT_MS were cut');
      // Then the protocol log flushes what it holds and the stores close (the closers, in reverse order).
      await close();
    };
    return { facade, shutdown, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The process around the application: the configuration checked before anything reads it (one
 * line per problem), the application started, SIGTERM / SIGINT answered by a drain. Exit codes:
 * 0 stopped, 1 start-up failed, 2 configuration refused.
 */
export function runApplication(embedded?: EmbeddedParts): void {
  answerHelp(
    process.argv.slice(2),
    `usage: ${embedded ? 'npm start' : 'node dist/main.js (npm run start:prod)'}

${embedded ? 'The development facade: the BRP and Edu-V mocks and the development IdP stand in for what is not configured.' : 'The production facade: every external part is configuration (NODE_ENV=production).'}
Configured by environment variables, all listed in docs/configuration.md. SIGTERM drains (SHUTDOWN_GRACE_MS,
SHUTDOWN_TIMEOUT_MS). Exit codes: 0 stopped, 1 start-up failed, 2 configuration refused.`,
  );
  const problems = configurationProblems(process.env);
  if (problems.length) {
    for (const line of problems) process.stderr.write(`configuration error: ${line}\n`);
    process.exit(2);
  }
  const logger = createLogger();
  const started = startApplication(process.env, logger, embedded);
  // One shutdown, whichever signals arrive: a second SIGTERM or SIGINT waits for the same drain.
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => async () => {
    stopping ??= (async () => {
      logger.info({ signal }, 'draining, then shutting down');
      const app = await started.catch(() => undefined);
      await app?.shutdown();
      process.exit(0);
    })();
    await stopping;
  };
  process.on('SIGTERM', () => void stop('SIGTERM')());
  process.on('SIGINT', () => void stop('SIGINT')());
  started.catch((err: unknown) => {
    if (err instanceof PolicyError || err instanceof SeedError || err instanceof RegisterError) {
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
}
