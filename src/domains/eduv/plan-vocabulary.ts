// Edu-V's vocabulary for the plan engine (src/engine/plan/vocabulary.ts): students and employees
// are the data subjects, identified by their ECK iD, and so is a student's result (its `studentId`),
// each a kind of its own so that it is recorded under its own gegevensdienst's processing activity.
// A delivered field is recorded as the scope group it belongs to — the unit in which Edu-V grants and
// agreements speak; the groups of a student or employee as `eduv.association`. A page counts as its
// size in the person cost, a link as its usual fan-out.
import type { PlanVocabulary, SubjectSpec } from '../../base/graphql/plan-vocabulary.ts';
import { fieldScopes } from './diensten.ts';
import { MAX_STUDENTS_PER_EVENT } from './changes/change-event.ts';

/** The list resolvers' page sizes (resolvers/eduv*.ts refuse a larger page). */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;
/** Groups of one school, as the cost estimates them (the groups root is one list). */
const GROUPS_PER_SCHOOL = 40;

/** Links between the objects, and how many objects each reaches per parent, as the cost estimates them. */
const LINK_FAN_OUT: Readonly<Record<string, number>> = {
  'Student.groups': 3,
  'Student.results': 10,
  'Group.students': 20,
  'Group.employees': 3,
  'Employee.groups': 6,
};

const ASSOCIATION = 'eduv.association';

function byScopeGroup(informationObject: string): (path: string) => string {
  return (path) => {
    const top = path.split('.')[0];
    if (top === 'groups') return ASSOCIATION;
    return fieldScopes(informationObject).get(top) ?? top;
  };
}

const STUDENT: SubjectSpec = { subjectType: 'ECK_ID', idField: 'userMasterIdentifier', kind: 'Student', recordName: byScopeGroup('Student') };
const EMPLOYEE: SubjectSpec = { subjectType: 'ECK_ID', idField: 'userMasterIdentifier', kind: 'Employee', recordName: byScopeGroup('Employee') };
const RESULT: SubjectSpec = { subjectType: 'ECK_ID', idField: 'studentId', kind: 'Result', recordName: () => 'eduv.result' };
const SUBJECTS: Readonly<Record<string, SubjectSpec>> = { Student: STUDENT, Employee: EMPLOYEE, Result: RESULT };

const page = (args: Readonly<Record<string, unknown>>) => (typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), MAX_PAGE) : DEFAULT_PAGE);

export const eduvVocabulary: PlanVocabulary = {
  subject: (typeName) => SUBJECTS[typeName],
  arrivalPath: (path) => path,
  recordedWhole: () => false,
  typenameReveals: () => undefined,
  criteria: () => [],
  subjectsAt: (coordinate, args) => {
    if (coordinate === 'Query.students' || coordinate === 'Query.employees' || coordinate === 'Query.results') return { subjectType: 'ECK_ID', count: page(args) };
    // Groups are no subjects, but their members are: counted per group through the links below.
    if (coordinate === 'Query.groups') return { subjectType: 'ECK_ID', count: GROUPS_PER_SCHOOL };
    // One event of a subscription delivers at most a batch of changed students (src/domains/eduv/changes/).
    if (coordinate === 'Subscription.studentsChanged') return { subjectType: 'ECK_ID', count: MAX_STUDENTS_PER_EVENT };
    return undefined;
  },
  linkRecordPath: () => undefined,
  linkFanOut: (coordinate) => LINK_FAN_OUT[coordinate],
};
