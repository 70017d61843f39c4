// graphql-shield rules for the Edu-V subscriptions (schema/eduv-subscriptions.graphql): a subscription
// is an exchange like the query of the same gegevensdienst, so its root runs the same layers. They run
// when the subscription starts (the plan) and again for every event at delivery (resolvers/
// eduv-subscriptions.ts), since an activation or agreement can end in between.
import { exchangePermitted, partOfPermittedExchange } from './eduv-rules.ts';
import type { RuleTree } from './shield-types.ts';

export function eduvSubscriptionRuleTree(fieldsOf: (type: string) => string[]): RuleTree {
  const tree: RuleTree = {
    Subscription: { studentsChanged: exchangePermitted('students'), subjectOfferingsChanged: exchangePermitted('schoolvak') },
  };
  for (const type of ['StudentsChanged', 'SubjectOfferingsChanged']) tree[type] = Object.fromEntries(fieldsOf(type).map((f) => [f, partOfPermittedExchange]));
  return tree;
}
