// What the plan engine needs to know of a domain (BRP, Edu-V): which types are
// data subjects, where a value arrives upstream, how it is recorded, what
// arguments reveal and how many persons a field reaches. Each domain hands
// over its vocabulary; the engine itself knows no upstream.
import type { GraphQLCompositeType, GraphQLNamedType } from 'graphql';
import type { SubjectSpec } from './plan.ts';

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
}

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
  };
}
