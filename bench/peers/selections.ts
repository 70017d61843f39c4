// The same data asked of the facade and of Mesh: the facade's selection is the reference; Mesh's is
// built from Mesh's own schema with exactly the response paths the facade's selection names (field
// names along the path; fragments add none), so both systems return the same fields of the same persons.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Every response path (dotted field names) of a selection, inner nodes included. */
export function selectionPaths(selection: string): Set<string> {
  const doc = parse(`{ ${selection} }`);
  const paths = new Set<string>();
  const walk = (set: SelectionSetNode, prefix: string) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '__typename') continue;
        const path = prefix ? `${prefix}.${s.name.value}` : s.name.value;
        paths.add(path);
        if (s.selectionSet) walk(s.selectionSet, path);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, prefix);
      else throw new Error('named fragments are not used here');
    }
  };
  const op = doc.definitions[0];
  if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error('not an operation');
  walk(op.selectionSet, '');
  return paths;
}

/** Paths under `prefix.`, with the prefix taken off. */
export function under(paths: Set<string>, prefix: string): Set<string> {
  return new Set([...paths].filter((p) => p.startsWith(`${prefix}.`)).map((p) => p.slice(prefix.length + 1)));
}

/** Paths not under `prefix.` (the prefix itself kept). */
export function without(paths: Set<string>, prefix: string): Set<string> {
  return new Set([...paths].filter((p) => !p.startsWith(`${prefix}.`)));
}

/** A selection of `typeName` in `schema` holding exactly the fields at `paths`. */
export function selectionFor(schema: GraphQLSchema, typeName: string, paths: Set<string>): string {
  const type = schema.getType(typeName) as GraphQLCompositeType | undefined;
  if (!type) throw new Error(`no type ${typeName}`);
  const text = select(schema, type, paths, '');
  if (!text) throw new Error(`nothing of ${typeName} matches the paths`);
  return text;
}

function fieldText(schema: GraphQLSchema, name: string, field: GraphQLField<unknown, unknown>, paths: Set<string>, path: string, alias?: string): string | undefined {
  if (!paths.has(path)) return undefined;
  const named = getNamedType(field.type);
  const head = alias ? `${alias}: ${name}` : name;
  if (!isCompositeType(named)) return head;
  const inner = select(schema, named, paths, path);
  return inner ? `${head} { ${inner} }` : undefined;
}

function select(schema: GraphQLSchema, type: GraphQLCompositeType, paths: Set<string>, prefix: string): string | undefined {
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const parts: string[] = [];
  const own = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  for (const [name, field] of Object.entries(own)) {
    const text = fieldText(schema, name, field, paths, at(name));
    if (text) parts.push(text);
  }
  if (isInterfaceType(type) || !isObjectType(type)) {
    // The concrete types' own fields, in fragments; a name that two of them type differently gets
    // an alias per type, or the fragments would not merge.
    const concretes = schema.getPossibleTypes(type);
    const typings = new Map<string, Set<string>>();
    for (const c of concretes) {
      for (const [name, field] of Object.entries(c.getFields())) {
        if (name in own) continue;
        typings.set(name, (typings.get(name) ?? new Set()).add(String(field.type)));
      }
    }
    for (const c of concretes) {
      const inner: string[] = [];
      for (const [name, field] of Object.entries(c.getFields())) {
        if (name in own) continue;
        const alias = (typings.get(name)?.size ?? 0) > 1 ? `${c.name}_${name}` : undefined;
        const text = fieldText(schema, name, field, paths, at(name), alias);
        if (text) inner.push(text);
      }
      if (inner.length) parts.push(`... on ${c.name} { ${inner.join(' ')} }`);
    }
  }
  return parts.length ? parts.join(' ') : undefined;
}
