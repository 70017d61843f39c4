// Phase 5 as an Apollo Server plugin, on the operation plan (src/engine/plan/): after
// the operation is resolved and before it executes, the operation is compiled
// (or found) as a plan, its limits are checked, every position is decided, and
// the document is replaced by its permitted part. After execution the same plan
// guides one pass over the response: denied fields become null with a FORBIDDEN
// error each, and what was delivered, per data subject, is handed to phase 7.
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
import {
  GraphQLError,
  Kind,
  execute,
  getArgumentValues,
  getVariableValues,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RuleTree } from '../../../rules/index.ts';
import { freshForPurpose } from '../../../rules/brp-rules.ts';
import { inSpan } from '../../base/http/trace.ts';
import type { RequestContext } from '../../../resolvers/context.ts';
import { finishResponse, planOperation, type PlannedOperation } from '../../engine/authorize/authorise-operation.ts';
import { createDecider } from '../../engine/authorize/decide.ts';
import { explainPositions } from '../../engine/authorize/explain.ts';
import { permittedCoordinates, rootFieldKinds, schemaFor } from '../../engine/authorize/introspection.ts';
import { DEFAULT_SUBJECT_LIMITS, type SubjectLimits } from '../../engine/plan/checks/person-cost.ts';
import { DEFAULT_MAX_POSITIONS } from '../../engine/plan/checks/position-budget.ts';
import type { Denial } from '../../engine/plan/executable-document.ts';
import { PlanCache } from '../../engine/plan/plan-cache.ts';
import { decidedPositions } from '../../engine/plan/positions.ts';
import type { PlanVocabulary } from '../../engine/plan/vocabulary.ts';
import { PURPOSE_FREE_ROOT_FIELDS, purposeRequired } from '../3-purpose/purpose.ts';

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
  vocabulary: PlanVocabulary;
  /** Field positions one operation may expand to (default 5,000). */
  maxPositions?: number;
  /** Subjects one operation may reach: BRP persons (default 100) and Edu-V students (default 1,000). */
  maxSubjects?: Partial<SubjectLimits>;
  /** Shared with the benchmark to read its hit rate; one per facade otherwise. */
  planCache?: PlanCache;
}

/** What phase 5 found, for the protocol phase. */
export interface AuthorizationOutcome {
  mode: AuthzMode;
  /** The document as the caller sent it (before pruning). */
  document: DocumentNode;
  denials: Denial[];
  /** Upstream paths of the decided positions. */
  fieldsRequested: string[];
  /** Search criteria used, as argument names (their values belong in the processing records only). */
  criteria: string[];
  /** Each root field with its arguments as execution sees them: the protocol keeps it sealed only. */
  asked: Array<{ field: string; arguments: Record<string, unknown> }>;
}

/** The root fields of the operation with their coerced arguments (through fragments, each field once per response key). */
export function askedOf(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>): AuthorizationOutcome['asked'] {
  const root = schema.getRootType(operation.operation);
  const asked: AuthorizationOutcome['asked'] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD) {
        if (!seen.has(s.name.value) && fragments[s.name.value]) {
          seen.add(s.name.value);
          walk(fragments[s.name.value].selectionSet);
        }
      } else {
        const def = root?.getFields()[s.name.value];
        if (!def || !s.arguments?.length) continue;
        try {
          asked.push({ field: s.name.value, arguments: getArgumentValues(def, s, variables) });
        } catch {
          // Refused by validation or coercion before anything runs; nothing was asked.
        }
      }
    }
  };
  walk(operation.selectionSet);
  return asked;
}

const outcomes = new WeakMap<RequestContext, AuthorizationOutcome>();
export function authorizationOutcome(ctx: RequestContext): AuthorizationOutcome | undefined {
  return outcomes.get(ctx);
}

/**
 * Everything the static rules read of a caller: callers with the same key share decisions below
 * the root and a cut-down schema. The policy is fixed for a facade's lifetime, so the plan cache
 * (one per facade) needs no policy version of its own.
 */
export async function rightsKey(ctx: RequestContext): Promise<string> {
  const p = ctx.authz.principal;
  const eduvScopes = ctx.eduv ? [...(await ctx.eduv.scopes())].sort() : [];
  // The sign-in's freshness decides root fields too: a cut schema is shared only between callers alike in it.
  return JSON.stringify([ctx.authz.purpose?.id, freshForPurpose(ctx.authz), ctx.authz.noPurposeReason, p.kind, p.userSession, p.clientId, p.actor?.id, [...p.roles].sort(), [...p.scopes].sort(), p.acr, p.oin, eduvScopes]);
}

export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return fragments;
}

