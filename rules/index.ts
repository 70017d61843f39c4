// The complete rule tree of the facade: shared fields plus each domain's rules,
// with deny as the fallback. A start-up check refuses to run when any field of
// the schema has no rule of its own.
import { allow, deny } from 'graphql-shield';
import type { RuleTree, ShieldRule } from './shield-types.ts';

export type { RuleTree, ShieldRule };
import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { brpRuleTree } from './brp-rules.ts';
import { eduvRuleTree } from './eduv-rules.ts';
import { protocolRuleTree } from './protocol-rules.ts';
import { eduvSubscriptionRuleTree } from './eduv-subscription-rules.ts';
import { eduvAssociationRuleTree } from './eduv-association-rules.ts';

export const fallbackRule: ShieldRule = deny;

function merge(...trees: RuleTree[]): RuleTree {
  const merged: RuleTree = {};
  for (const tree of trees) {
    for (const [type, fields] of Object.entries(tree)) merged[type] = { ...merged[type], ...fields };
  }
  return merged;
}

export function buildRuleTree(schema: GraphQLSchema): RuleTree {
  const fieldsOf = (type: string) => {
    const t = schema.getType(type);
    return isObjectType(t) || isInterfaceType(t) ? Object.keys(t.getFields()) : [];
  };
  return merge(
    // Own permissions: any authenticated, registered caller may read its own (purpose phase decided them).
    {
      Query: { facadeVersion: allow, myPermissions: allow },
      MyPermissions: { current: allow, purposes: allow },
      PurposePermission: Object.fromEntries(['id', 'description', 'processingActivity', 'fields', 'queries', 'nationwide', 'includeDeceased', 'secretPersons'].map((f) => [f, allow])),
    },
    brpRuleTree(schema),
    eduvRuleTree(fieldsOf),
    eduvAssociationRuleTree(fieldsOf),
    eduvSubscriptionRuleTree(fieldsOf),
    protocolRuleTree(fieldsOf),
  );
}

/** Field coordinates of the schema without a rule of their own (introspection fields excluded). */
export function uncoveredCoordinates(schema: GraphQLSchema, tree: RuleTree): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.keys(type.getFields())) if (!tree[type.name]?.[field]) missing.push(`${type.name}.${field}`);
  }
  return missing.sort();
}

export class UncoveredSchemaError extends Error {
  constructor(readonly coordinates: string[]) {
    super(`the policy rules do not cover ${coordinates.length} field(s) of the schema: ${coordinates.join(', ')}`);
    this.name = 'UncoveredSchemaError';
  }
}

export function assertCovered(schema: GraphQLSchema, tree: RuleTree): void {
  const missing = uncoveredCoordinates(schema, tree);
  if (missing.length) throw new UncoveredSchemaError(missing);
}
