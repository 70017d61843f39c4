import { gradesOf } from './curriculum.ts';
import { unitKey, type Onderwijsaanbod, type StudyUnit } from './education.ts';
import {
  FAMILY_NAMES, FORMAL_NAMES_FEMALE, FORMAL_NAMES_MALE, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE,
  GIVEN_NAMES_NEUTRAL, MAIL_PROVIDERS, PARENT_NAMES, STREETS, slug,
} from './names.ts';
import type { AanbiederDefinition } from './organisations.ts';
import type { SeededRandom } from './seed-random.ts';
import type { Address, Gender, Onderwijsaanbieder, SchoolPeriod, Student, StudentRecord, UserId } from './types.ts';

// The students of one school, cohort by cohort. A cohort moves up one year per school period, so a
// pupil in havo 3 in 2025-2026 is in havo 4 in 2026-2027; the exam class of the first period has
// left by the second, and a new first year arrives. Vavo pupils stay one year only.

export const ECK_ID_PREFIX = 'https://ketenid.nl/201703/';
const DAY_MS = 86_400_000;

interface Enrolment {
  periodIndex: number;
  unit: StudyUnit;
}

export interface StudentContext {
  definition: AanbiederDefinition;
  aanbieder: Onderwijsaanbieder;
  aanbod: Onderwijsaanbod;
  periods: readonly SchoolPeriod[];
  scale: number;
  /** ECK iDs handed out so far, over all schools: an ECK iD is unique in the chain. */
  eckIds: Set<string>;
}

