// The domains' vocabularies (src/base/graphql/plan-vocabulary.ts) combined into
// the one the engine reads.
import type { PlanVocabulary } from '../../base/graphql/plan-vocabulary.ts';

export type { PlanVocabulary };

/** One vocabulary from several domains: the first answer wins. */
export function combineVocabularies(...vocabularies: PlanVocabulary[]): PlanVocabulary {
  const first = <T>(pick: (v: PlanVocabulary) => T | undefined): T | undefined => {
    for (const v of vocabularies) {
      const answer = pick(v);
      if (answer !== undefined) return answer;
    }
    return undefined;
  };
  return {
    subject: (t) => first((v) => v.subject(t)),
    arrivalPath: (p) => vocabularies.reduce((path, v) => v.arrivalPath(path), p),
    recordedWhole: (f) => vocabularies.some((v) => v.recordedWhole(f)),
    typenameReveals: (t, p) => first((v) => v.typenameReveals(t, p)),
    criteria: (c, a) => vocabularies.flatMap((v) => v.criteria(c, a)),
    subjectsAt: (c, a) => first((v) => v.subjectsAt(c, a)),
    linkRecordPath: (c, p) => first((v) => v.linkRecordPath(c, p)),
    linkFanOut: (c) => first((v) => v.linkFanOut(c)),
    rootPrefix: (c) => first((v) => v.rootPrefix?.(c)),
  };
}
