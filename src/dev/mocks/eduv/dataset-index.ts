import type { Row } from './paging.ts';
import type { Assignment, EmployeeRecord, Enrolment, OrganisationSchoolPeriod } from './association-types.ts';
import type { Norm, Result } from './result-types.ts';
import type {
  EduvDataset, Group, Onderwijsaanbieder, Order, OrganisationIdType, Product, StudentRecord, StudyOffering, SubjectOffering,
} from './types.ts';

// Lookups the routes need, built once per mock: each collection split per onderwijsaanbieder, with
// the row numbers that paging uses, and the organisations by every identifier they have.

export interface EduvIndex {
  readonly data: EduvDataset;
  resolveOrg(orgId: string, orgIdType: OrganisationIdType | undefined): Onderwijsaanbieder | undefined;
  readonly organisations: readonly Row<Onderwijsaanbieder>[];
  readonly products: readonly Row<Product>[];
  readonly studentsByOrg: ReadonlyMap<string, readonly Row<StudentRecord>[]>;
  readonly studyOfferingsByOrg: ReadonlyMap<string, readonly Row<StudyOffering>[]>;
  readonly subjectOfferingsByOrg: ReadonlyMap<string, readonly Row<SubjectOffering>[]>;
  readonly groupsByOrg: ReadonlyMap<string, readonly Row<Group>[]>;
  readonly groupById: ReadonlyMap<string, Group>;
  readonly ordersByOrg: ReadonlyMap<string, readonly Row<Order>[]>;
  readonly employeesByOrg: ReadonlyMap<string, readonly Row<EmployeeRecord>[]>;
  readonly schoolPeriodsByOrg: ReadonlyMap<string, readonly Row<OrganisationSchoolPeriod>[]>;
  readonly enrolmentsByOrg: ReadonlyMap<string, readonly Row<Enrolment>[]>;
  readonly assignmentsByOrg: ReadonlyMap<string, readonly Row<Assignment>[]>;
  readonly resultsByOrg: ReadonlyMap<string, readonly Row<Result>[]>;
  readonly norms: readonly Row<Norm>[];
}

function rows<T>(items: readonly T[]): Row<T>[] {
  return items.map((item, row) => ({ row, item }));
}

function byOrg<T>(items: readonly T[], orgOf: (item: T) => string): Map<string, Row<T>[]> {
  const out = new Map<string, Row<T>[]>();
  items.forEach((item, row) => {
    const org = orgOf(item);
    const list = out.get(org) ?? [];
    list.push({ row, item });
    out.set(org, list);
  });
  return out;
}

export function indexDataset(data: EduvDataset): EduvIndex {
  const byMaster = new Map(data.aanbieders.map((a) => [a.id, a]));
  const bySecondary = new Map<string, Onderwijsaanbieder>();
  for (const a of data.aanbieders) {
    for (const id of a.organisation.organisationIds) bySecondary.set(`${id.organisationIdType}|${id.organisationId}`, a);
  }
  return {
    data,
    resolveOrg: (orgId, orgIdType) => (orgIdType === undefined ? byMaster.get(orgId) : bySecondary.get(`${orgIdType}|${orgId}`)),
    organisations: rows(data.aanbieders),
    products: rows(data.products),
    studentsByOrg: byOrg(data.students, (s) => s.aanbiederId),
    studyOfferingsByOrg: byOrg(data.studyOfferings, (s) => s.organisationMasterIdentifier),
    subjectOfferingsByOrg: byOrg(data.subjectOfferings, (s) => s.organisationMasterIdentifier),
    groupsByOrg: byOrg(data.groups, (g) => g.organisationMasterIdentifier),
    groupById: new Map(data.groups.map((g) => [g.id, g])),
    ordersByOrg: byOrg(data.orders, (o) => o.organisationMasterIdentifier),
    employeesByOrg: byOrg(data.employees, (e) => e.aanbiederId),
    schoolPeriodsByOrg: byOrg(data.organisationSchoolPeriods, (p) => p.organisationMasterIdentifier),
    enrolmentsByOrg: byOrg(data.enrolments, (e) => e.organisationMasterIdentifier),
    assignmentsByOrg: byOrg(data.assignments, (a) => a.organisationMasterIdentifier),
    resultsByOrg: byOrg(data.results, (r) => r.organisationMasterIdentifier),
    norms: rows(data.norms),
  };
}