/** The study units each cohort passes through, one list per cohort. */
function cohorts(ctx: StudentContext): Enrolment[][] {
  const { aanbieder, aanbod, periods } = ctx;
  const out: Enrolment[][] = [];
  const unit = (p: number, level: StudentContext['aanbieder']['levels'][number], grade: number): StudyUnit => {
    const period = periods[p];
    const u = period ? aanbod.units.get(unitKey(period.id, level, grade)) : undefined;
    if (!u) throw new Error(`${aanbieder.id}: no study unit for period ${p}, ${level} ${grade}`);
    return u;
  };
  for (const level of aanbieder.levels) {
    const grades = gradesOf(level, aanbieder.schoolType);
    if (aanbieder.schoolType === 'vavo') {
      for (let p = 0; p < periods.length; p++) out.push([{ periodIndex: p, unit: unit(p, level, grades[0] ?? 5) }]);
      continue;
    }
    const max = grades.length;
    // Cohort c is in grade c + p in period p; it exists where that grade does.
    for (let c = 2 - periods.length; c <= max; c++) {
      const path: Enrolment[] = [];
      for (let p = 0; p < periods.length; p++) {
        const grade = c + p;
        if (grade >= 1 && grade <= max) path.push({ periodIndex: p, unit: unit(p, level, grade) });
      }
      if (path.length > 0) out.push(path);
    }
  }
  return out;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dateOfBirth(rng: SeededRandom, ctx: StudentContext, first: Enrolment): string {
  const startYear = Number(ctx.periods[first.periodIndex]?.id.slice(0, 4));
  const grade = first.unit.grade;
  // Age on 1 October of the first school year: groep 1 at 4, leerjaar 1 at 12; some repeated a year.
  const age = ctx.aanbieder.schoolType === 'vavo'
    ? rng.int(18, 24)
    : first.unit.level === 'po' ? grade + 3 + (rng.chance(0.05) ? 1 : 0) : grade + 11 + (rng.chance(0.12) ? 1 : 0);
  return isoDate(Date.UTC(startYear - age - 1, 9, 2) + rng.int(0, 364) * DAY_MS);
}

function ageOn(dob: string, isoDay: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function postalCode(rng: SeededRandom, range: readonly [number, number]): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (;;) {
    const pair = `${rng.pick([...letters])}${rng.pick([...letters])}`;
    // PostNL does not issue SA, SD and SS.
    if (pair !== 'SA' && pair !== 'SD' && pair !== 'SS') return `${rng.int(range[0], range[1])}${pair}`;
  }
}

function homeAddress(rng: SeededRandom, ctx: StudentContext): Address {
  const towns = ctx.definition.towns;
  // The school's own town is where most pupils live.
  const town = rng.weighted(towns.map((t, i) => [t, i === 0 ? 3 : 1] as const));
  const address: Address = {
    street: rng.pick(STREETS),
    houseNumber: rng.chance(0.8) ? rng.int(1, 80) : rng.int(81, 320),
    postalCode: postalCode(rng, town.postcodes),
    city: town.city,
    countryCode: 'NL',
  };
  if (rng.chance(0.12)) address.houseNumberSuffix = rng.pick(['A', 'B', 'C', 'bis', '1', '2', 'hs']);
  return address;
}

function uniqueMail(used: Set<string>, local: string, domain: string): string {
  for (let n = 1; ; n++) {
    const address = `${local}${n === 1 ? '' : n}@${domain}`;
    if (!used.has(address)) {
      used.add(address);
      return address;
    }
  }
}

function name(rng: SeededRandom, gender: Gender): { givenName: string; preferredFirstName?: string } {
  if (gender === 'other' || gender === 'unspecified') return { givenName: rng.pick(GIVEN_NAMES_NEUTRAL) };
  const formal = gender === 'female' ? FORMAL_NAMES_FEMALE : FORMAL_NAMES_MALE;
  if (rng.chance(0.12)) {
    const [givenName, preferredFirstName] = rng.pick(formal);
    return { givenName, preferredFirstName };
  }
  return { givenName: rng.pick(gender === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE) };
}

export function generateStudents(rng: SeededRandom, ctx: StudentContext): StudentRecord[] {
  const { aanbieder, definition, periods } = ctx;
  const records: StudentRecord[] = [];
  const usedMail = new Set<string>();
  let leerlingnummer = rng.int(10_000, 60_000);

  for (const path of cohorts(ctx)) {
    const size = Math.max(1, Math.round(rng.int(definition.cohortSize[0], definition.cohortSize[1]) * ctx.scale));
    for (let i = 0; i < size; i++) {
      const first = path[0];
      if (!first) continue;
      leerlingnummer += rng.int(1, 3);

      let eckId: string;
      do eckId = `${ECK_ID_PREFIX}${rng.hex(64)}`; while (ctx.eckIds.has(eckId));
      ctx.eckIds.add(eckId);

      const gender = rng.weighted<Gender>([['female', 48.5], ['male', 48.5], ['other', 1.5], ['unspecified', 1.5]]);
      const { givenName, preferredFirstName } = name(rng, gender);
      const [familyNamePrefix, familyName] = rng.pick(FAMILY_NAMES);
      const dob = dateOfBirth(rng, ctx, first);

      // Choices persist from year to year (same block key), as a pupil keeps its profile.
      const choices = new Map<string, string[]>();
      const subjectOfferingIds: string[] = [];
      const groupIds: string[] = [];
      for (const { unit } of path) {
        const codes = [...unit.programme.core];
        for (const block of unit.programme.choices) {
          let chosen = choices.get(block.key);
          if (!chosen) {
            chosen = rng.sample(block.from, rng.int(block.count[0], block.count[1]));
            choices.set(block.key, chosen);
          }
          codes.push(...chosen);
        }
        groupIds.push(unit.classGroup.id);
        for (const code of codes) {
          const offering = unit.subjectOfferings.get(code);
          if (offering && !subjectOfferingIds.includes(offering.id)) subjectOfferingIds.push(offering.id);
          const group = unit.teachingGroups.get(code);
          if (group && !groupIds.includes(group.id)) groupIds.push(group.id);
        }
      }

      const preferred = preferredFirstName ?? givenName;
      const local = `${slug(preferred)}.${slug(familyNamePrefix + familyName)}`;
      const userIds: UserId[] = [
        { userId: `${leerlingnummer}@${definition.administrationId.toLowerCase()}.${definition.emailDomain}`, userIdType: 'NEPPI' },
      ];
      const student: Student = {
        userMasterIdentifier: eckId,
        userIds,
        givenName,
        ...(preferredFirstName ? { preferredFirstName } : {}),
        familyName,
        ...(familyNamePrefix ? { familyNamePrefix } : {}),
        subjectOfferingIds,
        groupIds,
        dateOfBirth: dob,
        gender,
      };

      const lastUnit = path[path.length - 1]?.unit;
      // Young pupils in primary school have no school mail account yet.
      const hasSchoolMail = aanbieder.schoolType !== 'po' || (lastUnit?.grade ?? 0) >= 5;
      if (hasSchoolMail) {
        const email = uniqueMail(usedMail, local, `leerling.${definition.emailDomain}`);
        student.email = email;
        if (aanbieder.schoolType !== 'po') userIds.push({ userId: email.replace('@leerling.', '@'), userIdType: 'NEPRI' });
      }

      student.homeAddress = homeAddress(rng, ctx);
      const privateMailChance = aanbieder.schoolType === 'vavo' ? 0.9 : aanbieder.schoolType === 'vo' ? 0.55 : 0;
      if (rng.chance(privateMailChance)) {
        student.emailPrivate = `${slug(preferred)}${slug(familyName)}${rng.int(1, 99)}@${rng.pick(MAIL_PROVIDERS)}`;
      }
      const lastPeriod = periods[path[path.length - 1]?.periodIndex ?? 0];
      // Vavo is adult education: no parents' addresses there, nor for pupils who came of age.
      if (aanbieder.schoolType !== 'vavo' && lastPeriod && ageOn(dob, lastPeriod.startDate) < 18) {
        const parents: string[] = [];
        const count = rng.chance(0.75) ? 2 : 1;
        for (let p = 0; p < count; p++) {
          // A second parent often has another family name.
          const family = p === 0 || rng.chance(0.5) ? familyNamePrefix + familyName : (() => {
            const [pre, fam] = rng.pick(FAMILY_NAMES);
            return pre + fam;
          })();
          const address = `${slug(rng.pick(PARENT_NAMES))}.${slug(family)}@${rng.pick(MAIL_PROVIDERS)}`;
          if (!parents.includes(address)) parents.push(address);
        }
        student.emailsParents = parents;
      }

      records.push({
        aanbiederId: aanbieder.id,
        schoolPeriodIds: path.map((e) => periods[e.periodIndex]?.id).filter((id): id is string => id !== undefined),
        student,
      });
    }
  }
  return records;
}
