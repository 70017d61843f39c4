// The dotted field paths an OpenAPI response schema holds, read from the spec the project ships in
// data/ (the APIs' own definition, not a list of ours): properties, through $ref, allOf and the
// subtypes a discriminator maps to. Group paths are included (`verblijfadres` and
// `verblijfadres.woonplaats`), and so are the sub-fields of dates and code tables.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  discriminator?: { mapping?: Record<string, string> };
};

const dataDir = fileURLToPath(new URL('../../../data/', import.meta.url));
const cache = new Map<string, ReadonlySet<string>>();

export function specFieldPaths(folder: string, root: string): ReadonlySet<string> {
  const key = `${folder}#${root}`;
  let paths = cache.get(key);
  if (paths) return paths;
  const spec = parse(readFileSync(`${dataDir}${folder}/openapi.yaml`, 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const schemas = spec.components.schemas;
  const named = (ref: string) => schemas[ref.replace('#/components/schemas/', '')] ?? {};

  /**
   * Every property of a schema, its allOf parts and the subtypes its discriminator names; a name
   * several subtypes have (`verblijfadres` of an Adres, a Locatie, abroad) with each of their schemas.
   */
  const propertiesOf = (schema: Schema, seen: Set<Schema>): Map<string, Schema[]> => {
    const out = new Map<string, Schema[]>();
    const add = (n: string, s: Schema[]) => out.set(n, [...(out.get(n) ?? []), ...s]);
    if (seen.has(schema)) return out;
    seen.add(schema);
    if (schema.$ref) return propertiesOf(named(schema.$ref), seen);
    for (const part of schema.allOf ?? []) for (const [n, s] of propertiesOf(part, seen)) add(n, s);
    for (const [n, s] of Object.entries(schema.properties ?? {})) add(n, [s]);
    for (const ref of Object.values(schema.discriminator?.mapping ?? {})) for (const [n, s] of propertiesOf(named(ref), seen)) add(n, s);
    return out;
  };

  const found = new Set<string>();
  const walk = (schema: Schema, prefix: string, depth: number) => {
    if (depth > 8) return;
    const target = schema.items ?? schema;
    for (const [name, children] of propertiesOf(target, new Set())) {
      const path = prefix ? `${prefix}.${name}` : name;
      found.add(path);
      for (const child of children) walk(child.items ?? child, path, depth + 1);
    }
  };
  walk(schemas[root], '', 0);
  paths = found;
  cache.set(key, paths);
  return paths;
}
