// The facade's phase 4–5 as the benchmarks run them in-process: the same plan
// cache, plan, decisions and response pass as the Apollo plugin, without HTTP.
import { execute, type DocumentNode, type GraphQLSchema } from 'graphql';
import { finishResponse, planOperation, type PlanningSettings } from '../src/engine/authorize/authorise-operation.ts';
import { DEFAULT_SUBJECT_LIMITS } from '../src/engine/plan/checks/person-cost.ts';
import { DEFAULT_MAX_POSITIONS } from '../src/engine/plan/checks/position-budget.ts';
import { allowAll } from '../src/engine/plan/decisions.ts';
import { executableDocument, type Executable } from '../src/engine/plan/executable-document.ts';
import { compilePlan } from '../src/engine/plan/compile-plan.ts';
import { PlanCache } from '../src/engine/plan/plan-cache.ts';
import { facadeVocabulary } from '../src/pipeline/6-execute/vocabulary.ts';
import { deliveredSubjects } from '../src/engine/plan/record-delivered.ts';
import type { RequestContext } from '../resolvers/context.ts';
import type { RuleTree } from '../rules/index.ts';
import { getOperationAST } from 'graphql';

export interface PlannedRunner {
  /** The facade's pipeline: plan (cached), decisions, execution, denials and record. */
  authorised(ctx: RequestContext): Promise<{ data: Record<string, unknown> | null; errors: unknown[] }>;
  /**
   * The same pipeline without authorisation: the plan (every position permitted, no rule
   * evaluated), execution and the record pass — what the facade does apart from phase 5.
   */
  unauthorised(ctx: RequestContext): Promise<{ data?: unknown; errors?: readonly unknown[] }>;
  cache: PlanCache;
  /** The every-position-permitted document (for the naive middleware comparison). */
  open: Executable;
}

export function plannedRunner(schema: GraphQLSchema, tree: RuleTree, document: DocumentNode, variableValues: Record<string, unknown>): PlannedRunner {
  const operation = getOperationAST(document)!;
  const cache = new PlanCache();
  const settings: PlanningSettings = { tree, vocabulary: facadeVocabulary, cache, maxPositions: DEFAULT_MAX_POSITIONS, maxSubjects: DEFAULT_SUBJECT_LIMITS };
  const plan = compilePlan({ schema, document, operation, variables: variableValues, vocabulary: facadeVocabulary });
  const open: Executable = executableDocument(plan, operation, allowAll(plan), () => false);
  return {
    cache,
    open,
    async authorised(ctx) {
      const planned = await planOperation(settings, {
        schema, document, operation, queryHash: 'bench', variables: variableValues, ctx, rightsKey: JSON.stringify(ctx.authz.principal.roles), enforceRootsOnly: false,
      });
      ctx.plan = planned.executable;
      const result = await execute({ schema, document: planned.executable.document, variableValues, contextValue: ctx });
      const finished = finishResponse(planned, result.data as Record<string, unknown> | null | undefined);
      ctx.disclosures.deliver(finished.delivered);
      return { data: finished.data, errors: [...(result.errors ?? []), ...finished.errors] };
    },
    async unauthorised(ctx) {
      ctx.plan = open;
      const result = await execute({ schema, document: open.document, variableValues, contextValue: ctx });
      ctx.disclosures.deliver(deliveredSubjects(plan.root, result.data as Record<string, unknown> | null | undefined));
      return result;
    },
  };
}
