// Phase 5 as an Apollo Server plugin: after the operation is resolved and
// before it executes, the document is authorised as a whole (prune-document.ts)
// and replaced by its permitted part. After execution, denied fields become
// null with a FORBIDDEN error each (apply-denials.ts).
//
// Modes — per deployment, and per request (header x-authz-mode) only stricter:
//   dry-run < filter < reject
// - filter: denied fields are removed before execution, come back null + error;
// - reject: any denied field fails the whole operation, listing every denied path;
// - dry-run: field-level denials are only reported (`extensions.wouldDeny`);
//   root fields are still enforced — a caller without a purpose, a SaaS client
//   without an employee, an Edu-V exchange whose layers fail or a mutation by
//   someone who may not make it is never let through, not even in dry-run.
//
// Introspection-only operations are answered from a schema cut down to what the
// caller may query (introspection.ts); mixing introspection with data fields in
// one operation is refused.
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, Kind, execute, getVariableValues, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import type { RuleTree } from '../../rules/index.ts';
import type { RequestContext } from '../server/context.ts';
import { finishResponse } from './apply-denials.ts';
import { createDecider } from './decide.ts';
import { explainPositions } from './explain.ts';
import { permittedCoordinates, rootFieldKinds, schemaFor } from './introspection.ts';
import { pruneDocument, type Decide, type Denial, type PositionReport } from './prune-document.ts';

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
  /** The document as the caller sent it (before pruning). */
  document: DocumentNode;
  denials: Denial[];
  positions: PositionReport[];
}

const outcomes = new WeakMap<RequestContext, AuthorizationOutcome>();
export function authorizationOutcome(ctx: RequestContext): AuthorizationOutcome | undefined {
  return outcomes.get(ctx);
}

/** Everything the rules read of a caller, so callers with the same key may share a cut-down schema. */
function rightsKey(ctx: RequestContext): string {
  const p = ctx.authz.principal;
  return JSON.stringify([ctx.authz.purpose?.id, ctx.authz.noPurposeReason, p.kind, p.clientId, p.actor?.subject, [...p.roles].sort(), [...p.scopes].sort(), p.acr, p.oin]);
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return fragments;
}

export function authorizationPlugin(options: AuthorizationPluginOptions): ApolloServerPlugin<RequestContext> {
  // Callers with the same rights see the same schema: cut it down once. Bounded, like any cache.
  const schemas = new Map<string, Promise<GraphQLSchema>>();
  const MAX_SCHEMAS = 256;
  function schemaForCaller(schema: GraphQLSchema, ctx: RequestContext): Promise<GraphQLSchema> {
    const key = rightsKey(ctx);
    let cut = schemas.get(key);
    if (!cut) {
      if (schemas.size >= MAX_SCHEMAS) schemas.delete(schemas.keys().next().value!);
      cut = permittedCoordinates(schema, createDecider(options.tree, ctx)).then((permitted) => schemaFor(schema, permitted));
      schemas.set(key, cut);
    }
    return cut;
  }

  return {
    async requestDidStart(requestContext) {
      const explainRequested = options.explain && requestContext.request.extensions?.explain === true;
      const mode = effectiveMode(options.mode, requestContext.request.http?.headers.get('x-authz-mode'));
      let denials: Denial[] = [];
      let enforced: Denial[] = [];
      let helperKeys = false;
      let positions: PositionReport[] = [];
      let introspectionOnly = false;
      let variables: Record<string, unknown> = {};

      return {
        async didResolveOperation(rc: GraphQLRequestContextDidResolveOperation<RequestContext>) {
          const ctx = rc.contextValue;
          if (!rc.operation) return; // Apollo answers a missing operation itself
          const fragments = fragmentsOf(rc.document);

          // Decide on the values execution will use: defaults of the operation's variables included.
          const coerced = getVariableValues(rc.schema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {});
          if (coerced.errors) {
            throw new GraphQLError(coerced.errors[0].message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          variables = coerced.coerced;

          const kinds = rootFieldKinds(rc.operation, fragments);
          if (kinds.introspection && kinds.data) {
            throw new GraphQLError('Ask introspection (__schema, __type) in an operation of its own.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          introspectionOnly = kinds.introspection;
          outcomes.set(ctx, { mode, document: rc.document, denials, positions });
          if (introspectionOnly) return;

          const decide = createDecider(options.tree, ctx);
          const result = await pruneDocument(rc.schema, rc.document, rc.operation, variables, decide);
          denials = result.denials;
          positions = result.positions;
          outcomes.set(ctx, { mode, document: rc.document, denials, positions });
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
          let executed = result;
          if (mode === 'dry-run' && denials.length) {
            // Report every denial, enforce only those of root fields (see the header comment).
            const rootsOnly: Decide = async (input) => (input.isRoot ? decide(input) : { allowed: true, rule: 'dry-run' });
            executed = await pruneDocument(rc.schema, rc.document, rc.operation, variables, rootsOnly);
          }
          enforced = executed.denials;
          helperKeys = executed.helperKeys;
          // Execution reads requestContext.document after this hook: only the permitted part runs.
          (rc as { document: DocumentNode }).document = executed.document;
        },

        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          if (!introspectionOnly) return null;
          const schema = await schemaForCaller(rc.schema, rc.contextValue);
          const result = await execute({ schema, document: rc.document, variableValues: variables, operationName: rc.operationName, contextValue: rc.contextValue });
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data: result.data, errors: result.errors?.map((e) => e.toJSON()) } },
          };
        },

        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const body = rc.response.body.singleResult;
          if (enforced.length || helperKeys) {
            const finished = finishResponse(body.data as Record<string, never> | null | undefined, { denials: enforced, helperKeys });
            body.data = finished.data;
            if (finished.errors.length) {
              body.errors = [...(body.errors ?? []), ...finished.errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }))];
            }
          }
          if (mode === 'dry-run' && denials.length > enforced.length) {
            const enforcedPaths = new Set(enforced.map((d) => d.responsePath.join('.')));
            const reported = denials.filter((d) => !enforcedPaths.has(d.responsePath.join('.')));
            body.extensions = { ...body.extensions, wouldDeny: reported.map((d) => ({ path: d.responsePath.join('.'), reason: d.reason, rule: d.rule })) };
          }
          if (explainRequested) {
            body.extensions = {
              ...body.extensions,
              explain: { purpose: rc.contextValue.authz?.purpose?.id ?? null, mode, fields: explainPositions(positions) },
            };
          }
        },
      };
    },
  };
}
