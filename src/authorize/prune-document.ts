// Phase 5, authorise the document: walk the operation once, decide every field
// position with the rule tree, and build the document that will be executed —
// the same operation with denied fields removed. Fragments are inlined while
// walking, because one fragment can sit at positions with different decisions
// (NaamGerelateerde under partners and under ouders).
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { shouldInclude } from '../graphql/walk-selection.ts';
import { LINK_FIELDS } from '../brp/upstream-fields.ts';
import type { DenialReason } from './forbidden.ts';

/** Keys the pruning adds to keep selection sets valid; removed from the response again. */
export const PRUNED_KEY = '__authz_pruned';
export const TYPE_KEY = '__authz_type';

/**
 * Field positions one operation may expand to. Fragments spread repeatedly can
 * multiply a small document exponentially; authorising it would stall the event
 * loop, so such an operation is refused before any of it is decided.
 */
export const MAX_POSITIONS = 5000;

export class QueryTooComplexError extends GraphQLError {
  constructor() {
    super(`The operation expands to more than ${MAX_POSITIONS} field positions.`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
  }
}

export interface FieldDecisionInput {
  coordinate: string;
  upstreamPath: string;
  args: Record<string, unknown>;
  isRoot: boolean;
}

export type FieldDecision = { allowed: true; rule: string } | { allowed: false; rule: string; reason: DenialReason };

export type Decide = (input: FieldDecisionInput) => Promise<FieldDecision>;

export interface Denial {
  /** Response keys from the root (aliases applied); lists are crossed implicitly. */
  responsePath: string[];
  /** Set when the field was selected on one concrete type of an interface. */
  onType?: string;
  nonNull: boolean;
  coordinate: string;
  upstreamPath: string;
  reason: DenialReason;
  rule: string;
}

export interface PositionReport {
  responsePath: string[];
  coordinate: string;
  upstreamPath: string;
  decision: FieldDecision;
}

export interface PruneResult {
  document: DocumentNode;
  denials: Denial[];
  /** The pruned document carries helper keys that must be removed from the response. */
  helperKeys: boolean;
  /** Every decided position, for explain and the access log. */
  positions: PositionReport[];
}

interface Walk {
  helperKeys: boolean;
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  decide: Decide;
  denials: Denial[];
  positions: PositionReport[];
}

interface Built {
  selections: SelectionNode[];
  /** A denial below needs the concrete type of this level's objects. */
  needsType: boolean;
}

const typenameAs = (alias: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: '__typename' },
});

async function build(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  /** The static type of the field owning this selection set (an interface when fragments narrow it). */
  ownerType: GraphQLCompositeType,
  upstreamPrefix: readonly string[],
  responsePath: readonly string[],
  visited: ReadonlySet<string>,
): Promise<Built> {
  const selections: SelectionNode[] = [];
  let needsType = false;
  for (const selection of selectionSet.selections) {
    if (!shouldInclude(selection, walk.variables)) continue;
    if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
      let typeConditionName: string | undefined;
      let inner: SelectionSetNode;
      let innerVisited = visited;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        typeConditionName = selection.typeCondition?.name.value;
        inner = selection.selectionSet;
      } else {
        const fragment = walk.fragments[selection.name.value];
        if (!fragment || visited.has(fragment.name.value)) continue;
        typeConditionName = fragment.typeCondition.name.value;
        inner = fragment.selectionSet;
        innerVisited = new Set(visited).add(fragment.name.value);
      }
      const condition = (typeConditionName ? walk.schema.getType(typeConditionName) : parentType) as GraphQLCompositeType | undefined;
      if (!condition) continue;
      const built = await build(walk, inner, condition, ownerType, upstreamPrefix, responsePath, innerVisited);
      needsType ||= built.needsType;
      if (built.selections.length) {
        selections.push({
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: typeConditionName ? { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typeConditionName } } : undefined,
          selectionSet: { kind: Kind.SELECTION_SET, selections: built.selections },
        });
      }
      continue;
    }

    const name = selection.name.value;
    if (name.startsWith('__')) {
      selections.push(selection);
      continue;
    }
    const field = (isObjectType(parentType) || isInterfaceType(parentType)) ? parentType.getFields()[name] : undefined;
    if (!field) continue;
    const coordinate = `${parentType.name}.${name}`;
    const isRoot = parentType === walk.schema.getQueryType() || parentType === walk.schema.getMutationType();
    const upstreamPath = isRoot ? '' : [...upstreamPrefix, name].join('.');
    const key = selection.alias?.value ?? name;
    const fieldResponsePath = [...responsePath, key];
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, selection, walk.variables);
    } catch {
      // Invalid arguments: validation and the resolver report them; authorisation decides without.
    }
    if (walk.positions.length >= MAX_POSITIONS) throw new QueryTooComplexError();
    const decision = await walk.decide({ coordinate, upstreamPath, args, isRoot });
    walk.positions.push({ responsePath: fieldResponsePath, coordinate, upstreamPath, decision });
    if (!decision.allowed) {
      const narrowed = parentType !== ownerType && isObjectType(parentType) && isAbstractType(ownerType);
      walk.denials.push({
        responsePath: fieldResponsePath,
        onType: narrowed ? parentType.name : undefined,
        nonNull: isNonNullType(field.type),
        coordinate,
        upstreamPath,
        reason: decision.reason,
        rule: decision.rule,
      });
      needsType ||= narrowed;
      continue;
    }
    const named = getNamedType(field.type);
    if (!isCompositeType(named) || !selection.selectionSet) {
      selections.push({ ...selection, directives: [] });
      continue;
    }
    const childPrefix = isRoot || LINK_FIELDS.has(coordinate) ? [] : [...upstreamPrefix, name];
    const built = await build(walk, selection.selectionSet, named, named, childPrefix, fieldResponsePath, visited);
    const childSelections = [...built.selections];
    if (built.needsType) {
      childSelections.push(typenameAs(TYPE_KEY));
      walk.helperKeys = true;
    }
    // Everything below was denied: keep the field (it comes back as an object or null) with a harmless selection.
    if (!built.selections.some((s) => !(s.kind === Kind.FIELD && s.name.value === '__typename'))) {
      childSelections.push(typenameAs(PRUNED_KEY));
      walk.helperKeys = true;
    }
    selections.push({ ...selection, directives: [], selectionSet: { kind: Kind.SELECTION_SET, selections: childSelections } });
  }
  return { selections, needsType };
}

export async function pruneDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  decide: Decide,
): Promise<PruneResult> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!rootType) throw new Error(`no root type for ${operation.operation}`);
  const walk: Walk = { helperKeys: false, schema, fragments, variables, decide, denials: [], positions: [] };
  const built = await build(walk, operation.selectionSet, rootType, rootType, [], [], new Set());
  if (!built.selections.length) walk.helperKeys = true;
  const selections = built.selections.length ? built.selections : [typenameAs(PRUNED_KEY)];
  const pruned: OperationDefinitionNode = { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections } };
  // Fragment definitions stay for the introspection subtrees (`__schema { ...FullType }`), which are
  // kept as written; every data field's spread was inlined above, so no denied field is reachable.
  return {
    document: { kind: Kind.DOCUMENT, definitions: [pruned, ...Object.values(fragments)] },
    denials: walk.denials,
    helperKeys: walk.helperKeys,
    positions: walk.positions,
  };
}
