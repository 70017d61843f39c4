// Edu-V's vocabulary for the plan engine (src/engine/plan/vocabulary.ts): students are
// the data subjects, identified by their ECK iD; a delivered Student field is
// recorded as the scope group it belongs to, the unit in which Edu-V grants and
// agreements speak. A page of students counts as its size in the person cost.
import type { PlanVocabulary, SubjectSpec } from '../../base/graphql/plan-vocabulary.ts';
import { studentFieldScopes } from './diensten.ts';

/** The students resolver's page sizes (resolvers/eduv.ts refuses a larger page). */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

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
  subjectsAt: (coordinate, args) =>
    coordinate === 'Query.students' ? { subjectType: 'ECK_ID', count: typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), MAX_PAGE) : DEFAULT_PAGE } : undefined,
  linkRecordPath: () => undefined,
  linkFanOut: () => undefined,
};
