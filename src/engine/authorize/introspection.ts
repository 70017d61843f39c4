// Introspection shows each caller only what it may query: the operation is
// executed against a schema cut down to the field coordinates the caller's
// rules can ever permit (types left without fields disappear). Executing
// against a smaller schema, rather than editing the full schema's answer,
// leaves no way around it through fragments, aliases or partial selections.
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Decide } from '../plan/decisions.ts';
import type { PlanVocabulary } from '../plan/vocabulary.ts';

/** Every field coordinate that is permitted at some position reachable from the root. */
/** Upstream paths restart at a data subject (a person reached through a link), as in the plan. */
export async function permittedCoordinates(schema: GraphQLSchema, decide: Decide, vocabulary: PlanVocabulary): Promise<Set<string>> {
  const permitted = new Set<string>();
  const seen = new Set<string>();
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is NonNullable<typeof t> => Boolean(t));

  async function visit(type: GraphQLCompositeType, upstreamPrefix: readonly string[], isRoot: boolean): Promise<void> {
    const key = `${type.name}|${upstreamPrefix.join('.')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const types = isInterfaceType(type) ? [type, ...schema.getPossibleTypes(type)] : [type];
    for (const t of types) {
      if (!isObjectType(t) && !isInterfaceType(t)) continue;
      for (const [name, field] of Object.entries(t.getFields())) {
        const coordinate = `${t.name}.${name}`;
        const upstreamPath = isRoot ? '' : [...upstreamPrefix, name].join('.');
        const decision = await decide({ coordinate, upstreamPath, args: {}, isRoot });
        if (!decision.allowed) continue;
        permitted.add(coordinate);
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        const childPrefix = isRoot || vocabulary.subject(named.name) ? [] : [...upstreamPrefix, name];
        await visit(named, childPrefix, false);
      }
    }
  }
  for (const root of roots) await visit(root, [], true);
  return permitted;
}

/** The schema as this caller may see it. */
export function schemaFor(schema: GraphQLSchema, permitted: ReadonlySet<string>): GraphQLSchema {
  const allowed = (type: string, field: string) => permitted.has(`${type}.${field}`);
  return pruneSchema(
    filterSchema({
      schema,
      // The facade's root types are named Query and Mutation, as the operations.
      rootFieldFilter: (operation, field) => allowed(operation, field),
      objectFieldFilter: (type, field) => allowed(type, field),
      interfaceFieldFilter: (type, field) => allowed(type, field),
    }),
  );
}

/** Which root fields the operation selects, through fragments: introspection ones, and others. */
export function rootFieldKinds(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): { introspection: boolean; data: boolean; dataFields: Set<string> } {
  const found = { introspection: false, data: false, dataFields: new Set<string>() };
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '__schema' || s.name.value === '__type') found.introspection = true;
        else if (s.name.value !== '__typename') {
          found.data = true;
          found.dataFields.add(s.name.value);
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        walk(fragments[s.name.value].selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}
