import { addAccessibility } from './accessibility.ts';
import { assignmentsOf, enrolmentsOf, schoolPeriodsOf } from './association.ts';
import type { Assignment, EmployeeRecord, Enrolment, OrganisationSchoolPeriod } from './association-types.ts';
import { generateProducts } from './catalogue.ts';
import { buildOnderwijsaanbod, type Onderwijsaanbod } from './education.ts';
import { generateStaff } from './employees.ts';
import { generateNorms } from './norms.ts';
import { generateOrders, type OrderSequence } from './orders.ts';
import { AANBIEDER_DEFINITIONS, SCHOOL_PERIODS, buildOrganisations } from './organisations.ts';
import { SeededRandom } from './seed-random.ts';
import type { Norm, Result } from './result-types.ts';
import { generateResults } from './results.ts';
import { generateStudents } from './students.ts';
import type { EduvDataset, Group, Order, StudentRecord, StudyOffering, SubjectOffering } from './types.ts';

// The whole mock dataset from one seed. Organisations are fixed; everything about people, choices
// and orders is drawn from seeded streams, one per school and part, so the same seed gives the same
// data everywhere. The parts added later (accessibility, employees, association, norms, results)
// come in a second pass with streams of their own, so they left the first pass's values unchanged.

export const DEFAULT_EDUV_SEED = 20_262_027;

export interface GenerateOptions {
  /**
   * Multiplies the number of students per cohort (default 1: about 540 students, 190 at 110A133).
   * For load tests; the seeded values of other schools and of the catalogue do not change with it.
   */
  scale?: number;
}

export function generateEduvDataset(seed: number = DEFAULT_EDUV_SEED, options: GenerateOptions = {}): EduvDataset {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('seed must be an integer from 0 to 2^32-1');
  if (!(scale > 0 && scale <= 100)) throw new RangeError('scale must be above 0 and at most 100');
  const root = new SeededRandom(seed);
  const { besturen, aanbieders } = buildOrganisations();
  const products = generateProducts(root.fork('catalogue'));

  const studyOfferings: StudyOffering[] = [];
  const subjectOfferings: SubjectOffering[] = [];
  const groups: Group[] = [];
  const students: StudentRecord[] = [];
  const orders: Order[] = [];
  const eckIds = new Set<string>();
  const sequence: OrderSequence = { next: 1 };
  const aanbods = new Map<string, Onderwijsaanbod>();

  for (const aanbieder of aanbieders) {
    const definition = AANBIEDER_DEFINITIONS.find((d) => d.id === aanbieder.id);
    if (!definition) throw new Error(`no definition for ${aanbieder.id}`);
    const aanbod = buildOnderwijsaanbod(aanbieder, SCHOOL_PERIODS);
    aanbods.set(aanbieder.id, aanbod);
    studyOfferings.push(...aanbod.studyOfferings);
    subjectOfferings.push(...aanbod.subjectOfferings);
    groups.push(...aanbod.groups);
    students.push(...generateStudents(root.fork(`students:${aanbieder.id}`), {
      definition, aanbieder, aanbod, periods: SCHOOL_PERIODS, scale, eckIds,
    }));
    orders.push(...generateOrders(root.fork(`orders:${aanbieder.id}`), aanbieder, SCHOOL_PERIODS, products, sequence));
  }

  const later = generateLaterParts(root, { aanbieders, aanbods, groups, subjectOfferings, students, products, eckIds });

  return {
    seed,
    scale,
    schoolPeriods: SCHOOL_PERIODS,
    besturen,
    aanbieders,
    studyOfferings,
    subjectOfferings,
    groups,
    students,
    products,
    orders,
    ...later,
  };
}

type LaterParts = Pick<EduvDataset, 'employees' | 'organisationSchoolPeriods' | 'enrolments' | 'assignments' | 'norms' | 'results'>;

interface FirstPass {
  aanbieders: EduvDataset['aanbieders'];
  aanbods: ReadonlyMap<string, Onderwijsaanbod>;
  groups: readonly Group[];
  subjectOfferings: readonly SubjectOffering[];
  students: readonly StudentRecord[];
  products: EduvDataset['products'];
  eckIds: Set<string>;
}

/** The second pass: accessibility of the students, staff, association, norms and results. */
function generateLaterParts(root: SeededRandom, first: FirstPass): LaterParts {
  const norms: Norm[] = generateNorms(root.fork('norms'), first.products);
  const normsByProduct = new Map<string, Norm[]>();
  for (const n of norms) normsByProduct.set(n.productId, [...(normsByProduct.get(n.productId) ?? []), n]);
  const groupsById = new Map(first.groups.map((g) => [g.id, g]));
  const offerings = new Map(first.subjectOfferings.map((o) => [o.id, o]));
  const periods = new Map(SCHOOL_PERIODS.map((p) => [p.id, p]));
  const employees: EmployeeRecord[] = [];
  const organisationSchoolPeriods: OrganisationSchoolPeriod[] = [];
  const enrolments: Enrolment[] = [];
  const assignments: Assignment[] = [];
  const results: Result[] = [];
  for (const aanbieder of first.aanbieders) {
    const aanbod = first.aanbods.get(aanbieder.id);
    if (!aanbod) throw new Error(`no onderwijsaanbod for ${aanbieder.id}`);
    const records = first.students.filter((s) => s.aanbiederId === aanbieder.id);
    addAccessibility(root.fork(`accessibility:${aanbieder.id}`), records);
    const staff = generateStaff(root.fork(`employees:${aanbieder.id}`), aanbieder, aanbod, first.eckIds);
    employees.push(...staff.map((m) => m.record));
    organisationSchoolPeriods.push(...schoolPeriodsOf(aanbieder, SCHOOL_PERIODS));
    enrolments.push(...enrolmentsOf(records, groupsById, periods));
    assignments.push(...assignmentsOf(staff, aanbieder, aanbod, periods));
    results.push(...generateResults(root.fork(`results:${aanbieder.id}`), {
      aanbiederId: aanbieder.id, students: records, offerings, products: first.products, normsByProduct, periods,
    }));
  }
  return { employees, organisationSchoolPeriods, enrolments, assignments, norms, results };
}

/** The students of one onderwijsaanbieder, in generation order. */
export function studentsAt(data: EduvDataset, aanbiederId: string): StudentRecord[] {
  return data.students.filter((s) => s.aanbiederId === aanbiederId);
}

/** The students enrolled in a subject offering. */
export function studentsIn(data: EduvDataset, subjectOfferingId: string): StudentRecord[] {
  return data.students.filter((s) => s.student.subjectOfferingIds.includes(subjectOfferingId));
}