export function authorizationPlugin(options: AuthorizationPluginOptions): ApolloServerPlugin<RequestContext> {
  const settings = {
    tree: options.tree,
    vocabulary: options.vocabulary,
    cache: options.planCache ?? new PlanCache(),
    maxPositions: options.maxPositions ?? DEFAULT_MAX_POSITIONS,
    maxSubjects: { ...DEFAULT_SUBJECT_LIMITS, ...options.maxSubjects },
  };
  // Callers with the same rights see the same schema: cut it down once. Bounded, like any cache.
  const schemas = new Map<string, Promise<GraphQLSchema>>();
  const MAX_SCHEMAS = 256;
  async function schemaForCaller(schema: GraphQLSchema, ctx: RequestContext): Promise<GraphQLSchema> {
    const key = await rightsKey(ctx);
    let cut = schemas.get(key);
    if (!cut) {
      if (schemas.size >= MAX_SCHEMAS) schemas.delete(schemas.keys().next().value!);
      cut = permittedCoordinates(schema, createDecider(options.tree, ctx), options.vocabulary).then((permitted) => schemaFor(schema, permitted));
      schemas.set(key, cut);
    }
    return cut;
  }

  return {
    async requestDidStart(requestContext) {
      const explainRequested = options.explain && requestContext.request.extensions?.explain === true;
      const mode = effectiveMode(options.mode, requestContext.request.http?.headers.get('x-authz-mode'));
      let introspectionOnly = false;
      let variables: Record<string, unknown> = {};
      let planned: PlannedOperation | undefined;

      return {
        async didResolveOperation(rc: GraphQLRequestContextDidResolveOperation<RequestContext>) {
          const ctx = rc.contextValue;
          if (!rc.operation) return; // Apollo answers a missing operation itself
          const operation = rc.operation;
          outcomes.set(ctx, { mode, document: rc.document, denials: [], fieldsRequested: [], criteria: [], asked: [] });
          if (operation.operation === 'subscription') {
            // Over HTTP a subscription would run its root once, outside the per-event layers and records.
            throw new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }

          // Decide on the values execution will use: defaults of the operation's variables included.
          const coerced = getVariableValues(rc.schema, operation.variableDefinitions ?? [], rc.request.variables ?? {});
          if (coerced.errors) {
            throw new GraphQLError(coerced.errors[0].message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          variables = coerced.coerced;
          const asked = askedOf(rc.schema, operation, fragmentsOf(rc.document), variables);
          outcomes.set(ctx, { mode, document: rc.document, denials: [], fieldsRequested: [], criteria: [], asked });

          const kinds = rootFieldKinds(operation, fragmentsOf(rc.document));
          if (kinds.introspection && kinds.data) {
            throw new GraphQLError('Ask introspection (__schema, __type) in an operation of its own.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          // Phase 3 left the purpose open (several held, none named): only the caller's own permissions may be asked so.
          if (ctx.authz.purposeRequired && (kinds.introspection || [...kinds.dataFields].some((f) => !PURPOSE_FREE_ROOT_FIELDS.has(f)))) {
            throw purposeRequired(ctx.authz);
          }
          introspectionOnly = kinds.introspection;
          if (introspectionOnly) return;

          const result = await inSpan(ctx.trace, 'plan and authorise', {}, async (_, span) => {
            const planResult = await planOperation(settings, {
              schema: rc.schema,
              document: rc.document,
              operation,
              queryHash: rc.queryHash,
              operationName: rc.operationName ?? undefined,
              variables,
              ctx,
              rightsKey: await rightsKey(ctx),
              enforceRootsOnly: mode === 'dry-run',
            });
            span.setAttributes({ 'facade.fields.requested': planResult.fieldsRequested.length, 'facade.fields.denied': planResult.denials.length });
            return planResult;
          });
          const { denials, fieldsRequested, criteria } = result;
          outcomes.set(ctx, { mode, document: rc.document, denials, fieldsRequested, criteria, asked });

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
          planned = result;
          ctx.plan = result.executable;
          ctx.plannedPersons = result.reach.BSN;
          // Execution reads requestContext.document after this hook: only the permitted part runs.
          (rc as { document: DocumentNode }).document = result.executable.document;
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
          if (rc.response.body.kind !== 'single' || !planned) return;
          const body = rc.response.body.singleResult;
          const { executable, denials: all } = planned;
          try {
            const finished = finishResponse(planned, body.data);
            body.data = finished.data;
            if (finished.errors.length) {
              body.errors = [...(body.errors ?? []), ...finished.errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }))];
            }
            rc.contextValue.disclosures.deliver(finished.delivered);
          } catch {
            // A subject that cannot be recorded is not delivered.
            body.data = null;
            body.errors = [new GraphQLError('The response could not be recorded and was withheld.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
            rc.contextValue.disclosures.deliver([]);
          }
          if (mode === 'dry-run' && all.length > executable.denials.length) {
            const enforcedPaths = new Set(executable.denials.map((d) => d.responsePath.join('.')));
            const reported = all.filter((d) => !enforcedPaths.has(d.responsePath.join('.')));
            body.extensions = { ...body.extensions, wouldDeny: reported.map((d) => ({ path: d.responsePath.join('.'), reason: d.reason, rule: d.rule })) };
          }
          if (explainRequested) {
            body.extensions = {
              ...body.extensions,
              explain: { purpose: rc.contextValue.authz?.purpose?.id ?? null, mode, fields: explainPositions(decidedPositions(planned.plan, planned.decisions)) },
            };
          }
        },
      };
    },
  };
}
