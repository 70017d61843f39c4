// Every path of the official fields-filtered CSVs is reachable as the same
// dotted path of GraphQL fields (through interfaces' concrete types where the
// upstream object is polymorphic).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getNamedType, isInterfaceType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { specFieldPaths } from '../src/domains/brp/spec-paths.ts';

const schema = buildFacadeSchema();

function csv(name: string): string[] {
  return readFileSync(new URL(`../data/brp/${name}`, import.meta.url), 'utf8').split(/\r?\n/).slice(1).map((l) => l.trim()).filter(Boolean);
}

/** Types a value of `type` can be: the type itself, or an interface's implementations. */
function concrete(schema: GraphQLSchema, type: GraphQLNamedType): GraphQLNamedType[] {
  return isInterfaceType(type) ? [type, ...schema.getPossibleTypes(type)] : [type];
}

function reachable(root: string, path: string): boolean {
  let types: GraphQLNamedType[] = [schema.getType(root)!];
  for (const segment of path.split('.')) {
    const next: GraphQLNamedType[] = [];
    for (const t of types.flatMap((t) => concrete(schema, t))) {
      if (!isObjectType(t) && !isInterfaceType(t)) continue;
      const field = t.getFields()[segment];
      if (field) next.push(getNamedType(field.type));
    }
    if (next.length === 0) return false;
    types = next;
  }
  return true;
}

describe('schema/brp.graphql mirrors the BRP v2 response types', () => {
  it.each([
    ['Persoon', 'fields-filtered-Persoon.csv'],
    ['PersoonBeperkt', 'fields-filtered-PersoonBeperkt.csv'],
  ])('every path of %s in %s is a GraphQL path', (type, file) => {
    const paths = csv(file);
    expect(paths.length).toBeGreaterThan(15);
    const missing = paths.filter((p) => !reachable(type, p));
    expect(missing).toEqual([]);
  });

  it('also the full (unfiltered) Persoon field list, including date and code-table sub-fields', () => {
    const missing = csv('fields-Persoon.csv').filter((p) => !reachable('Persoon', p));
    expect(missing).toEqual([]);
  });

  it('keeps polymorphic upstream objects as interfaces with the spec type names', () => {
    for (const [iface, types] of Object.entries({
      AbstractDatum: ['Datum', 'DatumOnbekend', 'JaarDatum', 'JaarMaandDatum'],
      AbstractVerblijfplaats: ['Adres', 'Locatie', 'VerblijfplaatsBuitenland', 'VerblijfplaatsOnbekend'],
    })) {
      const t = schema.getType(iface);
      expect(isInterfaceType(t)).toBe(true);
      expect(schema.getPossibleTypes(t as never).map((p) => p.name).sort()).toEqual([...types].sort());
      for (const name of types) expect(Object.keys((schema.getType(name) as never as { getFields(): object }).getFields())).toContain(iface === 'AbstractDatum' ? 'langFormaat' : 'type');
    }
  });

  it.each([
    ['AbstractVerblijfplaatsVoorkomen', 'brp-historie'],
    ['Reisdocument', 'brp-reisdocumenten'],
  ])('every path of %s in data/%s/openapi.yaml is a GraphQL path of the same name', (type, folder) => {
    const paths = [...specFieldPaths(folder, type)];
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !reachable(type, p))).toEqual([]);
  });
});
