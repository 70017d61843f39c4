// The wiring: assembles the request pipeline, one module per phase in request order —
// 1 HTTP → 2 authenticate → 3 purpose → 4 validate → 5 authorise → 6 execute → 7 protocol → 8 respond.
// Each phase lives in its folder under src/pipeline/; this file only composes them.
import { Drain, type DrainOptions } from './1-http/drain.ts';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Principal } from '../base/auth/principal.ts';
import { inSpan, traceOf } from '../base/http/trace.ts';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '../base/log/logger.ts';
import type { BrpClient } from '../domains/brp/client.ts';
import type { BagClient } from '../domains/bag/client.ts';
import type { EduvServices } from '../domains/eduv/request-access.ts';
import type { ProtocolOversight } from '../engine/protocol/oversight/oversight.ts';
import type { SubjectLimits } from '../engine/plan/checks/person-cost.ts';
import type { Policy } from '../../rules/policy.ts';
import { assertCovered, buildRuleTree } from '../../rules/index.ts';
import type { RequestContext } from '../../resolvers/context.ts';
import { clientCertificateReader, type ForwardedCertificateOptions, type PresentedCertificate } from './1-http/client-certificate.ts';
import { createHttpServer, listen, type HttpServerOptions, type HttpTimeouts } from './1-http/http.ts';
import { authenticate, type TokenVerifier } from './2-authenticate/authenticate.ts';
import { createClientRegistry } from './3-purpose/client-registry.ts';
import { authorizeRequest } from './3-purpose/purpose.ts';
import { MAX_TOKENS, validationRules } from './4-validate/limits.ts';
import { assertTrustedDocument, queryTextOf, type TrustedDocuments } from './4-validate/trusted-documents.ts';
import { authorizationPlugin, type AuthzMode } from './5-authorise/authorise-plugin.ts';
import { quotaOperationsPlugin, quotaPersonsPlugin, type QuotaPluginOptions } from './5-authorise/quota-plugin.ts';
import { createRequestContext, type BrpApiClients } from './6-execute/request-context.ts';
import { buildFacadeSchema } from './6-execute/schema.ts';
import { facadeVocabulary } from './6-execute/vocabulary.ts';
import { protocolPlugin, type ProtocolPhaseOptions, type ProtocolWriter } from './7-protocol/protocol-plugin.ts';
import { refusalCode, refusalRecorder } from './7-protocol/refusals.ts';
import { formatError } from './8-respond/format-error.ts';
import { inOrder } from './in-order.ts';
import { attachSubscriptions, type SubscriptionServer } from './subscribe/subscription-server.ts';
import { PlanCache } from '../engine/plan/plan-cache.ts';
import { DEFAULT_SUBJECT_LIMITS } from '../engine/plan/checks/person-cost.ts';
import { DEFAULT_MAX_POSITIONS } from '../engine/plan/checks/position-budget.ts';

export interface FacadeOptions {
  port: number;
  host: string;
  verifier: TokenVerifier;
  brp: BrpClient;
  /** Verblijfplaatshistorie, Reisdocumenten and Bewoning, when configured. */
  brpApis?: BrpApiClients;
  /** The BAG, when configured (BAG_URL). */
  bag?: BagClient;
  logger: Logger;
  introspection: boolean;
  policy: Policy;
  /** The facade's own municipality (GEMEENTE_CODE) for purposes that are not nationwide. */
  gemeenteCode: string;
  authzMode: AuthzMode;
  /** Development: `extensions.explain` on a request returns the decision per field. */
  explain: boolean;
  schema?: GraphQLSchema;
  /** Phase 7: every response is recorded here before it leaves. */
  protocol: ProtocolWriter;
  /** Readiness of the protocol store, reported by /health/ready. */
  protocolReady: () => Promise<boolean>;
  /** Keep the signed token as evidence, with its issuer key beside the witness (PROTOCOL_TOKEN_EVIDENCE). */
  tokenEvidence?: ProtocolPhaseOptions['tokenEvidence'];
  /** Serve HTTPS (and request client certificates for mTLS) instead of HTTP. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Behind a TLS-terminating ingress: the client certificate a trusted proxy forwards (CLIENT_CERT_HEADER). */
  forwardedCertificate?: ForwardedCertificateOptions;
  /** Edu-V services, when the facade fronts them (registry, upstream, layer settings). */
  eduv?: EduvServices;
  /** The privacy officer's view of the protocol log (GraphQL protocolEntries, misuseSignals). */
  oversight?: ProtocolOversight;
  /** Subjects one operation may reach (MAX_PERSONS_PER_OPERATION, MAX_STUDENTS_PER_OPERATION). */
  maxSubjects?: Partial<SubjectLimits>;
  /** The plan cache, when the caller wants to read its statistics (the benchmark). */
  planCache?: PlanCache;
  /** Trusted-documents mode: only these documents, per client (TRUSTED_DOCUMENTS_FILE). */
  trustedDocuments?: TrustedDocuments;
  /** Quotas per employee and client (QUOTA_*, REDIS_URL); off when not given. */
  quota?: QuotaPluginOptions;
  /** Browser origins allowed to call /graphql (CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
  /** Slow senders are cut after these (HTTP_*_TIMEOUT_MS). */
  httpTimeouts?: HttpTimeouts;
  /** Spans of each request (src/pipeline/observe/tracing.ts); ids only, nothing exported, when not given. */
  tracer?: Tracer;
  /** Extra routes beside /graphql, e.g. the development sandbox. */
  extraRoutes?: HttpServerOptions<RequestContext>['extraRoutes'];
}

