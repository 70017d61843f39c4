// The plan vocabulary of the privacy officer's view (schema/protocol.graphql): each entry names its
// data subject — a person by BSN, a student by ECK iD — and naming it is itself a disclosure, recorded
// under the oversight purpose's processing activity. A page reaches at most its size in subjects.
import type { PlanVocabulary, SubjectSpec } from '../../../base/graphql/plan-vocabulary.ts';
import { MAX_PAGE } from './oversight.ts';

const SUBJECTS: Readonly<Record<string, SubjectSpec>> = {
  ProtocolPerson: { subjectType: 'BSN', idField: 'burgerservicenummer' },
  ProtocolStudent: { subjectType: 'ECK_ID', idField: 'eckId' },
};

/** The default page of protocolEntries (schema/protocol.graphql). */
const DEFAULT_PAGE = 50;

export const oversightVocabulary: PlanVocabulary = {
  subject: (typeName) => SUBJECTS[typeName],
  arrivalPath: (path) => path,
  recordedWhole: () => false,
  typenameReveals: () => undefined,
  criteria: () => [],
  // Counted as persons: the cost limit and the persons quota weigh a page like a BRP lookup of as many.
  subjectsAt: (coordinate, args) =>
    coordinate === 'Query.protocolEntries' ? { subjectType: 'BSN', count: typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), MAX_PAGE) : DEFAULT_PAGE } : undefined,
  linkRecordPath: () => undefined,
  linkFanOut: () => undefined,
};
