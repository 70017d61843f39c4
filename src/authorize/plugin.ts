// Phase 5 as an Apollo Server plugin: after the operation is resolved and
// before it executes, the document is authorised as a whole (prune-document.ts)
// and, in filter mode, replaced by its permitted part. After execution, denied
// fields become null with a FORBIDDEN error each (apply-denials.ts).
//
// Modes — per deployment, and per request (header x-authz-mode) only stricter:
//   dry-run < filter < reject
// - filter: denied fields are removed before execution, come back null + error;
// - reject: any denied field fails the whole operation, listing every denied path;
// - dry-run: executes unpruned, reports what would be denied in `extensions`.
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import type { RuleTree } from '../../rules/index.ts';
import type { RequestContext } from '../server/context.ts';
import { finishResponse } from './apply-denials.ts';
import { createDecider } from './decide.ts';
import { explainPositions } from './explain.ts';
import { filterIntrospection, permittedCoordinates } from './introspection-filter.ts';
import { pruneDocument, type Denial, type PositionReport } from './prune-document.ts';

export const AUTHZ_MODES = ['dry-run', 'filter', 'reject'] as const;
export type AuthzMode = (typeof AUTHZ_MODES)[number];

export function effectiveMode(deployment: AuthzMode, requested: string | undefined): AuthzMode {
  const want = AUTHZ_MODES.indexOf((requested ?? '').trim() as AuthzMode);
  return want > AUTHZ_MODES.indexOf(deployment) ? AUTHZ_MODES[want] : deployment;
}

export interface AuthorizationPluginOptions {
  tree: RuleTree;
  mode: AuthzMode;
  /** `extensions.explain` on a request returns the decision per field (development only). */
  explain: boolean;
}

/** What phase 5 found, for the protocol phase and for explain. */
export interface AuthorizationOutcome {
  mode: AuthzMode;
  denials: Denial[];
  positions: PositionReport[];
}

const outcomes = new WeakMap<RequestContext, AuthorizationOutcome>();
export function authorizationOutcome(ctx: RequestContext): AuthorizationOutcome | undefined {
  return outcomes.get(ctx);
}

function introspectionKeys(document: DocumentNode, operationName: string | null | undefined): string[] {
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type') ? [s.alias?.value ?? s.name.value] : [],
  );
}

export function authorizationPlugin(options: AuthorizationPluginOptions): ApolloServerPlugin<RequestContext> {
  // Introspection per purpose is the same for everyone holding it: compute once.
  const introspectionCache = new Map<string, Promise<Set<string>>>();

  return {
    async requestDidStart(requestContext) {
      const explainRequested = options.explain && requestContext.request.extensions?.explain === true;
      const mode = effectiveMode(options.mode, requestContext.request.http?.headers.get('x-authz-mode'));
      let denials: Denial[] = [];
      let helperKeys = false;
      let positions: PositionReport[] = [];
      let introspection: string[] = [];

      return {
        async didResolveOperation(rc: GraphQLRequestContextDidResolveOperation<RequestContext>) {
          const ctx = rc.contextValue;
          if (!rc.operation) return; // Apollo answers a missing operation itself
          introspection = introspectionKeys(rc.document, rc.operationName);
          const decide = createDecider(options.tree, ctx);
          const result = await pruneDocument(rc.schema, rc.document, rc.operation, rc.request.variables ?? {}, decide);
          denials = result.denials;
          helperKeys = result.helperKeys;
          positions = result.positions;
          outcomes.set(ctx, { mode, denials, positions });
          if (introspection.length) {
            const key = `${ctx.authz.purpose?.id ?? '-'}|${ctx.authz.noPurposeReason ?? ''}`;
            if (!introspectionCache.has(key)) introspectionCache.set(key, permittedCoordinates(rc.schema, createDecider(options.tree, ctx)));
          }
          if (mode === 'reject' && denials.length) {
            throw new GraphQLError('The operation asks for fields that the purpose of the request does not permit.', {
              extensions: {
                code: 'FORBIDDEN',
                reason: 'OPERATION_REJECTED',
                denied: denials.map((d) => ({ path: d.responsePath.join('.'), reason: d.reason })),
                http: { status: 403 },
              },
            });
          }
          // Execution reads requestContext.document after this hook: filter mode executes the permitted part only.
          if (mode === 'filter') (rc as { document: DocumentNode }).document = result.document;
        },

        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const body = rc.response.body.singleResult;
          const data = body.data as Record<string, never> | null | undefined;
          if (mode === 'filter' && (denials.length || helperKeys)) {
            const finished = finishResponse(data, { denials, helperKeys });
            body.data = finished.data;
            if (finished.errors.length) {
              body.errors = [...(body.errors ?? []), ...finished.errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }))];
            }
          }
          if (mode === 'dry-run' && denials.length) {
            body.extensions = { ...body.extensions, wouldDeny: denials.map((d) => ({ path: d.responsePath.join('.'), reason: d.reason, rule: d.rule })) };
          }
          if (introspection.length && body.data) {
            const ctx = rc.contextValue;
            const permitted = await introspectionCache.get(`${ctx.authz.purpose?.id ?? '-'}|${ctx.authz.noPurposeReason ?? ''}`);
            if (permitted && body.data) filterIntrospection(body.data as Record<string, unknown>, introspection, permitted);
          }
          if (explainRequested) {
            body.extensions = {
              ...body.extensions,
              explain: {
                purpose: rc.contextValue.authz?.purpose?.id ?? null,
                mode,
                fields: explainPositions(positions),
              },
            };
          }
        },
      };
    },
  };
}
