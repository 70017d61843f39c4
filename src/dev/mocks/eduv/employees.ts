import { gradesOf, subjectName } from './curriculum.ts';
import type { Onderwijsaanbod } from './education.ts';
import { STAFF_NAMES_FEMALE, STAFF_NAMES_MALE } from './employee-names.ts';
import { FAMILY_NAMES, slug } from './names.ts';
import type { EmployeeRecord, EmployeeRole } from './association-types.ts';
import type { SeededRandom } from './seed-random.ts';
import { ECK_ID_PREFIX } from './students.ts';
import type { Onderwijsaanbieder } from './types.ts';

// The staff of one school (Employees API): teachers for every subject it offers (secondary) or
// for every year group (primary), mentors, and a few people without a group (management, care,
// administration). Each member also says what it teaches, so association.ts can assign it to
// groups without drawing again: assignments follow from this plan and the onderwijsaanbod.

export interface StaffMember {
  record: EmployeeRecord;
  /** Secondary: the subject codes it teaches. */
  subjects: readonly string[];
  /** Primary: the year groups whose class it teaches (two teachers share a class in a duo job). */
  classGrades: readonly number[];
  /** Primary: the year groups whose class it assists in. */
  assistsGrades: readonly number[];
  /** Secondary: the class it mentors in every school period (index in study-offering order). */
  mentorOf?: number;
}

interface Plan {
  role: EmployeeRole;
  jobTitle: string;
  subjects?: readonly string[];
  classGrades?: readonly number[];
  assistsGrades?: readonly number[];
}

/** Teachers per subject: about one per five subject offerings of a school year, one to three. */
function teachersFor(offerings: number): number {
  return Math.min(3, Math.max(1, Math.ceil(offerings / 5)));
}

function secondaryPlans(aanbieder: Onderwijsaanbieder, aanbod: Onderwijsaanbod): Plan[] {
  const firstPeriod = aanbod.studyOfferings[0]?.schoolPeriodId;
  const perSubject = new Map<string, number>();
  for (const o of aanbod.subjectOfferings) {
    if (o.schoolPeriodId === firstPeriod) perSubject.set(o.subject.code, (perSubject.get(o.subject.code) ?? 0) + 1);
  }
  const plans: Plan[] = [];
  for (const [code, count] of perSubject) {
    for (let i = 0; i < teachersFor(count); i++) plans.push({ role: 'teacher', jobTitle: `Docent ${subjectName(code)}`, subjects: [code] });
  }
  const vavo = aanbieder.schoolType === 'vavo';
  plans.push({ role: 'principal', jobTitle: vavo ? 'Directeur' : 'Rector' });
  for (const level of vavo ? [] : aanbieder.levels) plans.push({ role: 'teamLeader', jobTitle: `Teamleider ${level}` });
  plans.push({ role: 'careCoordinator', jobTitle: 'Zorgcoördinator' });
  if (!vavo) plans.push({ role: 'teachingAssistant', jobTitle: 'Technisch onderwijsassistent' });
  plans.push({ role: 'administration', jobTitle: 'Administratief medewerker' });
  return plans;
}

function primaryPlans(rng: SeededRandom, aanbieder: Onderwijsaanbieder): Plan[] {
  const plans: Plan[] = [];
  for (const grade of gradesOf('po', aanbieder.schoolType)) {
    // A quarter of the classes is taught by two part-time teachers (a duo job).
    const teachers = rng.chance(0.25) ? 2 : 1;
    for (let i = 0; i < teachers; i++) plans.push({ role: 'teacher', jobTitle: `Leerkracht groep ${grade}`, classGrades: [grade] });
  }
  plans.push({ role: 'teacher', jobTitle: 'Vakleerkracht bewegingsonderwijs', subjects: ['BEW'] });
  plans.push({ role: 'principal', jobTitle: 'Directeur' });
  plans.push({ role: 'careCoordinator', jobTitle: 'Intern begeleider' });
  plans.push({ role: 'teachingAssistant', jobTitle: 'Onderwijsassistent', assistsGrades: [1, 2] });
  plans.push({ role: 'administration', jobTitle: 'Administratief medewerker' });
  return plans;
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

export function generateStaff(rng: SeededRandom, aanbieder: Onderwijsaanbieder, aanbod: Onderwijsaanbod, eckIds: Set<string>): StaffMember[] {
  const primary = aanbieder.schoolType === 'po';
  const plans = primary ? primaryPlans(rng, aanbieder) : secondaryPlans(aanbieder, aanbod);
  // Every class of a school year gets a mentor from the teachers (secondary schools only).
  const firstPeriod = aanbod.studyOfferings[0]?.schoolPeriodId;
  const classes = primary ? 0 : aanbod.studyOfferings.filter((s) => s.schoolPeriodId === firstPeriod).length;
  const teacherIndexes = plans.flatMap((p, i) => (p.role === 'teacher' ? [i] : []));
  const mentors = new Map(rng.sample(teacherIndexes, classes).map((planIndex, classIndex) => [planIndex, classIndex]));
  const usedMail = new Set<string>();

  return plans.map((plan, i): StaffMember => {
    let eckId: string;
    do eckId = `${ECK_ID_PREFIX}${rng.hex(64)}`; while (eckIds.has(eckId));
    eckIds.add(eckId);
    // Most school staff are women, in primary schools even more so.
    const female = rng.chance(primary ? 0.85 : 0.6);
    const givenName = rng.pick(female ? STAFF_NAMES_FEMALE : STAFF_NAMES_MALE);
    const [familyNamePrefix, familyName] = rng.pick(FAMILY_NAMES);
    const email = uniqueMail(usedMail, `${slug(givenName).slice(0, 1)}.${slug(familyNamePrefix + familyName)}`, aanbieder.emailDomain);
    const mentorOf = mentors.get(i);
    const roles: EmployeeRole[] = mentorOf === undefined ? [plan.role] : [plan.role, 'mentor'];
    return {
      record: {
        aanbiederId: aanbieder.id,
        employee: {
          userMasterIdentifier: eckId,
          userIds: [{ userId: email, userIdType: 'NEPRI' }],
          givenName,
          familyName,
          ...(familyNamePrefix ? { familyNamePrefix } : {}),
          email,
          roles,
          jobTitle: plan.jobTitle,
        },
      },
      subjects: plan.subjects ?? [],
      classGrades: plan.classGrades ?? [],
      assistsGrades: plan.assistsGrades ?? [],
      ...(mentorOf === undefined ? {} : { mentorOf }),
    };
  });
}
