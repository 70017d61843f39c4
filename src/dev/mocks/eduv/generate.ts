import { generateProducts } from './catalogue.ts';
import { buildOnderwijsaanbod } from './education.ts';
import { generateOrders, type OrderSequence } from './orders.ts';
import { AANBIEDER_DEFINITIONS, SCHOOL_PERIODS, buildOrganisations } from './organisations.ts';
import { SeededRandom } from './seed-random.ts';
import { generateStudents } from './students.ts';
import type { EduvDataset, Group, Order, StudentRecord, StudyOffering, SubjectOffering } from './types.ts';

// The whole mock dataset from one seed. Organisations are fixed; everything about people, choices
// and orders is drawn from seeded streams, one per school and part, so the same seed gives the same
// data everywhere.

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

  for (const aanbieder of aanbieders) {
    const definition = AANBIEDER_DEFINITIONS.find((d) => d.id === aanbieder.id);
    if (!definition) throw new Error(`no definition for ${aanbieder.id}`);
    const aanbod = buildOnderwijsaanbod(aanbieder, SCHOOL_PERIODS);
    studyOfferings.push(...aanbod.studyOfferings);
    subjectOfferings.push(...aanbod.subjectOfferings);
    groups.push(...aanbod.groups);
    students.push(...generateStudents(root.fork(`students:${aanbieder.id}`), {
      definition, aanbieder, aanbod, periods: SCHOOL_PERIODS, scale, eckIds,
    }));
    orders.push(...generateOrders(root.fork(`orders:${aanbieder.id}`), aanbieder, SCHOOL_PERIODS, products, sequence));
  }

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
  };
}

/** The students of one onderwijsaanbieder, in generation order. */
export function studentsAt(data: EduvDataset, aanbiederId: string): StudentRecord[] {
  return data.students.filter((s) => s.aanbiederId === aanbiederId);
}

/** The students enrolled in a subject offering. */
export function studentsIn(data: EduvDataset, subjectOfferingId: string): StudentRecord[] {
  return data.students.filter((s) => s.student.subjectOfferingIds.includes(subjectOfferingId));
}
