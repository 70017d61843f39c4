// Phase 4 and 5 for one operation, on the plan (src/engine/plan/): find or compile the
// plan (the position budget is checked while compiling), check the persons it
// may reach, decide every position — below the root from the cache per rights
// key, the root fields for this request — and choose the document that runs.
// `finishResponse` is the other half, after execution: denials applied, what
// was delivered per subject read off the result, helper keys removed.
//
// The Apollo plugin (src/pipeline/5-authorise/authorise-plugin.ts) calls these in its lifecycle hooks; the
// benchmark calls them directly.
import type { DocumentNode, OperationDefinitionNode, GraphQLSchema } from 'graphql';
import type { RuleTree } from '../../../rules/index.ts';
import type { RuleContext } from '../../../rules/shield-types.ts';
import { compilePlan } from '../plan/compile-plan.ts';
import { checkPersonCost, type SubjectLimits } from '../plan/checks/person-cost.ts';
import { decideBelowRoot, decideRoots, requestArgs, type FieldDecision } from '../plan/decisions.ts';
import { executableDocument, type Denial, type Executable } from '../plan/executable-document.ts';
import type { FieldPlan, OperationPlan } from '../plan/plan.ts';
import { PlanCache } from '../plan/plan-cache.ts';
import { requestedUpstreamPaths } from '../plan/positions.ts';
import { deliveredSubjects, type DeliveredSubject } from '../plan/record-delivered.ts';
import { variablesShape } from '../plan/variables-shape.ts';
import type { PlanVocabulary } from '../plan/vocabulary.ts';
import { applyDenials, type FormattedDenialError } from './apply-denials.ts';
import { createDecider } from './decide.ts';

export interface PlanningSettings {
  tree: RuleTree;
  vocabulary: PlanVocabulary;
  cache: PlanCache;
  maxPositions: number;
  /** Subjects one operation may reach, per kind. */
  maxSubjects: SubjectLimits;
}

export interface OperationRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Apollo's hash of the query text (sha256): the document half of the plan key. */
  queryHash: string;
  operationName?: string;
  /** Coerced variables (defaults applied). */
  variables: Record<string, unknown>;
  ctx: RuleContext;
  /** Rights key of the caller (everything the static rules read). */
  rightsKey: string;
  /** dry-run: only root denials are enforced. */
  enforceRootsOnly: boolean;
}

export interface PlannedOperation {
  plan: OperationPlan;
  /** The document that runs and its denials. */
  executable: Executable;
  /** Every denial, enforced or not (dry-run reports the others). */
  denials: Denial[];
  decisions: ReadonlyMap<FieldPlan, FieldDecision>;
  /** Per root response key: the fields its arguments reveal of each subject it returns. */
  revealed: Map<string, string[]>;
  /** Search criteria used, as argument names. */
  criteria: string[];
  fieldsRequested: string[];
  /** Subjects the operation may reach at most (the plan's cost): what a quota reserves before execution. */
  reach: Record<'BSN' | 'ECK_ID', number>;
}

const decisionKey = (decisions: ReadonlyMap<FieldPlan, FieldDecision>) =>
  [...decisions.values()].map((d) => (d.allowed ? '+' : `-${d.reason}:${d.argumentName ?? ''}`)).join(',');

export async function planOperation(settings: PlanningSettings, request: OperationRequest): Promise<PlannedOperation> {
  const { schema, document, operation, variables } = request;
  const key = JSON.stringify([request.queryHash, request.operationName ?? '', variablesShape(variables)]);
  const cached = settings.cache.plan(key, () => compilePlan({ schema, document, operation, variables, vocabulary: settings.vocabulary, maxPositions: settings.maxPositions }));
  const { plan } = cached;
  const reach = checkPersonCost(plan, settings.vocabulary, variables, settings.maxSubjects);

  const decide = createDecider(settings.tree, request.ctx);
  const rights = PlanCache.rights(cached, request.rightsKey, () => decideBelowRoot(plan, decide));
  const roots = await decideRoots(plan, decide, variables);
  const below = await rights.below;
  const vector = decisionKey(roots);
  let decisions: Map<FieldPlan, FieldDecision> | undefined;
  const allDecisions = () => (decisions ??= new Map([...below, ...roots]));
  const all = PlanCache.executable(rights, `all|${vector}`, () => executableDocument(plan, operation, allDecisions(), () => true));
  const executable =
    request.enforceRootsOnly && all.denials.length
      ? PlanCache.executable(rights, `roots|${vector}`, () => executableDocument(plan, operation, allDecisions(), (f) => f.isRoot))
      : all;

  const revealed = new Map<string, string[]>();
  const criteria = new Set<string>();
  for (const root of plan.root.fields) {
    const used = settings.vocabulary.criteria(root.coordinate, requestArgs(root, variables));
    if (!used.length) continue;
    revealed.set(root.responseKey, used.map((c) => c.reveals));
    for (const c of used) criteria.add(c.argument);
  }
  const requested = all.fieldsRequested ??= requestedUpstreamPaths(plan, allDecisions());
  return { plan, executable, denials: all.denials, get decisions() { return allDecisions(); }, revealed, criteria: [...criteria].sort(), fieldsRequested: requested, reach };
}

export interface FinishedResponse {
  data: Record<string, unknown> | null;
  errors: FormattedDenialError[];
  delivered: DeliveredSubject[];
}

/** Mutates `data`: denials applied, then the record read off it as the helper keys are removed. */
export function finishResponse(planned: PlannedOperation, data: Record<string, unknown> | null | undefined): FinishedResponse {
  const finished = applyDenials(data as Record<string, never> | null | undefined, planned.executable.denials);
  const delivered = deliveredSubjects(planned.plan.root, finished.data, planned.revealed);
  return { data: finished.data, errors: finished.errors, delivered };
}
