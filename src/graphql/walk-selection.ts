// Walks a GraphQL selection the way execution would see it: through named
// fragments, inline fragments (on interfaces and their concrete types), aliases
// and @skip/@include with the request's variables. Both the upstream `fields`
// push-down and the authorisation engine walk documents with this one function,
// so what is authorised and what is fetched can never disagree.
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export interface WalkContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

export interface VisitedField {
  node: FieldNode;
  parentType: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  /** Named return type (lists and non-null stripped). */
  type: GraphQLNamedType;
  /** Schema field names from the walk's start, aliases ignored: ['naam', 'voornamen']. */
  path: readonly string[];
  /** Response keys from the walk's start, aliases applied: for error paths. */
  responsePath: readonly string[];
}

/** Return false to stop descending into this field's selection. */
export type FieldVisitor = (visited: VisitedField) => boolean | void;

export function shouldInclude(node: { directives?: FieldNode['directives'] }, variables: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

function fieldsOf(type: GraphQLCompositeType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined;
}

export function walkSelectionSet(
  ctx: WalkContext,
  selectionSet: SelectionSetNode | undefined,
  parentType: GraphQLCompositeType,
  visit: FieldVisitor,
  path: readonly string[] = [],
  responsePath: readonly string[] = [],
  visitedFragments: Set<string> = new Set(),
): void {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (!shouldInclude(selection, ctx.variableValues)) continue;
    switch (selection.kind) {
      case 'Field': {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = fieldsOf(parentType)?.[name];
        if (!field) continue; // validation has already rejected unknown fields
        const type = getNamedType(field.type);
        const fieldPath = [...path, name];
        const fieldResponsePath = [...responsePath, selection.alias?.value ?? name];
        const descend = visit({ node: selection, parentType, field, type, path: fieldPath, responsePath: fieldResponsePath });
        if (descend !== false && isCompositeType(type)) {
          walkSelectionSet(ctx, selection.selectionSet, type, visit, fieldPath, fieldResponsePath, visitedFragments);
        }
        break;
      }
      case 'InlineFragment': {
        const condition = selection.typeCondition
          ? (ctx.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : parentType;
        if (condition) walkSelectionSet(ctx, selection.selectionSet, condition, visit, path, responsePath, visitedFragments);
        break;
      }
      case 'FragmentSpread': {
        const name = selection.name.value;
        const fragment = ctx.fragments[name];
        // A fragment spread twice on one level is walked twice: harmless, both visits agree.
        if (!fragment || visitedFragments.has(name)) continue;
        const condition = ctx.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        if (!condition) continue;
        const inner = new Set(visitedFragments).add(name);
        walkSelectionSet(ctx, fragment.selectionSet, condition, visit, path, responsePath, inner);
        break;
      }
    }
  }
}

/** Walks the selection sets of the field nodes a resolver was called for. */
export function walkFieldNodes(
  ctx: WalkContext,
  fieldNodes: readonly FieldNode[],
  returnType: GraphQLCompositeType,
  visit: FieldVisitor,
): void {
  for (const node of fieldNodes) walkSelectionSet(ctx, node.selectionSet, returnType, visit);
}
