// The operation plan: an operation compiled once into its positions. Every
// later step — authorisation, the executed document, the upstream push-down,
// the cost limits, explain and the protocol record — reads this one structure,
// so none of them can disagree about where a field sits or what it reads.
//
// A plan is a DAG: a selection set that occurs at several places with the same
// field nodes, type and upstream position (a fragment spread under two
// aliases) is compiled once and shared. `positions` counts what the DAG would
// expand to, so limits are checked before anything is expanded.
import type { FieldNode, GraphQLCompositeType, GraphQLField, GraphQLNamedType } from 'graphql';
import type { SubjectSpec } from '../../base/graphql/plan-vocabulary.ts';

export type { SubjectSpec };


export interface FieldPlan {
  /** Response key: the alias, or the field name. */
  responseKey: string;
  fieldName: string;
  /** `Type.field`; for `__typename` the owner's `Type.__typename`. */
  coordinate: string;
  /** The type the field was selected on: the owner, or a fragment's narrower condition. */
  onType: GraphQLCompositeType;
  /** onType is a concrete type narrowing an abstract owner: the field applies to objects of that type only. */
  narrowed: boolean;
  /** Undefined for `__typename`. */
  definition?: GraphQLField<unknown, unknown>;
  namedType?: GraphQLNamedType;
  nonNull: boolean;
  isRoot: boolean;
  /** Argument values below the root; empty for root fields, whose arguments are read per request. */
  args: Record<string, unknown>;
  /** The upstream path as asked, relative to the upstream object ('' for root fields). */
  upstreamPath: string;
  /** Where the value arrives in the upstream answer (verblijfplaatsBinnenland → verblijfplaats). */
  arrivalPath: string;
  /**
   * What a delivered non-null value here is recorded as, relative to its subject ('' = nothing).
   * Leaves record their own path; a link to another subject records the relative's id path.
   */
  recordPath: string;
  /** The field nodes of the document this position merges (same response key and type). */
  nodes: readonly FieldNode[];
  children?: SelectionPlan;
}

export interface SelectionPlan {
  id: number;
  owner: GraphQLCompositeType;
  fields: readonly FieldPlan[];
  /** Set when the objects of this selection are data subjects. */
  subject?: SubjectSpec;
  /** Positions this selection expands to, its descendants included. */
  positions: number;
}

export interface OperationPlan {
  root: SelectionPlan;
  /** Every position of the expanded operation. */
  positions: number;
  /** Distinct plan nodes compiled (the DAG's size). */
  nodes: number;
  /** AST selections visited while compiling: linear in the document. */
  visits: number;
}

/** Keys the executed document adds to the response; removed again before it leaves. */
export const PRUNED_KEY = '__authz_pruned';
export const TYPE_KEY = '__authz_type';
export const SUBJECT_KEY = '__authz_subject';

/** Every distinct selection of the DAG, each once. */
export function* selectionsOf(root: SelectionPlan): Generator<SelectionPlan> {
  const seen = new Set<SelectionPlan>();
  const stack = [root];
  while (stack.length) {
    const sel = stack.pop()!;
    if (seen.has(sel)) continue;
    seen.add(sel);
    yield sel;
    for (const f of sel.fields) if (f.children) stack.push(f.children);
  }
}
