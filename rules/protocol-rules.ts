// graphql-shield rules for the privacy officer's view of the protocol (schema/protocol.graphql).
// The root fields need a purpose with `oversight: true` (rules/policy.yaml) held by an employee: a
// machine client has no one to answer for what it read. Below the root everything follows the root —
// the view's types are the protocol's own, and naming a subject in an answer is recorded as such.
import { allow, rule } from 'graphql-shield';
import { forbidden } from '../src/base/errors/forbidden.ts';
import type { RuleContext, RuleTree } from './shield-types.ts';

export const oversightPurpose = rule('oversightPurpose')((_parent, _args, ctx: RuleContext) => {
  const { purpose, principal, noPurposeReason } = ctx.authz;
  if (!purpose) return forbidden(noPurposeReason ?? 'NO_PURPOSE');
  if (!purpose.oversight) return forbidden('OVERSIGHT_PURPOSE_REQUIRED');
  return principal.kind === 'user' || principal.kind === 'delegated' ? true : forbidden('OVERSIGHT_BY_EMPLOYEE_ONLY');
});

const VIEW_TYPES = ['ProtocolEntryPage', 'ProtocolEntry', 'ProtocolPerson', 'ProtocolStudent', 'MisuseSignal'] as const;

/** `fieldsOf(type)`: the fields the schema gives the type, so that every coordinate has its rule. */
export function protocolRuleTree(fieldsOf: (type: string) => string[]): RuleTree {
  const tree: RuleTree = { Query: { protocolEntries: oversightPurpose, misuseSignals: oversightPurpose } };
  for (const type of VIEW_TYPES) tree[type] = Object.fromEntries(fieldsOf(type).map((f) => [f, allow]));
  return tree;
}
