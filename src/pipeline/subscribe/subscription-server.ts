// GraphQL subscriptions over WebSocket at /graphql (graphql-ws, `graphql-transport-ws`). A WebSocket
// does not pass through Apollo's request plugins, so this module gives it the same pipeline by hand:
//   1 HTTP       the upgrade: the path, the Origin (CORS_ORIGINS), the subprotocol, a connection cap,
//                and none while draining;
//   2 + 3        connection_init: the bearer token verified (and the connection closed with 4401 when it
//                expires: every subscription on it ends), the client looked up, the purpose decided;
//   4            the operation parsed and validated with the facade's limits; only subscriptions here
//                (queries and mutations go over HTTP, through every plugin);
//   5            the operations quota, then the plan and its decisions, as for a query: a denied root
//                ends the subscription before it starts, denied fields are pruned;
//   6            graphql's subscribe on the permitted document; the resolvers decide the layers again
//                for each event (resolvers/eduv-subscriptions.ts);
//   7            each event is finished on the plan (denials, the record read off the result) and its
//                records are written before it leaves: no record, no event (PROTOCOL_UNAVAILABLE, and
//                the subscription ends);
//   8            errors leave formatted as over HTTP.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, getOperationAST, parse, specifiedRules, subscribe, validate, getVariableValues, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../../base/auth/principal.ts';
import type { AccessMark } from '../../base/http/access-mark.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { Policy } from '../../../rules/policy.ts';
import type { RequestContext } from '../../../resolvers/context.ts';
import { finishResponse, planOperation, type PlannedOperation, type PlanningSettings } from '../../engine/authorize/authorise-operation.ts';
import type { PresentedCertificate } from '../1-http/client-certificate.ts';
import { authenticateBearer, type TokenVerifier } from '../2-authenticate/authenticate.ts';
import type { ClientRegistry } from '../3-purpose/client-registry.ts';
import { authorizeRequest } from '../3-purpose/purpose.ts';
import { MAX_TOKENS, validationRules } from '../4-validate/limits.ts';
import { quotaKeys, quotaRefusal, type QuotaPluginOptions } from '../5-authorise/quota-plugin.ts';
import { askedOf, fragmentsOf, rightsKey, type AuthorizationOutcome, type AuthzMode } from '../5-authorise/authorise-plugin.ts';
import { purposeRequired } from '../3-purpose/purpose.ts';
import { createRequestContext, type ContextServices } from '../6-execute/request-context.ts';
import { recordsOf, refusedAccessRecord, type ProtocolWriter } from '../7-protocol/protocol-plugin.ts';
import { forbidden } from '../../base/errors/forbidden.ts';
import { formatError } from '../8-respond/format-error.ts';
import { createHash } from 'node:crypto';
import { assertTrustedDocument, type TrustedDocuments } from '../4-validate/trusted-documents.ts';

/** graphql's "Did you mean …?" hints, cut (Apollo's hideSchemaDetailsFromClientErrors does the same over HTTP). */
const withoutSuggestions = (message: string) => message.replace(/ Did you mean .+\?$/, '');

/** The subprotocol of graphql-ws. */
const PROTOCOL = 'graphql-transport-ws';

export interface SubscriptionServerOptions {
  server: Server;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  policy: Policy;
  clients: ClientRegistry;
  services: ContextServices;
  planning: PlanningSettings;
  protocol: ProtocolWriter;
  quota?: QuotaPluginOptions;
  logger: Logger;
  certificateOf(req: IncomingMessage): PresentedCertificate;
  /** Browser origins allowed (CORS_ORIGINS); a request without Origin is no browser's and passes. */
  corsOrigins: readonly string[];
  /** The deployment's authorisation mode (AUTHZ_MODE), as over HTTP. */
  authzMode: AuthzMode;
  /** Trusted-documents mode (TRUSTED_DOCUMENTS_FILE): a subscription, too, only as a registered document. */
  trustedDocuments?: TrustedDocuments;
  /** WebSocket connections at once (default 1,000) and subscriptions per connection (default 10). */
  maxConnections?: number;
  maxSubscriptionsPerConnection?: number;
}

