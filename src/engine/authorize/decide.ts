// Evaluates the rule tree for one request: each (field coordinate, upstream
// path) is decided once and remembered, however often the document selects it.
import type { GraphQLResolveInfo } from 'graphql';
import { fieldPosition, type RuleContext } from '../../../rules/brp-rules.ts';
import { fallbackRule, type RuleTree, type ShieldRule } from '../../../rules/index.ts';
import { argumentNameOf, reasonOf } from '../../base/errors/forbidden.ts';
import type { Decide, FieldDecision, FieldDecisionInput } from '../plan/decisions.ts';

const shieldOptions = {
  debug: false,
  allowExternalErrors: false,
  fallbackRule,
  hashFunction: ({ args }: { args: unknown }) => JSON.stringify(args),
} as Parameters<ShieldRule['resolve']>[4];

// Rules get their position as `parent`; document-level evaluation has no resolve info.
const NO_INFO = {} as GraphQLResolveInfo;

/** A readable name for explain and logs: `and(hasPurpose, fieldInPurpose)`, `allow`, `deny`. */
export function ruleName(rule: ShieldRule): string {
  if (!('getRules' in rule)) return rule.name;
  const kind = rule.constructor.name.replace(/^Rule/, '').toLowerCase();
  const inner = rule.getRules();
  if (inner.length === 0) return kind === 'true' ? 'allow' : kind === 'false' ? 'deny' : kind;
  return `${kind}(${inner.map(ruleName).join(', ')})`;
}

export function createDecider(tree: RuleTree, ctx: RuleContext): Decide {
  const memo = new Map<string, Promise<FieldDecision>>();
  return (input: FieldDecisionInput) => {
    // A field with arguments is decided per argument set: a rule may read them (zoekPersonen's search
    // type, a verblijfplaatshistorie's peildatum or period), and two aliases of one field may differ.
    const hasArgs = input.args !== undefined && Object.keys(input.args).length > 0;
    const key = `${input.coordinate}|${input.upstreamPath}${input.isRoot || hasArgs ? `|${JSON.stringify(input.args)}` : ''}`;
    let decision = memo.get(key);
    if (!decision) {
      decision = evaluate(tree, ctx, input);
      memo.set(key, decision);
    }
    return decision;
  };
}

async function evaluate(tree: RuleTree, ctx: RuleContext, input: FieldDecisionInput): Promise<FieldDecision> {
  const [typeName, fieldName] = input.coordinate.split('.');
  const rule = tree[typeName]?.[fieldName] ?? fallbackRule;
  const name = ruleName(rule);
  // graphql-shield's types want its own context shape; our rules read only `authz`.
  const result = await rule.resolve(fieldPosition(input.coordinate, input.upstreamPath), input.args, ctx as never, NO_INFO, shieldOptions);
  if (result === true) return { allowed: true, rule: name };
  const argumentName = argumentNameOf(result);
  return { allowed: false, rule: name, reason: reasonOf(result), ...(argumentName ? { argumentName } : {}) };
}
