// The generated Employees, Association, Results and Norms data and the students' accessibility
// group: deterministic per seed, consistent with the students, groups and catalogue generated
// before them (every reference points at something of the same school), and without people where
// the classification says there are none (norms).
import { describe, expect, it } from 'vitest';
import { DEFAULT_EDUV_SEED, generateEduvDataset, studentsAt } from '../src/dev/mocks/eduv/generate.ts';
import { gradeFor } from '../src/dev/mocks/eduv/norms.ts';
import { RESULTS_AS_OF } from '../src/dev/mocks/eduv/results.ts';

const data = generateEduvDataset();
const groups = new Map(data.groups.map((g) => [g.id, g]));
const offerings = new Map(data.subjectOfferings.map((o) => [o.id, o]));
const products = new Map(data.products.map((p) => [p.id, p]));
const norms = new Map(data.norms.map((n) => [n.id, n]));
const periods = new Map(data.schoolPeriods.map((p) => [p.id, p]));
const studentSchool = new Map(data.students.map((s) => [s.student.userMasterIdentifier, s]));
const employeeSchool = new Map(data.employees.map((e) => [e.employee.userMasterIdentifier, e]));

describe('determinism', () => {
  it('the same seed gives the same new parts; another seed other people in them', () => {
    const again = generateEduvDataset(DEFAULT_EDUV_SEED);
    expect(again.employees).toEqual(data.employees);
    expect(again.results).toEqual(data.results);
    const other = generateEduvDataset(42);
    expect(other.organisationSchoolPeriods).toEqual(data.organisationSchoolPeriods);
    const ours = new Set(data.employees.map((e) => e.employee.userMasterIdentifier));
    expect(other.employees.filter((e) => ours.has(e.employee.userMasterIdentifier))).toEqual([]);
  });

  it('pins named values, so a change of the generator is a conscious one', () => {
    expect(data.employees).toHaveLength(139);
    expect(data.employees[0]?.employee).toMatchObject({ givenName: 'Renée', familyNamePrefix: 'van der', familyName: 'Veen', jobTitle: 'Docent Nederlands' });
    expect(data.enrolments).toHaveLength(2195);
    expect(data.assignments).toHaveLength(742);
    expect(data.norms).toHaveLength(150);
    expect(data.results).toHaveLength(4741);
  });

  it('scale multiplies students and their enrolments and results, not the staff', () => {
    const big = generateEduvDataset(DEFAULT_EDUV_SEED, { scale: 3 });
    expect(big.employees).toEqual(data.employees);
    expect(big.assignments).toEqual(data.assignments);
    expect(big.enrolments.length).toBeGreaterThan(2 * data.enrolments.length);
    expect(big.results.length).toBeGreaterThan(2 * data.results.length);
  });
});

describe('employees', () => {
  it('every school has teachers, a principal and a care coordinator', () => {
    for (const a of data.aanbieders) {
      const staff = data.employees.filter((e) => e.aanbiederId === a.id).map((e) => e.employee);
      expect(staff.filter((e) => e.roles?.includes('teacher')).length, a.id).toBeGreaterThanOrEqual(5);
      expect(staff.filter((e) => e.roles?.includes('principal')), a.id).toHaveLength(1);
      expect(staff.some((e) => e.roles?.includes('careCoordinator')), a.id).toBe(true);
    }
  });

  it('have ECK iDs unique among students and employees, school mail under .example, and a NEPRI', () => {
    const all = [...data.students.map((s) => s.student.userMasterIdentifier), ...data.employees.map((e) => e.employee.userMasterIdentifier)];
    expect(new Set(all).size).toBe(all.length);
    for (const { aanbiederId, employee } of data.employees) {
      expect(employee.userMasterIdentifier).toMatch(/^https:\/\/ketenid\.nl\/201703\/[0-9a-f]{64}$/);
      const domain = data.aanbieders.find((a) => a.id === aanbiederId)?.emailDomain;
      expect(employee.email?.endsWith(`@${domain}`)).toBe(true);
      expect(employee.userIds).toEqual([{ userId: employee.email, userIdType: 'NEPRI' }]);
      expect(employee.jobTitle?.length).toBeGreaterThan(3);
    }
    const mails = data.employees.map((e) => e.employee.email);
    expect(new Set(mails).size).toBe(mails.length);
  });
});