interface Connection {
  principal: Principal;
  authz: RequestContext['authz'];
  expiry?: NodeJS.Timeout;
  /**
   * The subscriptions running, by id: ended by the client's complete, the socket's close or the token's
   * expiry. Their sources wait on the change hub, where a generator's return() would wait too: the
   * signal ends them at once (resolvers/eduv-subscriptions.ts), and nothing is recorded after it.
   */
  running: Map<string, AbortController>;
}

type Extra = { socket: WebSocket; request: IncomingMessage; connection?: Connection };

export interface SubscriptionServer {
  /** Connections open now. */
  readonly connections: number;
  /** Refuse new connections and end the open ones (1001 going away): graceful shutdown. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, protocol } = options;
  const maxConnections = options.maxConnections ?? 1_000;
  const perConnection = options.maxSubscriptionsPerConnection ?? 10;
  const planned = new WeakMap<RequestContext, { plan: PlannedOperation; operationName?: string; document: DocumentNode; outcome: AuthorizationOutcome }>();
  let closing = false;

  const wss = new WebSocketServer({
    noServer: true,
    // A subscribe message is a GraphQL document: the same bound as an HTTP body's.
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://facade.invalid').pathname;
    if (path !== '/graphql') return refuseUpgrade(socket, 404, 'Not Found');
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    const origin = req.headers.origin;
    // A browser page of another origin could use the user's connection: only the configured ones.
    if (origin !== undefined && !options.corsOrigins.includes(origin)) {
      logger.info({ check: 'WEBSOCKET_ORIGIN' }, 'websocket refused');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (wss.clients.size >= maxConnections) return refuseUpgrade(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  options.server.on('upgrade', onUpgrade);

  /** An access record for what ended before any event: nothing was disclosed. */
  async function recordRefusal(ctx: RequestContext | undefined, req: IncomingMessage, principal: Principal | undefined, code: string, operationName?: string, query?: string) {
    if (!ctx) {
      await protocol.record(refusedAccessRecord(req, principal, code, { query, operationName }), []).catch(() => logger.error({ code }, 'protocol write failed for a refused subscription'));
      return;
    }
    const { access } = recordsOf({ ctx, operationName, source: query, errors: [{ extensions: { code: 'FORBIDDEN', reason: code } }] });
    access.outcome = 'denied';
    access.reason = code;
    await protocol.record(access, []).catch(() => logger.error({ code }, 'protocol write failed for a refused subscription'));
  }

