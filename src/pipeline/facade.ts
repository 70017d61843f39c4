// Assembles the request pipeline (DESIGN.md, "The request, phase by phase"):
// HTTP → authenticate → (purpose → validate → authorise) → execute → respond.
// Each phase lives in its own module; this file only wires them in order.
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { BrpClient } from '../domains/brp/client.ts';
import { PersonLoader } from '../domains/brp/person-loader.ts';
import { buildFacadeSchema } from './6-execute/schema.ts';
import type { Logger } from '../base/log/logger.ts';
import { authenticate, type TokenVerifier } from './2-authenticate/authenticate.ts';
import { authorizeRequest, type Authorization } from './3-purpose/purpose.ts';
import type { Principal } from '../base/auth/principal.ts';
import { inOrder } from './in-order.ts';
import { DepthLimitRule, DEFAULT_MAX_DEPTH } from './4-validate/DepthLimitRule.ts';
import { AliasLimitRule, DEFAULT_MAX_ALIASES } from './4-validate/AliasLimitRule.ts';
import { ReservedAliasRule } from '../validate/ReservedAliasRule.ts';
import { facadeVocabulary } from './6-execute/vocabulary.ts';
import type { PlanCache } from '../engine/plan/plan-cache.ts';
import type { SubjectLimits } from '../engine/plan/checks/person-cost.ts';
import { isComplexityReason } from '../engine/plan/query-too-complex.ts';
import { createClientRegistry } from './3-purpose/client-registry.ts';
import { EduvRequest, type EduvServices } from '../domains/eduv/request-access.ts';
import { clientCertificateOf } from './1-http/client-certificate.ts';
import { protocolPlugin, refusedAccessRecord, taskDescription, type ProtocolWriter } from './7-protocol/protocol-plugin.ts';
import { objectRulesFor } from '../../rules/object-rules.ts';
import { authorizationPlugin, type AuthzMode } from './5-authorise/authorise-plugin.ts';
import { DisclosureCollector } from '../engine/record/disclosures.ts';
import type { Policy } from '../../rules/policy.ts';
import { assertCovered, buildRuleTree } from '../../rules/index.ts';
import type { RequestContext } from '../../resolvers/context.ts';
import { createHttpServer, listen, type HttpServerOptions } from './1-http/http.ts';
import { outgoingTraceparent, traceOf } from '../base/http/trace.ts';

export interface FacadeOptions {
  port: number;
  host: string;
  verifier: TokenVerifier;
  brp: BrpClient;
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
  /** Serve HTTPS (and request client certificates for mTLS) instead of HTTP. */
  tls?: { cert: string; key: string; clientCa?: string };
  /** Edu-V services, when the facade fronts them (registry, upstream, layer settings). */
  eduv?: EduvServices;
  /** Subjects one operation may reach (MAX_PERSONS_PER_OPERATION, MAX_STUDENTS_PER_OPERATION). */
  maxSubjects?: Partial<SubjectLimits>;
  /** The plan cache, when the caller wants to read its statistics (the benchmark). */
  planCache?: PlanCache;
  /** Extra routes beside /graphql, e.g. the development sandbox. */
  extraRoutes?: HttpServerOptions<RequestContext>['extraRoutes'];
}

export interface RunningFacade {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startFacade(options: FacadeOptions): Promise<RunningFacade> {
  const { logger, verifier, brp, policy, gemeenteCode } = options;
  const clients = createClientRegistry(policy, options.eduv?.registry);
  const schema = options.schema ?? buildFacadeSchema();
  const tree = buildRuleTree(schema);
  // Refuse to serve a schema with a field no rule speaks about.
  assertCovered(schema, tree);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: options.introspection,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Phase 5 finishes the response before phase 7 records (and, failing that, withholds) it.
      inOrder(
        authorizationPlugin({ tree, mode: options.authzMode, explain: options.explain, vocabulary: facadeVocabulary, maxSubjects: options.maxSubjects, planCache: options.planCache }),
        protocolPlugin({ protocol: options.protocol, logger }),
      ),
    ],
    // Errors leave with their code and message only: no stack traces, no upstream detail.
    includeStacktraceInErrorResponses: false,
    // Apollo reports every validation rule as GRAPHQL_VALIDATION_FAILED; the limits among them keep the
    // one code of all limits, QUERY_TOO_COMPLEX, beside their reason (TOO_DEEP, TOO_MANY_ALIASES).
    formatError: (formatted) =>
      formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && isComplexityReason(formatted.extensions.reason)
        ? { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } }
        : formatted,
    // Without introspection, validation errors must not suggest field names ("Did you mean ...").
    hideSchemaDetailsFromClientErrors: !options.introspection,
    // Phase 4: limits beside standard validation.
    parseOptions: { maxTokens: 10_000 },
    validationRules: [ReservedAliasRule, DepthLimitRule(DEFAULT_MAX_DEPTH), AliasLimitRule(DEFAULT_MAX_ALIASES)],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  const server = createHttpServer<RequestContext>({
    apollo,
    logger,
    readiness: {
      brp: () => brp.ready(),
      tokenKeys: () => verifier.ready(),
      protocolStore: options.protocolReady,
      ...(options.eduv ? { eduv: () => options.eduv!.upstream.ready() } : {}),
    },
    tls: options.tls,
    extraRoutes: options.extraRoutes,
    // An exchange that ended without an access record (refused by this server or by Apollo before
    // the pipeline ran): recorded here. Nothing was disclosed; a failing write is logged.
    recordUnrecorded: async (req, body, status, mark) => {
      mark.recorded = true;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
      await options.protocol.record(refusedAccessRecord(req, mark.principal, code, body), []).catch(() => logger.error({ code }, 'protocol write failed for a refused request'));
    },
    context: (req, body, mark) => async () => {
      let principal: Principal | undefined;
      let authz: Authorization;
      try {
        principal = await authenticate(req, verifier, logger);
        mark.principal = principal;
        const purposeHeader = typeof req.headers['x-doelbinding'] === 'string' ? req.headers['x-doelbinding'] : undefined;
        authz = authorizeRequest(principal, await clients.lookup(principal.clientId), purposeHeader, policy, gemeenteCode);
      } catch (err) {
        // Refused before execution: still one access record. Nothing was disclosed, so a failing
        // write does not change the answer; it is logged for the operators.
        const code = err instanceof GraphQLError ? String(err.extensions.code) : 'INTERNAL_SERVER_ERROR';
        mark.recorded = true;
        await options.protocol.record(refusedAccessRecord(req, principal, code, body), []).catch(() => logger.error({ code }, 'protocol write failed for a refused request'));
        throw err;
      }
      const objectRules = objectRulesFor(authz.purpose, gemeenteCode);
      const trace = traceOf(req);
      const traceparent = outgoingTraceparent(trace);
      return {
        principal,
        accessMark: mark,
        authz,
        objectRules,
        disclosures: new DisclosureCollector(),
        eduv: options.eduv ? new EduvRequest(options.eduv, { principal, ...clientCertificateOf(req, Boolean(options.tls?.clientCa)) }) : undefined,
        trace,
        traceparent,
        taskDescription: taskDescription(req),
        brp: { client: brp, persons: new PersonLoader(brp, { traceparent, extraParameters: objectRules.upstreamParameters }) },
      };
    },
  });
  const { url, port } = await listen(server, options.port, options.host);
  logger.info({ url: `${url}/graphql` }, 'facade listening');
  return {
    url,
    port,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
