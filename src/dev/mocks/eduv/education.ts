import { gradesOf, levelShort, offeredSubjects, programmeOf, studyName, subjectName, type Programme } from './curriculum.ts';
import type { Group, Level, Onderwijsaanbieder, SchoolPeriod, StudyOffering, SubjectOffering } from './types.ts';

// The onderwijsaanbod of one school: per school period, a study offering for every level and year,
// a subject offering (schoolvak) for every subject it offers, a class per study offering and a
// teaching group per choosable subject. Ids are readable on purpose, so tests and the demo
// configuration can write them down: 110A133-2026-2027-H4 (havo 4), 110A133-2026-2027-H4-WB.

export interface StudyUnit {
  periodId: string;
  level: Level;
  grade: number;
  programme: Programme;
  studyOffering: StudyOffering;
  subjectOfferings: ReadonlyMap<string, SubjectOffering>;
  classGroup: Group;
  /** Teaching groups of the choosable subjects, by subject code. */
  teachingGroups: ReadonlyMap<string, Group>;
}

export interface Onderwijsaanbod {
  studyOfferings: StudyOffering[];
  subjectOfferings: SubjectOffering[];
  groups: Group[];
  /** Key: `${periodId}|${level}|${grade}`. */
  units: ReadonlyMap<string, StudyUnit>;
}

export const unitKey = (periodId: string, level: Level, grade: number): string => `${periodId}|${level}|${grade}`;

export function buildOnderwijsaanbod(aanbieder: Onderwijsaanbieder, periods: readonly SchoolPeriod[]): Onderwijsaanbod {
  const studyOfferings: StudyOffering[] = [];
  const subjectOfferings: SubjectOffering[] = [];
  const groups: Group[] = [];
  const units = new Map<string, StudyUnit>();
  const org = aanbieder.id;

  for (const period of periods) {
    for (const level of aanbieder.levels) {
      for (const grade of gradesOf(level, aanbieder.schoolType)) {
        const programme = programmeOf(level, grade, aanbieder.schoolType);
        const short = `${levelShort(level)}${grade}`;
        const studyId = `${org}-${period.id}-${short}`;
        const offerings = new Map<string, SubjectOffering>();
        for (const code of offeredSubjects(programme)) {
          offerings.set(code, {
            id: `${studyId}-${code}`,
            organisationMasterIdentifier: org,
            schoolPeriodId: period.id,
            code: `${short}-${code}`,
            name: `${subjectName(code)} ${studyName(level, grade)}`,
            subject: { code, name: subjectName(code) },
            level,
            grade,
            studyOfferingId: studyId,
          });
        }
        const offeringIds = [...offerings.values()].map((o) => o.id);
        const studyOffering: StudyOffering = {
          id: studyId,
          organisationMasterIdentifier: org,
          schoolPeriodId: period.id,
          name: studyName(level, grade),
          level,
          grade,
          subjectOfferingIds: offeringIds,
        };
        const coreIds = programme.core.map((code) => offerings.get(code)?.id).filter((id): id is string => id !== undefined);
        const classGroup: Group = {
          id: `${studyId}-KLAS`,
          organisationMasterIdentifier: org,
          schoolPeriodId: period.id,
          name: level === 'po' ? `Groep ${grade}` : `${short}a`,
          groupType: 'class',
          studyOfferingId: studyId,
          subjectOfferingIds: coreIds,
        };
        const teachingGroups = new Map<string, Group>();
        for (const code of new Set(programme.choices.flatMap((c) => c.from))) {
          const offering = offerings.get(code);
          if (!offering) continue;
          teachingGroups.set(code, {
            id: `${offering.id}-LG`,
            organisationMasterIdentifier: org,
            schoolPeriodId: period.id,
            name: `${short}-${code}`,
            groupType: 'teachingGroup',
            studyOfferingId: studyId,
            subjectOfferingIds: [offering.id],
          });
        }
        studyOfferings.push(studyOffering);
        subjectOfferings.push(...offerings.values());
        groups.push(classGroup, ...teachingGroups.values());
        units.set(unitKey(period.id, level, grade), {
          periodId: period.id, level, grade, programme, studyOffering, subjectOfferings: offerings, classGroup, teachingGroups,
        });
      }
    }
  }
  return { studyOfferings, subjectOfferings, groups, units };
}
