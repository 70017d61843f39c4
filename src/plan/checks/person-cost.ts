// Plan check: how many persons (data subjects) one operation may reach. The
// cost counts list sizes — `personen` × its BSNs, a search × its maximum hits,
// and each link (`partners { persoon }`) × the relatives a person typically
// has — over every root field and alias, before any upstream call. 50 aliases
// of `personen(100 BSNs)` are 5,000 look-ups in one request: refused here.
import { requestArgs } from '../decisions.ts';
import type { OperationPlan, SelectionPlan } from '../plan.ts';
import { QueryTooComplexError } from '../query-too-complex.ts';
import type { PlanVocabulary } from '../vocabulary.ts';

export const DEFAULT_MAX_PERSONS = 100;

/** Subjects reached below one object of a selection through links (memoised per shared node). */
function linkedBelow(selection: SelectionPlan, vocabulary: PlanVocabulary, memo: Map<SelectionPlan, number>): number {
  const known = memo.get(selection);
  if (known !== undefined) return known;
  let total = 0;
  for (const field of selection.fields) {
    if (!field.children) continue;
    const below = linkedBelow(field.children, vocabulary, memo);
    const fanOut = vocabulary.linkFanOut(field.coordinate);
    total += fanOut === undefined ? below : fanOut * (1 + below);
  }
  memo.set(selection, total);
  return total;
}

export function personsReached(plan: OperationPlan, vocabulary: PlanVocabulary, variables: Record<string, unknown>): number {
  const memo = new Map<SelectionPlan, number>();
  let total = 0;
  for (const root of plan.root.fields) {
    const reached = vocabulary.subjectsAt(root.coordinate, requestArgs(root, variables));
    if (reached === undefined) continue;
    total += reached * (1 + (root.children ? linkedBelow(root.children, vocabulary, memo) : 0));
  }
  return total;
}

export function checkPersonCost(plan: OperationPlan, vocabulary: PlanVocabulary, variables: Record<string, unknown>, maxPersons: number): void {
  const reached = personsReached(plan, vocabulary, variables);
  if (reached > maxPersons) {
    throw new QueryTooComplexError('TOO_MANY_PERSONS', `The operation may reach ${reached} persons; at most ${maxPersons} are allowed in one operation.`);
  }
}
