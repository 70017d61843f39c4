// The contract between the domains and the plan engine: what the engine asks
// of a domain (which types are data subjects, where a value arrives upstream,
// how it is recorded, what arguments reveal, how many persons a field reaches).
// Each domain implements it (src/domains/*/plan-vocabulary.ts); the engine
// (src/engine/plan/) reads it and knows no upstream. It lives in base so that
// both depend downward on it.
import type { GraphQLCompositeType, GraphQLNamedType } from 'graphql';

/** A type whose objects are data subjects, and the field that identifies one. */
export interface SubjectSpec {
  subjectType: 'BSN' | 'ECK_ID';
  idField: string;
  /** How a delivered path is named in the record (Edu-V records scope groups). Default: the path. */
  recordName?: (path: string) => string;
  /**
   * What kind of disclosure this is, when one identifier names subjects of several kinds (an ECK iD:
   * a student, an employee, a student's results): each kind is its own record, under its own processing
   * activity. Default: one kind per subject type.
   */
  kind?: string;
}

export interface RevealedCriterion {
  /** The argument as written: `postcodeEnHuisnummer.geboortedatum`. */
  argument: string;
  /** The subject field a hit reveals. */
  reveals: string;
}

export interface PositionFacts {
  coordinate: string;
  fieldName: string;
  namedType: GraphQLNamedType;
  /** Upstream path as asked, relative to the upstream object. */
  upstreamPath: string;
  isRoot: boolean;
}

export interface PlanVocabulary {
  /** The data subject of objects of this type, if they are one. */
  subject(typeName: string): SubjectSpec | undefined;
  /** Where the value of an asked upstream path arrives. */
  arrivalPath(upstreamPath: string): string;
  /** A value the upstream delivers whole (a date, a code table, an inOnderzoek group): recorded as one path. */
  recordedWhole(position: PositionFacts): boolean;
  /** The upstream path a `__typename` on this abstract type reveals (its discriminator), if any. */
  typenameReveals(type: GraphQLCompositeType, upstreamPrefix: string): string | undefined;
  /** Fields that the arguments of a root field reveal about every subject it returns. */
  criteria(coordinate: string, args: Readonly<Record<string, unknown>>): RevealedCriterion[];
  /** Subjects one root field reaches at most, and of which kind (undefined: none). */
  subjectsAt(coordinate: string, args: Readonly<Record<string, unknown>>): { subjectType: SubjectSpec['subjectType']; count: number } | undefined;
  /** What following a link from one subject to another reveals of the first (its relative's id). */
  linkRecordPath(coordinate: string, upstreamPath: string): string | undefined;
  /** Subjects a link reaches per parent object, estimated (undefined: not a link). */
  linkFanOut(coordinate: string): number | undefined;
  /**
   * Where below a subject the objects of a root field sit, when that root returns no subject itself
   * (the bewoningen of an address are `verblijfplaats.bewoning` of a person): its positions are
   * decided at that path, as they are where the same type is reached through a link.
   */
  rootPrefix?(coordinate: string): string | undefined;
}
