// Compiles one operation, with its coerced variables, into a plan (plan.ts).
//
// Fields are collected the way graphql-js execution collects them: @skip and
// @include applied, fragments inlined, and within one selection level each
// named fragment visited once per type condition (graphql-js `collectFields`
// visits it once per object, so the plan describes what execution returns). Fields with the
// same response key on the same type are merged into one position, whose
// child selection is compiled from all their selection sets together.
//
// Child selections are memoised by (field nodes, type, upstream position):
// the same fragment under two aliases is compiled once and shared. Every node
// counts the positions it expands to as it is created, and the budget is
// checked then — so compiling is linear in the document, and an operation
// that would expand beyond the budget is refused before it is expanded.
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
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
  type SelectionSetNode,
} from 'graphql';
import { checkPositionBudget, DEFAULT_MAX_POSITIONS } from './checks/position-budget.ts';
import type { FieldPlan, OperationPlan, SelectionPlan, SubjectSpec } from './plan.ts';
import type { PlanVocabulary } from './vocabulary.ts';

export interface CompileInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values (defaults applied). */
  variables: Record<string, unknown>;
  vocabulary: PlanVocabulary;
  maxPositions?: number;
}

interface Scope {
  /** Upstream path of the enclosing upstream object. */
  prefix: string;
  /** Inside a value recorded whole: its record path. */
  recordBase?: string;
  subject?: SubjectSpec;
  isRoot: boolean;
}

interface Group {
  onType: GraphQLCompositeType;
  responseKey: string;
  nodes: FieldNode[];
}

function include(node: { directives?: FieldNode['directives'] }, variables: Record<string, unknown>): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