describe('association', () => {
  it('every school holds both school periods', () => {
    for (const a of data.aanbieders) {
      const own = data.organisationSchoolPeriods.filter((p) => p.organisationMasterIdentifier === a.id);
      expect(own.map((p) => p.id)).toEqual(data.schoolPeriods.map((p) => p.id));
      for (const p of own) expect([p.startDate, p.endDate]).toEqual([periods.get(p.id)?.startDate, periods.get(p.id)?.endDate]);
    }
  });

  it('an enrolment for exactly every group of every student; student, group and period agree', () => {
    const expected = data.students.flatMap((s) => s.student.groupIds.map((g) => `${s.student.userMasterIdentifier}|${g}`)).sort();
    expect(data.enrolments.map((e) => `${e.studentId}|${e.groupId}`).sort()).toEqual(expected);
    for (const e of data.enrolments) {
      const group = groups.get(e.groupId);
      expect(group?.organisationMasterIdentifier).toBe(e.organisationMasterIdentifier);
      expect(studentSchool.get(e.studentId)?.aanbiederId).toBe(e.organisationMasterIdentifier);
      expect(group?.schoolPeriodId).toBe(e.schoolPeriodId);
      expect(e.startDate).toBe(periods.get(e.schoolPeriodId)?.startDate);
    }
    expect(new Set(data.enrolments.map((e) => e.id)).size).toBe(data.enrolments.length);
  });

  it('every student is in a class of its school in every school period it attends', () => {
    for (const { aanbiederId, schoolPeriodIds, student } of data.students) {
      const classes = data.enrolments.filter((e) => e.studentId === student.userMasterIdentifier && groups.get(e.groupId)?.groupType === 'class');
      expect(classes.map((e) => e.schoolPeriodId).sort()).toEqual([...schoolPeriodIds].sort());
      for (const e of classes) expect(e.organisationMasterIdentifier).toBe(aanbiederId);
    }
  });

  it('assignments tie employees to groups of their own school, with subject offerings of the group', () => {
    for (const a of data.assignments) {
      const group = groups.get(a.groupId);
      expect(group?.organisationMasterIdentifier).toBe(a.organisationMasterIdentifier);
      expect(employeeSchool.get(a.employeeId)?.aanbiederId).toBe(a.organisationMasterIdentifier);
      expect(group?.schoolPeriodId).toBe(a.schoolPeriodId);
      if (a.subjectOfferingId !== undefined) expect(group?.subjectOfferingIds).toContain(a.subjectOfferingId);
      if (a.role === 'mentor') expect(a.subjectOfferingId).toBeUndefined();
    }
    expect(new Set(data.assignments.map((a) => a.id)).size).toBe(data.assignments.length);
  });

  it('every class has a mentor (secondary) or a class teacher (primary); every teaching group with students a teacher', () => {
    const primary = new Set(data.aanbieders.filter((a) => a.schoolType === 'po').map((a) => a.id));
    const populated = new Set(data.enrolments.map((e) => e.groupId));
    for (const g of data.groups) {
      const staff = data.assignments.filter((a) => a.groupId === g.id);
      if (g.groupType === 'class') {
        const role = primary.has(g.organisationMasterIdentifier) ? 'teacher' : 'mentor';
        expect(staff.some((a) => a.role === role && a.subjectOfferingId === undefined), g.id).toBe(true);
      } else if (populated.has(g.id)) {
        expect(staff.filter((a) => a.role === 'teacher').map((a) => a.subjectOfferingId), g.id).toEqual(g.subjectOfferingIds);
      }
    }
  });

  it('roles and assignments agree: mentors mentor, teachers teach, the office has no group', () => {
    for (const { employee } of data.employees) {
      const own = data.assignments.filter((a) => a.employeeId === employee.userMasterIdentifier);
      expect(own.some((a) => a.role === 'mentor'), employee.jobTitle).toBe(employee.roles?.includes('mentor') ?? false);
      if (employee.roles?.includes('teacher')) expect(own.some((a) => a.role === 'teacher'), employee.jobTitle).toBe(true);
      if (employee.roles?.includes('administration') || employee.roles?.includes('principal')) expect(own).toEqual([]);
    }
  });

  it('a teacher teaches the subject of its job title', () => {
    for (const a of data.assignments.filter((x) => x.subjectOfferingId !== undefined)) {
      const subject = offerings.get(a.subjectOfferingId ?? '')?.subject.name ?? '';
      const title = employeeSchool.get(a.employeeId)?.employee.jobTitle ?? '';
      expect(title === `Docent ${subject}` || title === 'Vakleerkracht bewegingsonderwijs', `${title} / ${subject}`).toBe(true);
    }
  });
});

