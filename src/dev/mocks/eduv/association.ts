import type { Onderwijsaanbod, StudyUnit } from './education.ts';
import type { StaffMember } from './employees.ts';
import type { Assignment, AssignmentRole, Enrolment, OrganisationSchoolPeriod } from './association-types.ts';
import type { Group, Onderwijsaanbieder, SchoolPeriod, StudentRecord } from './types.ts';

// The Association API's objects of one school, derived without drawing: school periods as the
// school holds them, an enrolment for every group a student belongs to (its class and teaching
// groups, already chosen in students.ts), and the staff assigned to groups by the plan of
// employees.ts. Ids are readable and stable: enrolment `<groupId>-E001`, assignment `<groupId>-A1`.

export function schoolPeriodsOf(aanbieder: Onderwijsaanbieder, periods: readonly SchoolPeriod[]): OrganisationSchoolPeriod[] {
  return periods.map((p) => ({
    id: p.id,
    organisationMasterIdentifier: aanbieder.id,
    name: `Schooljaar ${p.id}`,
    startDate: p.startDate,
    endDate: p.endDate,
  }));
}

export function enrolmentsOf(records: readonly StudentRecord[], groups: ReadonlyMap<string, Group>, periods: ReadonlyMap<string, SchoolPeriod>): Enrolment[] {
  const perGroup = new Map<string, number>();
  const out: Enrolment[] = [];
  for (const { aanbiederId, student } of records) {
    for (const groupId of student.groupIds) {
      const group = groups.get(groupId);
      const period = group ? periods.get(group.schoolPeriodId) : undefined;
      if (!group || !period || group.organisationMasterIdentifier !== aanbiederId) throw new Error(`student group ${groupId} is not a group of ${aanbiederId}`);
      const n = (perGroup.get(groupId) ?? 0) + 1;
      perGroup.set(groupId, n);
      out.push({
        id: `${groupId}-E${String(n).padStart(3, '0')}`,
        organisationMasterIdentifier: aanbiederId,
        schoolPeriodId: group.schoolPeriodId,
        groupId,
        studentId: student.userMasterIdentifier,
        startDate: period.startDate,
        endDate: period.endDate,
      });
    }
  }
  return out;
}

interface Assign {
  (group: Group, member: StaffMember | undefined, role: AssignmentRole, subjectOfferingId?: string): void;
}

/** The teacher of a subject in a study unit: the same one every year for the same level and grade. */
function teacherOf(staff: readonly StaffMember[], code: string, unit: StudyUnit, levelIndex: number): StaffMember | undefined {
  const pool = staff.filter((m) => m.subjects.includes(code));
  return pool[(levelIndex * 10 + unit.grade) % Math.max(1, pool.length)];
}

function assignUnit(assign: Assign, staff: readonly StaffMember[], unit: StudyUnit, classIndex: number, levelIndex: number, primary: boolean): void {
  const cls = unit.classGroup;
  if (primary) {
    for (const m of staff) if (m.classGrades.includes(unit.grade)) assign(cls, m, 'teacher');
    for (const m of staff) if (m.assistsGrades.includes(unit.grade)) assign(cls, m, 'teachingAssistant');
    // From groep 3 on, gym is taught by its own teacher; before that by the class teacher.
    const gym = unit.subjectOfferings.get('BEW');
    if (gym && unit.grade >= 3) assign(cls, teacherOf(staff, 'BEW', unit, levelIndex), 'teacher', gym.id);
    return;
  }
  assign(cls, staff.find((m) => m.mentorOf === classIndex), 'mentor');
  for (const code of unit.programme.core) {
    const offering = unit.subjectOfferings.get(code);
    if (offering) assign(cls, teacherOf(staff, code, unit, levelIndex), 'teacher', offering.id);
  }
  for (const [code, group] of unit.teachingGroups) assign(group, teacherOf(staff, code, unit, levelIndex), 'teacher', group.subjectOfferingIds[0]);
}

export function assignmentsOf(staff: readonly StaffMember[], aanbieder: Onderwijsaanbieder, aanbod: Onderwijsaanbod, periods: ReadonlyMap<string, SchoolPeriod>): Assignment[] {
  const out: Assignment[] = [];
  const perGroup = new Map<string, number>();
  const assign: Assign = (group, member, role, subjectOfferingId) => {
    const period = periods.get(group.schoolPeriodId);
    if (!member || !period) return;
    const n = (perGroup.get(group.id) ?? 0) + 1;
    perGroup.set(group.id, n);
    out.push({
      id: `${group.id}-A${n}`,
      organisationMasterIdentifier: aanbieder.id,
      schoolPeriodId: group.schoolPeriodId,
      groupId: group.id,
      employeeId: member.record.employee.userMasterIdentifier,
      role,
      ...(subjectOfferingId === undefined ? {} : { subjectOfferingId }),
      startDate: period.startDate,
      endDate: period.endDate,
    });
  };
  const classIndexInPeriod = new Map<string, number>();
  for (const unit of aanbod.units.values()) {
    const classIndex = classIndexInPeriod.get(unit.periodId) ?? 0;
    classIndexInPeriod.set(unit.periodId, classIndex + 1);
    assignUnit(assign, staff, unit, classIndex, aanbieder.levels.indexOf(unit.level), aanbieder.schoolType === 'po');
  }
  return out;
}
