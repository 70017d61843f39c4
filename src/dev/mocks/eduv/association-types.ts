import type { UserId } from './shared-types.ts';

// API shapes of the Employees API (Employee, one scope group per property) and the Association API
// (school periods, enrolments student ↔ group, assignments employee ↔ group) of data/eduv/openapi.yaml.
// Group itself stays in types.ts, where the Education part defined it first.

export const EMPLOYEE_SCOPES = ['eduv.employee.basic', 'eduv.employee.communication', 'eduv.employee.roles'] as const;
export type EmployeeScope = (typeof EMPLOYEE_SCOPES)[number];

export const EMPLOYEE_ROLES = ['teacher', 'mentor', 'teamLeader', 'careCoordinator', 'principal', 'teachingAssistant', 'administration'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

export const ASSIGNMENT_ROLES = ['teacher', 'mentor', 'teachingAssistant'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export interface Employee {
  // eduv.employee.basic
  userMasterIdentifier: string;
  userIds: UserId[];
  givenName: string;
  preferredFirstName?: string;
  familyName: string;
  familyNamePrefix?: string;
  // eduv.employee.communication
  email?: string;
  // eduv.employee.roles
  roles?: EmployeeRole[];
  jobTitle?: string;
}

/** An employee with the onderwijsaanbieder it works at; `employee` is the API shape. */
export interface EmployeeRecord {
  aanbiederId: string;
  employee: Employee;
}

/**
 * The API's SchoolPeriod: a school year as one onderwijsaanbieder holds it. The dataset's own
 * SchoolPeriod (types.ts) is the same year without the school.
 */
export interface OrganisationSchoolPeriod {
  id: string;
  organisationMasterIdentifier: string;
  name: string;
  startDate: string;
  endDate: string;
}

export interface Enrolment {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  groupId: string;
  /** The student's ECK iD. */
  studentId: string;
  startDate: string;
  endDate: string;
}

export interface Assignment {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  groupId: string;
  /** The employee's ECK iD. */
  employeeId: string;
  role: AssignmentRole;
  /** The subject offering the employee teaches in this group; absent for a mentor or a class teacher. */
  subjectOfferingId?: string;
  startDate: string;
  endDate: string;
}