  /** Each event: finished on the plan, recorded, then delivered; the subscription ends after a refusal. */
  async function* deliver(source: AsyncIterable<ExecutionResult>, ctx: RequestContext): AsyncGenerator<ExecutionResult> {
    const run = planned.get(ctx)!;
    for await (const result of source) {
      // Ended meanwhile (complete, close, the token's expiry): nothing more is recorded or sent.
      if (ctx.signal?.aborted) return;
      const errors = [...(result.errors ?? [])];
      let data = result.data as Record<string, unknown> | null | undefined;
      try {
        const finished = finishResponse(run.plan, data);
        data = finished.data;
        for (const e of finished.errors) errors.push(new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
        ctx.disclosures.deliver(finished.delivered);
      } catch {
        data = null;
        errors.splice(0, errors.length, new GraphQLError('The event could not be recorded and was withheld.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
        ctx.disclosures.deliver([]);
      }
      const { access, processing } = recordsOf({ ctx, outcome: run.outcome, operationName: run.operationName, document: run.document, errors });
      if (ctx.signal?.aborted) return;
      try {
        await protocol.record(access, processing);
      } catch (err) {
        logger.error({ err: (err as { reason?: string }).reason ?? 'unknown', traceId: ctx.trace.traceId }, 'protocol write failed; event withheld, subscription ended');
        yield { data: null, errors: [new GraphQLError('The protocol log is unavailable; no personal data can be disclosed right now.', { extensions: { code: 'PROTOCOL_UNAVAILABLE' } })] };
        return;
      }
      yield { data, errors: errors.length ? errors : undefined };
      // A root refused at delivery (the layers said no): the subscription ends with its reason.
      if (errors.some((e) => e.path?.length === 1 && e.extensions?.code === 'FORBIDDEN')) return;
    }
  }

  useServer<Record<string, unknown>, { connection?: Connection }>(
    {
      schema: options.schema,
      // A socket that does not say who it is holds a connection slot: not for long.
      connectionInitWaitTimeout: 3_000,
      async onConnect(ctx) {
        const { request, socket } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        let principal: Principal;
        try {
          principal = await authenticateBearer(typeof params.authorization === 'string' ? params.authorization : undefined, options.verifier, logger);
        } catch {
          await recordRefusal(undefined, request, undefined, 'UNAUTHENTICATED');
          return false;
        }
        try {
          const purposeHeader = typeof params['x-doelbinding'] === 'string' ? params['x-doelbinding'] : undefined;
          const authz = authorizeRequest(principal, await options.clients.lookup(principal.clientId), purposeHeader, options.policy, options.services.gemeenteCode);
          const connection: Connection = { principal, authz, running: new Map() };
          // The token is the connection's: when it expires, every subscription on it ends.
          const remaining = principal.expiresAt * 1000 - Date.now();
          connection.expiry = setTimeout(() => socket.close(CloseCode.Unauthorized, 'Token expired'), Math.max(0, remaining));
          ctx.extra.connection = connection;
          return true;
        } catch (err) {
          const code = err instanceof GraphQLError ? String(err.extensions.reason ?? err.extensions.code) : 'INTERNAL_SERVER_ERROR';
          await recordRefusal(undefined, request, principal, code);
          return false;
        }
      },
      async onSubscribe(ctx, id, payload) {
        const connection = ctx.extra.connection;
        if (!connection) return [new GraphQLError('Not initialised.', { extensions: { code: 'UNAUTHENTICATED' } })];
        if (connection.running.size >= perConnection) {
          return [new GraphQLError(`At most ${perConnection} subscriptions per connection.`, { extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        if (options.trustedDocuments) {
          try {
            assertTrustedDocument(options.trustedDocuments, connection.authz.client.id, payload.query);
          } catch (err) {
            await recordRefusal(undefined, ctx.extra.request, connection.principal, 'DOCUMENT_NOT_TRUSTED', payload.operationName ?? undefined, payload.query);
            return [err instanceof GraphQLError ? err : new GraphQLError('This operation is not one of the registered documents of this application.', { extensions: { code: 'FORBIDDEN', reason: 'DOCUMENT_NOT_TRUSTED' } })];
          }
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (err) {
          return [new GraphQLError(err instanceof GraphQLError ? withoutSuggestions(err.message) : 'Syntax error', { extensions: { code: 'BAD_REQUEST' } })];
        }
        // No "Did you mean …": a suggestion names fields and types outside the caller's rights (as over HTTP).
        const invalid = validate(options.schema, document, [...specifiedRules, ...validationRules], { hideSuggestions: true });
        if (invalid.length) return invalid.map((e) => new GraphQLError(withoutSuggestions(e.message), { extensions: { code: 'BAD_REQUEST' } }));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Name the operation to run.', { extensions: { code: 'BAD_REQUEST' } })];
        if (operation.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const coerced = getVariableValues(options.schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { hideSuggestions: true });
        if (coerced.errors) return [new GraphQLError(withoutSuggestions(coerced.errors[0].message), { extensions: { code: 'BAD_USER_INPUT' } })];

        const mark: AccessMark = { recorded: true, principal: connection.principal };
        const requestCtx = createRequestContext(options.services, ctx.extra.request, connection.principal, connection.authz, mark, options.certificateOf(ctx.extra.request));
        const operationName = payload.operationName ?? operation.name?.value;
        // Several purposes held and none named in connection_init: as over HTTP, nothing but one's own permissions.
        if (connection.authz.purposeRequired) {
          const refusal = purposeRequired(connection.authz);
          await recordRefusal(requestCtx, ctx.extra.request, connection.principal, 'PURPOSE_REQUIRED', operationName, payload.query);
          return [refusal];
        }
        if (options.quota) {
          const outcome = await options.quota.quotas.admitOperation(quotaKeys(requestCtx, options.quota.defaults));
          if (!outcome.admitted) {
            await recordRefusal(requestCtx, ctx.extra.request, connection.principal, outcome.reason === 'unavailable' ? 'QUOTA_UNAVAILABLE' : 'RATE_LIMITED', operationName, payload.query);
            return [quotaRefusal(outcome)];
          }
        }
        let plan: PlannedOperation;
        try {
          plan = await planOperation(options.planning, {
            schema: options.schema,
            document,
            operation,
            queryHash: createHash('sha256').update(payload.query).digest('hex'),
            operationName,
            variables: coerced.coerced,
            ctx: requestCtx,
            rightsKey: await rightsKey(requestCtx),
            enforceRootsOnly: options.authzMode === 'dry-run',
          });
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('The subscription could not be planned.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
        const rootDenial = plan.executable.denials.find((d) => d.responsePath.length === 1);
        if (rootDenial) {
          await recordRefusal(requestCtx, ctx.extra.request, connection.principal, rootDenial.reason, operationName, payload.query);
          return [forbidden(rootDenial.reason)];
        }
        if (options.authzMode === 'reject' && plan.denials.length) {
          await recordRefusal(requestCtx, ctx.extra.request, connection.principal, 'OPERATION_REJECTED', operationName, payload.query);
          return [forbidden('OPERATION_REJECTED')];
        }
        requestCtx.plan = plan.executable;
        const aborted = new AbortController();
        connection.running.set(id, aborted);
        requestCtx.signal = aborted.signal;
        const outcome: AuthorizationOutcome = {
          mode: options.authzMode,
          document,
          denials: plan.denials,
          fieldsRequested: plan.fieldsRequested,
          criteria: plan.criteria,
          // The subscription's arguments, kept sealed in every event's access record as over HTTP.
          asked: askedOf(options.schema, operation, fragmentsOf(document), coerced.coerced),
        };
        planned.set(requestCtx, { plan, operationName, document, outcome });
        return { schema: options.schema, document: plan.executable.document, variableValues: coerced.coerced, operationName, contextValue: requestCtx } satisfies ExecutionArgs;
      },
      async subscribe(args) {
        const result = await subscribe(args);
        if (!(Symbol.asyncIterator in result)) return result;
        return deliver(result, args.contextValue as RequestContext);
      },
      onError(_ctx, _id, _payload, errors) {
        // An error without a code of the vocabulary is not the caller's to read (a source or store failure).
        return errors.map((e) => formatError(e.extensions?.code ? e.toJSON() : { message: 'The subscription failed.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON())) };
      },
      onComplete(ctx, id) {
        const connection = ctx.extra.connection;
        connection?.running.get(id)?.abort();
        connection?.running.delete(id);
      },
      onClose(ctx) {
        const connection = ctx.extra.connection;
        clearTimeout(connection?.expiry);
        for (const aborted of connection?.running.values() ?? []) aborted.abort();
        connection?.running.clear();
      },
    },
    wss,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    async close() {
      // The upgrade handler stays, answering 503: without one, Node would hand the upgrade to the HTTP handler.
      closing = true;
      const closed = [...wss.clients].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1001, 'Server shutting down');
        // A peer that does not answer the close is cut after a moment.
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2_000).unref();
      }));
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
