// Edu-V's vocabulary for the plan engine (src/plan/vocabulary.ts): students are
// the data subjects, identified by their ECK iD; a delivered Student field is
// recorded as the scope group it belongs to, the unit in which Edu-V grants and
// agreements speak. Students are not counted in the person cost: a page holds
// at most 200 and the exchange's layers bound who may ask at all.
import type { SubjectSpec } from '../plan/plan.ts';
import type { PlanVocabulary } from '../plan/vocabulary.ts';
import { studentFieldScopes } from './diensten.ts';

const STUDENT: SubjectSpec = {
  subjectType: 'ECK_ID',
  idField: 'userMasterIdentifier',
  recordName: (path) => {
    const top = path.split('.')[0];
    return studentFieldScopes().get(top) ?? top;
  },
};

export const eduvVocabulary: PlanVocabulary = {
  subject: (typeName) => (typeName === 'Student' ? STUDENT : undefined),
  arrivalPath: (path) => path,
  recordedWhole: () => false,
  typenameReveals: () => undefined,
  criteria: () => [],
  subjectsAt: () => undefined,
  linkRecordPath: () => undefined,
  linkFanOut: () => undefined,
};