describe('results and norms', () => {
  it('norms only for scored products of the catalogue, with no person in them', () => {
    for (const n of data.norms) {
      const p = products.get(n.productId);
      expect(p?.productType).not.toBe('print');
      expect(n.subject).toEqual(p?.subject);
      expect(gradeFor(n, n.passingPoints)).toBeGreaterThanOrEqual(5.5);
      if (n.passingPoints > 0) expect(gradeFor(n, n.passingPoints - 1)).toBeLessThan(5.5);
    }
    expect(JSON.stringify(data.norms)).not.toMatch(/ketenid|@/);
    for (const p of data.products) if (p.productType !== 'print') expect(data.norms.some((n) => n.productId === p.id), p.id).toBe(true);
  });

  it('every result is of a student of the school, in a subject offering it takes, for a catalogue product of that subject', () => {
    for (const r of data.results) {
      const s = studentSchool.get(r.studentId);
      const o = offerings.get(r.subjectOfferingId);
      const p = products.get(r.productId);
      expect(s?.aanbiederId).toBe(r.organisationMasterIdentifier);
      expect(s?.student.subjectOfferingIds).toContain(r.subjectOfferingId);
      expect(o?.schoolPeriodId).toBe(r.schoolPeriodId);
      expect(p, r.productId).toBeDefined();
      expect(p?.productType).not.toBe('print');
      expect(p?.subject.code).toBe(o?.subject.code);
      expect(p?.levels).toContain(o?.level);
      expect(p?.grades).toContain(o?.grade);
    }
    expect(new Set(data.results.map((r) => r.id)).size).toBe(data.results.length);
    // Per school one product per subject, level and grade.
    const methods = new Map<string, Set<string>>();
    for (const r of data.results) {
      const o = offerings.get(r.subjectOfferingId);
      const key = `${r.organisationMasterIdentifier}|${o?.subject.code}|${o?.level}|${o?.grade}`;
      methods.set(key, (methods.get(key) ?? new Set()).add(r.productId));
    }
    for (const [key, set] of methods) expect(set.size, key).toBe(1);
  });

  it('usage and scores fit the school period, the as-of date and the norms', () => {
    for (const r of data.results) {
      const period = periods.get(r.schoolPeriodId);
      expect(r.usage.firstUsedOn >= (period?.startDate ?? '')).toBe(true);
      expect(r.usage.firstUsedOn <= r.usage.lastUsedOn).toBe(true);
      expect(r.usage.lastUsedOn <= RESULTS_AS_OF && r.usage.lastUsedOn <= (period?.endDate ?? '')).toBe(true);
      for (const score of r.scores) {
        const norm = norms.get(score.normId);
        expect(norm?.productId).toBe(r.productId);
        expect(score.assessmentName).toBe(norm?.assessmentName);
        expect(score.points).toBeLessThanOrEqual(norm?.maximumPoints ?? 0);
        expect(score.grade).toBe(gradeFor(norm ?? { maximumPoints: 1, nTerm: 0 }, score.points));
        expect(score.assessedOn >= r.usage.firstUsedOn && score.assessedOn <= r.usage.lastUsedOn).toBe(true);
      }
    }
    // The past year is complete, the current one has just begun.
    const scores = (period: string): number[] => data.results.filter((r) => r.schoolPeriodId === period).map((r) => r.scores.length);
    expect(Math.max(...scores('2025-2026'))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...scores('2026-2027'))).toBeLessThanOrEqual(2);
  });

  it('most students have results; primary pupils in groep 1 and 2 have none', () => {
    const withResults = new Set(data.results.map((r) => r.studentId));
    expect(withResults.size).toBeGreaterThan(data.students.length * 0.8);
    for (const r of data.results) expect(offerings.get(r.subjectOfferingId)?.level === 'po' && (offerings.get(r.subjectOfferingId)?.grade ?? 0) < 3).toBe(false);
  });
});

describe('the accessibility group', () => {
  it('every student has a preferred language and extra time; some have reading aids', () => {
    for (const { student } of data.students) {
      expect(student.preferredLanguage).toMatch(/^[a-z]{2}$/);
      expect(typeof student.extraTime).toBe('boolean');
      if (student.readingAids !== undefined) expect(student.readingAids.length).toBeGreaterThan(0);
    }
    const extra = data.students.filter((s) => s.student.extraTime).length;
    expect(extra).toBeGreaterThan(data.students.length * 0.04);
    expect(extra).toBeLessThan(data.students.length * 0.2);
    expect(data.students.some((s) => s.student.readingAids?.includes('textToSpeech'))).toBe(true);
    expect(data.students.filter((s) => s.student.preferredLanguage !== 'nl').length).toBeGreaterThan(0);
  });

  it('left the students generated before it as they were', () => {
    expect(studentsAt(data, '110A133')[0]?.student.userMasterIdentifier).toBe('https://ketenid.nl/201703/9eb1dcbd1d0216a3a59aaaeca5b442da09e22143236fc986a5463b8e73e135bd');
    expect(data.students).toHaveLength(540);
  });
});