export function compilePlan(input: CompileInput): OperationPlan {
  const { schema, operation, variables, vocabulary } = input;
  const maxPositions = input.maxPositions ?? DEFAULT_MAX_POSITIONS;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of input.document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const nodeIds = new WeakMap<object, number>();
  let nextNodeId = 0;
  const idOf = (node: object) => {
    let id = nodeIds.get(node);
    if (id === undefined) nodeIds.set(node, (id = nextNodeId++));
    return id;
  };
  const memo = new Map<string, SelectionPlan>();
  let visits = 0;
  let nextPlanId = 0;

  /** The narrower of two conditions that both hold (validation guarantees they overlap). */
  function narrow(current: GraphQLCompositeType, condition: GraphQLCompositeType): GraphQLCompositeType {
    if (isObjectType(current)) return current;
    return condition;
  }

  function collect(sets: readonly SelectionSetNode[], owner: GraphQLCompositeType): Group[] {
    const groups = new Map<string, Group>();
    const visitedFragments = new Set<string>();
    const visit = (set: SelectionSetNode, condition: GraphQLCompositeType) => {
      for (const selection of set.selections) {
        visits++;
        if (!include(selection, variables)) continue;
        if (selection.kind === Kind.FIELD) {
          const responseKey = selection.alias?.value ?? selection.name.value;
          const key = `${condition.name}|${responseKey}`;
          let group = groups.get(key);
          if (!group) groups.set(key, (group = { onType: condition, responseKey, nodes: [] }));
          group.nodes.push(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const named = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : condition;
          if (named && isCompositeType(named)) visit(selection.selectionSet, narrow(condition, named));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          const named = fragment && schema.getType(fragment.typeCondition.name.value);
          if (!fragment || !named || !isCompositeType(named)) continue;
          const within = narrow(condition, named);
          // Once per fragment and condition: graphql-js skips a repeated spread per object, and an
          // object of another type than an earlier, narrower spread's still gets the fragment.
          const visitKey = `${name}|${within.name}`;
          if (visitedFragments.has(visitKey)) continue;
          visitedFragments.add(visitKey);
          visit(fragment.selectionSet, within);
        }
      }
    };
    for (const set of sets) visit(set, owner);
    return [...groups.values()];
  }

  function fieldPlan(group: Group, owner: GraphQLCompositeType, scope: Scope): FieldPlan | undefined {
    const node = group.nodes[0];
    const fieldName = node.name.value;
    const narrowed = group.onType !== owner && isAbstractType(owner) && isObjectType(group.onType);
    const base = { responseKey: group.responseKey, fieldName, onType: group.onType, narrowed, isRoot: scope.isRoot, nodes: group.nodes };
    if (fieldName === '__typename') {
      const revealed = isAbstractType(owner) && !scope.recordBase ? vocabulary.typenameReveals(owner, scope.prefix) : undefined;
      const recordPath = scope.recordBase ?? (revealed ? vocabulary.arrivalPath(revealed) : '');
      return { ...base, coordinate: `${owner.name}.__typename`, nonNull: true, args: {}, upstreamPath: revealed ?? '', arrivalPath: revealed ?? '', recordPath };
    }
    if (fieldName.startsWith('__')) return undefined; // introspection is answered elsewhere
    const type = group.onType;
    const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[fieldName] : undefined;
    if (!definition) return undefined; // validation has rejected it already
    const namedType = getNamedType(definition.type);
    const coordinate = `${type.name}.${fieldName}`;
    // Root arguments carry values (BSNs, names) and are read per request (decisions.ts): never kept in a plan.
    let args: Record<string, unknown> = {};
    if (!scope.isRoot) {
      try {
        args = getArgumentValues(definition, node, variables);
      } catch {
        // Invalid arguments: the resolver reports them; the plan decides without.
      }
    }
    const upstreamPath = scope.isRoot ? '' : join(scope.prefix, fieldName);
    const arrivalPath = scope.isRoot ? '' : vocabulary.arrivalPath(upstreamPath);
    const whole = !scope.recordBase && !scope.isRoot && vocabulary.recordedWhole({ coordinate, fieldName, namedType, upstreamPath, isRoot: scope.isRoot });
    const linked = !scope.isRoot && isCompositeType(namedType) ? vocabulary.subject(namedType.name) : undefined;
    // A link to another subject records, for this one, whom it links to; other fields their own path.
    const recordPath = scope.isRoot ? '' : linked ? vocabulary.linkRecordPath(coordinate, upstreamPath) ?? '' : scope.recordBase ?? arrivalPath;
    const plan: FieldPlan = {
      ...base,
      coordinate,
      definition,
      namedType,
      nonNull: isNonNullType(definition.type),
      args,
      upstreamPath,
      arrivalPath,
      recordPath,
    };
    if (isCompositeType(namedType)) {
      const sets = group.nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => s !== undefined);
      const subject = vocabulary.subject(namedType.name);
      // A subject's paths start at the subject; everything else continues the enclosing path.
      const childScope: Scope = subject
        ? { prefix: '', subject, isRoot: false }
        : { prefix: scope.isRoot ? vocabulary.rootPrefix?.(coordinate) ?? '' : upstreamPath, recordBase: whole ? arrivalPath : scope.recordBase, subject: scope.subject, isRoot: false };
      plan.children = compileSelection(sets, namedType, childScope, subject);
    }
    return plan;
  }

  function compileSelection(sets: readonly SelectionSetNode[], owner: GraphQLCompositeType, scope: Scope, subject?: SubjectSpec): SelectionPlan {
    const key = `${sets.map(idOf).join(',')}|${owner.name}|${scope.prefix}|${scope.recordBase ?? ''}|${scope.subject?.subjectType ?? ''}|${subject ? 1 : 0}|${scope.isRoot ? 1 : 0}`;
    const known = memo.get(key);
    if (known) return known;
    const fields: FieldPlan[] = [];
    let positions = 0;
    for (const group of collect(sets, owner)) {
      const plan = fieldPlan(group, owner, scope);
      if (!plan) continue;
      fields.push(plan);
      positions += 1 + (plan.children?.positions ?? 0);
      checkPositionBudget(positions, maxPositions);
    }
    const selection: SelectionPlan = { id: nextPlanId++, owner, fields, subject, positions };
    memo.set(key, selection);
    return selection;
  }

  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!rootType) throw new GraphQLError(`This facade has no ${operation.operation} operations.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  const root = compileSelection([operation.selectionSet], rootType, { prefix: '', isRoot: true });
  return { root, positions: root.positions, nodes: memo.size, visits };
}
