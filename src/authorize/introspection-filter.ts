// Introspection shows each principal only what it may query under its purpose:
// fields that can never be permitted are absent, and types left without fields
// disappear (with references to them), so GraphiQL and code generators build a
// valid client schema of exactly the caller's reach.
import { getNamedType, isCompositeType, isInterfaceType, isObjectType, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';
import { LINK_FIELDS } from '../brp/upstream-fields.ts';
import type { Decide } from './prune-document.ts';

/** Every field coordinate that is permitted at some position reachable from the root. */
export async function permittedCoordinates(schema: GraphQLSchema, decide: Decide): Promise<Set<string>> {
  const permitted = new Set<string>();
  const seen = new Set<string>();
  const queryType = schema.getQueryType();
  const mutationType = schema.getMutationType();

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
        const childPrefix = isRoot || LINK_FIELDS.has(coordinate) ? [] : [...upstreamPrefix, name];
        await visit(named, childPrefix, false);
      }
    }
  }
  if (queryType) await visit(queryType, [], true);
  if (mutationType) await visit(mutationType, [], true);
  return permitted;
}

interface IntrospectionTypeRef {
  kind?: string;
  name?: string | null;
  ofType?: IntrospectionTypeRef | null;
}
interface IntrospectionType extends IntrospectionTypeRef {
  fields?: Array<{ name: string; type?: IntrospectionTypeRef }> | null;
  interfaces?: IntrospectionTypeRef[] | null;
  possibleTypes?: IntrospectionTypeRef[] | null;
}

function namedOf(ref: IntrospectionTypeRef | null | undefined): string | undefined {
  let r = ref;
  while (r?.ofType) r = r.ofType;
  return r?.name ?? undefined;
}

function filterType(type: IntrospectionType, permitted: ReadonlySet<string>): void {
  if (type.name && type.name.startsWith('__')) return;
  // `kind` may not be selected; only object and interface types have `fields` at all.
  if (Array.isArray(type.fields) && type.name) {
    type.fields = type.fields.filter((f) => permitted.has(`${type.name}.${f.name}`));
  }
}

/** Filters the data of `__schema` / `__type` in place. */
export function filterIntrospection(data: Record<string, unknown>, rootKeys: readonly string[], permitted: ReadonlySet<string>): void {
  for (const key of rootKeys) {
    const value = data[key] as ({ types?: IntrospectionType[]; mutationType?: IntrospectionTypeRef | null; subscriptionType?: IntrospectionTypeRef | null } & IntrospectionType) | null | undefined;
    if (!value) continue;
    if (Array.isArray(value.types)) {
      value.types.forEach((t) => filterType(t, permitted));
      const removed = new Set(
        value.types.filter((t) => Array.isArray(t.fields) && t.fields.length === 0 && !t.name?.startsWith('__')).map((t) => t.name),
      );
      value.types = value.types.filter((t) => !removed.has(t.name));
      // A root type left without fields (no mutation this caller may run) is no root type at all.
      if (value.mutationType && removed.has(value.mutationType.name)) value.mutationType = null;
      if (value.subscriptionType && removed.has(value.subscriptionType.name)) value.subscriptionType = null;
      for (const t of value.types) {
        if (Array.isArray(t.interfaces)) t.interfaces = t.interfaces.filter((i) => !removed.has(namedOf(i)));
        if (Array.isArray(t.possibleTypes)) t.possibleTypes = t.possibleTypes.filter((p) => !removed.has(namedOf(p)));
        if (Array.isArray(t.fields)) t.fields = t.fields.filter((f) => !removed.has(namedOf(f.type)));
      }
    } else {
      filterType(value, permitted);
    }
  }
}
