// Builds GraphQL selections from the schema: every field of a type (interfaces
// through inline fragments on each concrete type), optionally a random subset.
import { getNamedType, isCompositeType, isInterfaceType, isObjectType, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';

const LINKS = new Set(['Partner.persoon', 'Ouder.persoon', 'Kind.persoon']);
/** The other BRP APIs as fields of the person: their own tests (test/brp-apis.test.ts), not a Personen selection. */
const OTHER_APIS = new Set(['Persoon.verblijfplaatshistorie', 'Persoon.reisdocumenten', 'Adres.bewoning', 'Adres.adresseerbaarObject']);

export type Pick = (coordinate: string) => boolean;

export function selection(schema: GraphQLSchema, typeName: string, pick: Pick = () => true, depth = 6): string {
  const type = schema.getType(typeName) as GraphQLCompositeType;
  return select(schema, type, pick, depth) ?? '__typename';
}

function select(schema: GraphQLSchema, type: GraphQLCompositeType, pick: Pick, depth: number): string | undefined {
  if (depth === 0) return undefined;
  const parts: string[] = [];
  const fieldsOf = (t: GraphQLCompositeType) => (isObjectType(t) || isInterfaceType(t) ? Object.entries(t.getFields()) : []);
  for (const [name, field] of fieldsOf(type)) {
    const coordinate = `${type.name}.${name}`;
    if (LINKS.has(coordinate) || OTHER_APIS.has(coordinate) || field.deprecationReason || !pick(coordinate)) continue;
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) {
      parts.push(name);
      continue;
    }
    const inner = select(schema, named, pick, depth - 1);
    if (inner) parts.push(`${name} { ${inner} }`);
  }
  if (isInterfaceType(type)) {
    const own = new Set(Object.keys(type.getFields()));
    for (const concrete of schema.getPossibleTypes(type)) {
      const extra = Object.entries(concrete.getFields()).filter(([n]) => !own.has(n));
      const inner: string[] = [];
      for (const [name, field] of extra) {
        if (field.deprecationReason || OTHER_APIS.has(`${concrete.name}.${name}`) || !pick(`${concrete.name}.${name}`)) continue;
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) inner.push(name);
        else {
          const sub = select(schema, named, pick, depth - 1);
          if (sub) inner.push(`${name} { ${sub} }`);
        }
      }
      if (inner.length) parts.push(`... on ${concrete.name} { ${inner.join(' ')} }`);
    }
  }
  return parts.length ? parts.join(' ') : undefined;
}

/** Dotted paths of every non-null leaf value in a JSON result (list indexes dropped). */
export function nonNullLeafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => nonNullLeafPaths(v, prefix)))];
  if (typeof value === 'object') {
    return [...new Set(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nonNullLeafPaths(v, prefix ? `${prefix}.${k}` : k)))];
  }
  return [prefix];
}