export interface RunningFacade {
  url: string;
  port: number;
  server: Server;
  /** SIGTERM: readiness off, then the listener closed and requests in flight finished (bounded); see drain.ts. */
  drain(options: DrainOptions): Promise<{ cut: number }>;
  /** The WebSocket subscriptions on this listener. */
  subscriptions: SubscriptionServer;
  close(): Promise<void>;
}

export async function startFacade(options: FacadeOptions): Promise<RunningFacade> {
  const { logger, verifier, brp, policy, gemeenteCode } = options;
  const clients = createClientRegistry(policy, options.eduv?.registry);
  const recordRefusal = refusalRecorder(options.protocol, logger);
  const readCertificate = clientCertificateReader({ tlsRequested: Boolean(options.tls?.clientCa), forwarded: options.forwardedCertificate });
  // Only Edu-V's confidential classes look at the certificate; a refused one is said once per request, without its contents.
  const certificateOf = (req: IncomingMessage): PresentedCertificate => {
    if (!options.eduv) return { kind: 'none' };
    const certificate = readCertificate(req);
    if (certificate.kind === 'invalid') logger.warn({ source: certificate.source, problem: certificate.problem }, 'client certificate refused');
    else if (certificate.kind === 'none' && certificate.ignoredHeader) logger.debug('client certificate header from an address outside TRUSTED_PROXIES ignored');
    return certificate;
  };
  const schema = options.schema ?? buildFacadeSchema();
  const tree = buildRuleTree(schema);
  // Refuse to serve a schema with a field no rule speaks about.
  assertCovered(schema, tree);
  // One plan cache for HTTP and WebSocket operations alike.
  const planCache = options.planCache ?? new PlanCache();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: options.introspection,
    // The process drains on SIGTERM itself (src/application.ts); Apollo's own handler would stop the
    // server under requests in flight and then re-raise the signal, killing the process mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Nothing about the operations leaves for Apollo's cloud, whatever APOLLO_KEY a host may have set.
      ApolloServerPluginUsageReportingDisabled(),
      // No cache hints: every answer is personal data and leaves with `cache-control: no-store`
      // (1-http/security-headers.ts). Apollo's default cache-control plugin would otherwise wrap every
      // field resolver (willResolveField) to compute a policy nothing reads.
      ApolloServerPluginCacheControlDisabled(),
      // Phase 5 finishes the response before phase 7 records (and, failing that, withholds) it.
      inOrder(
        ...(options.quota ? [quotaOperationsPlugin(options.quota)] : []),
        authorizationPlugin({ tree, mode: options.authzMode, explain: options.explain, vocabulary: facadeVocabulary, maxSubjects: options.maxSubjects, planCache }),
        ...(options.quota ? [quotaPersonsPlugin(options.quota)] : []),
        protocolPlugin({ protocol: options.protocol, logger, tokenEvidence: options.tokenEvidence }),
      ),
    ],
    // Phase 8: errors leave with their code, reason and message only.
    includeStacktraceInErrorResponses: false,
    formatError,
    // Validation errors never suggest field names ("Did you mean ..."): a suggestion would name fields
    // outside the caller's purpose, even where introspection is cut to it.
    hideSchemaDetailsFromClientErrors: true,
    // Automatic persisted queries off: their cache is shared by all callers, and whether a hash is
    // known tells one caller what another asked.
    persistedQueries: false,
    // Compact JSON: Apollo pretty-prints by default (2-space indent), a third more bytes to write
    // and to parse, for a reader that is a program.
    stringifyResult: (value) => JSON.stringify(value),
    // Phase 4: limits beside standard validation.
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  const drain = new Drain();
  const server = createHttpServer<RequestContext>({
    apollo,
    logger,
    drain,
    tracer: options.tracer,
    readiness: {
      brp: () => brp.ready(),
      ...(options.brpApis?.historie ? { brpHistorie: () => options.brpApis!.historie!.ready() } : {}),
      ...(options.brpApis?.reisdocumenten ? { brpReisdocumenten: () => options.brpApis!.reisdocumenten!.ready() } : {}),
      ...(options.brpApis?.bewoning ? { brpBewoning: () => options.brpApis!.bewoning!.ready() } : {}),
      ...(options.bag ? { bag: () => options.bag!.ready() } : {}),
      tokenKeys: () => verifier.ready(),
      protocolStore: options.protocolReady,
      ...(options.eduv ? { eduv: () => options.eduv!.upstream.ready() } : {}),
    },
    tls: options.tls,
    extraRoutes: options.extraRoutes,
    corsOrigins: options.corsOrigins,
    timeouts: options.httpTimeouts,
    // Phase 1 hands over what ended without an access record (refused by the server or by Apollo).
    recordUnrecorded: async (req, body, status, mark) => {
      mark.recorded = true;
      mark.outcome = await recordRefusal(req, mark.principal, refusalCode(status), body);
    },
    // Phases 2 and 3, then the context phase 6 runs with; a refusal is recorded (phase 7) and answered.
    context: (req, body, mark) => async () => {
      let principal: Principal | undefined;
      try {
        principal = await inSpan(traceOf(req), 'authenticate', {}, () => authenticate(req, verifier, logger));
        mark.principal = principal;
        const purposeHeader = typeof req.headers['x-doelbinding'] === 'string' ? req.headers['x-doelbinding'] : undefined;
        const authz = authorizeRequest(principal, await clients.lookup(principal.clientId), purposeHeader, policy, gemeenteCode);
        if (options.trustedDocuments) assertTrustedDocument(options.trustedDocuments, authz.client.id, queryTextOf(body, new URL(req.url ?? '/', 'http://facade.invalid').search));
        return createRequestContext(contextServices, req, principal, authz, mark, certificateOf(req));
      } catch (err) {
        mark.recorded = true;
        // The reason where the refusal has one (DOCUMENT_NOT_TRUSTED), else its code.
        mark.outcome = await recordRefusal(req, principal, err instanceof GraphQLError ? String(err.extensions.reason ?? err.extensions.code) : 'INTERNAL_SERVER_ERROR', body);
        throw err;
      }
    },
  });
  const contextServices = { brp, brpApis: options.brpApis, bag: options.bag, eduv: options.eduv, oversight: options.oversight, gemeenteCode, maxStudents: { ...DEFAULT_SUBJECT_LIMITS, ...options.maxSubjects }.ECK_ID };
  // Subscriptions over WebSocket on the same listener: the same phases, given by hand (subscription-server.ts).
  const subscriptions = attachSubscriptions({
    server,
    schema,
    verifier,
    policy,
    clients,
    services: contextServices,
    planning: { tree, vocabulary: facadeVocabulary, cache: planCache, maxPositions: DEFAULT_MAX_POSITIONS, maxSubjects: { ...DEFAULT_SUBJECT_LIMITS, ...options.maxSubjects } },
    protocol: options.protocol,
    quota: options.quota,
    logger,
    certificateOf,
    corsOrigins: options.corsOrigins ?? [],
    trustedDocuments: options.trustedDocuments,
    authzMode: options.authzMode,
  });
  const { url, port } = await listen(server, options.port, options.host);
  logger.info({ url: `${url}/graphql` }, 'facade listening');
  return {
    url,
    port,
    server,
    async drain(drainOptions) {
      // WebSockets are not requests the drain waits for: their subscriptions end first (1001), and the
      // clients reconnect to an instance that stays.
      await subscriptions.close();
      return drain.run(server, drainOptions);
    },
    subscriptions,
    async close() {
      await subscriptions.close();
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      await apollo.stop();
    },
  };
}
