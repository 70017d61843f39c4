// Plan check: how many persons (data subjects) one operation may reach, per
// kind of subject. The cost counts list sizes — `personen` × its BSNs, a
// search × its maximum hits, a page of students × its size, and each link
// (`partners { persoon }`) × the relatives a person typically has — over every
// root field and alias, before any upstream call. 50 aliases of
// `personen(100 BSNs)` are 5,000 look-ups in one request: refused here.
import { requestArgs } from '../decisions.ts';
import type { OperationPlan, SelectionPlan, SubjectSpec } from '../plan.ts';
import { QueryTooComplexError } from '../query-too-complex.ts';
import type { PlanVocabulary } from '../vocabulary.ts';

export type SubjectLimits = Readonly<Record<SubjectSpec['subjectType'], number>>;

/** BRP persons per operation, and Edu-V students (a page holds up to 200). */
export const DEFAULT_MAX_PERSONS = 100;
export const DEFAULT_MAX_STUDENTS = 1000;
export const DEFAULT_SUBJECT_LIMITS: SubjectLimits = { BSN: DEFAULT_MAX_PERSONS, ECK_ID: DEFAULT_MAX_STUDENTS };

const NAMES: Record<SubjectSpec['subjectType'], string> = { BSN: 'persons', ECK_ID: 'students' };

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

export function subjectsReached(plan: OperationPlan, vocabulary: PlanVocabulary, variables: Record<string, unknown>): Record<SubjectSpec['subjectType'], number> {
  const memo = new Map<SelectionPlan, number>();
  const total = { BSN: 0, ECK_ID: 0 };
  for (const root of plan.root.fields) {
    const reached = vocabulary.subjectsAt(root.coordinate, requestArgs(root, variables));
    if (!reached) continue;
    total[reached.subjectType] += reached.count * (1 + (root.children ? linkedBelow(root.children, vocabulary, memo) : 0));
  }
  return total;
}

/** Refuses an operation over the limits; returns the subjects it may reach (what a quota reserves). */
export function checkPersonCost(plan: OperationPlan, vocabulary: PlanVocabulary, variables: Record<string, unknown>, limits: SubjectLimits): Record<SubjectSpec['subjectType'], number> {
  const reached = subjectsReached(plan, vocabulary, variables);
  for (const type of Object.keys(reached) as Array<SubjectSpec['subjectType']>) {
    if (reached[type] > limits[type]) {
      throw new QueryTooComplexError('TOO_MANY_PERSONS', `The operation may reach ${reached[type]} ${NAMES[type]}; at most ${limits[type]} are allowed in one operation.`);
    }
  }
  return reached;
}
