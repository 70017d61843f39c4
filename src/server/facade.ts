// Assembles the request pipeline (DESIGN.md, "The request, phase by phase"):
// HTTP → authenticate → (purpose → validate → authorise) → execute → respond.
// Each phase lives in its own module; this file only wires them in order.
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { BrpClient } from '../brp/client.ts';
import { PersonLoader } from '../brp/person-loader.ts';
import { buildFacadeSchema } from '../graphql/schema.ts';
import type { Logger } from '../log/logger.ts';
import { authenticate, type TokenVerifier } from './authenticate.ts';
import { authorizeRequest } from '../authorize/authorization.ts';
import { objectRulesFor } from '../authorize/object-rules.ts';
import { authorizationPlugin, type AuthzMode } from '../authorize/plugin.ts';
import { DisclosureCollector } from '../disclosure/disclosures.ts';
import type { Policy } from '../../rules/policy.ts';
import { assertCovered, buildRuleTree } from '../../rules/index.ts';
import { brpSearchTypeOf } from '../../resolvers/brp.ts';
import type { RequestContext } from './context.ts';
import { createHttpServer, listen } from './http.ts';

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
}

export interface RunningFacade {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startFacade(options: FacadeOptions): Promise<RunningFacade> {
  const { logger, verifier, brp, policy, gemeenteCode } = options;
  const schema = options.schema ?? buildFacadeSchema();
  const tree = buildRuleTree(schema, { brpSearchTypeOf });
  // Refuse to serve a schema with a field no rule speaks about.
  assertCovered(schema, tree);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: options.introspection,
    plugins: [ApolloServerPluginLandingPageDisabled(), authorizationPlugin({ tree, mode: options.authzMode, explain: options.explain })],
    // Errors leave with their code and message only: no stack traces, no upstream detail.
    includeStacktraceInErrorResponses: false,
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
    readiness: { brp: () => brp.ready(), tokenKeys: () => verifier.ready() },
    context: (req) => async () => {
      const principal = await authenticate(req, verifier, logger);
      const purposeHeader = typeof req.headers['x-doelbinding'] === 'string' ? req.headers['x-doelbinding'] : undefined;
      const authz = authorizeRequest(principal, purposeHeader, policy, gemeenteCode);
      const objectRules = objectRulesFor(authz.purpose, gemeenteCode);
      const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
      return {
        principal,
        authz,
        objectRules,
        disclosures: new DisclosureCollector(),
        traceparent,
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
