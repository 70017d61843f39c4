import { gradeFor, isScored } from './norms.ts';
import type { Norm, Result, Score } from './result-types.ts';
import type { SeededRandom } from './seed-random.ts';
import type { Product, SchoolPeriod, StudentRecord, SubjectOffering } from './types.ts';

// Results of one school (Results API): per student and subject offering, the usage of the
// digital product the school uses for it (leermiddelgebruik) and the scores of the tests taken so
// far, graded by the supplier's norms. Only products of the catalogue with norms are used.

/**
 * The day the generated results stand on: the first tests of the current school year are taken.
 * A fixed date, not today's, so the data do not change with the calendar.
 */
export const RESULTS_AS_OF = '2026-11-20';

const DAY_MS = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface ResultContext {
  aanbiederId: string;
  students: readonly StudentRecord[];
  offerings: ReadonlyMap<string, SubjectOffering>;
  products: readonly Product[];
  normsByProduct: ReadonlyMap<string, readonly Norm[]>;
  periods: ReadonlyMap<string, SchoolPeriod>;
}

export function generateResults(rng: SeededRandom, ctx: ResultContext): Result[] {
  // Separate streams for the school's choices, so they do not depend on the order of students.
  const methodRng = rng.fork('methods');
  const dateRng = rng.fork('test-dates');
  const methods = new Map<string, Product | undefined>();
  const testDates = new Map<string, string>();
  const perOffering = new Map<string, number>();

  /** The scored product the school uses for a subject, level and grade (one per school). */
  const methodFor = (o: SubjectOffering): Product | undefined => {
    const key = `${o.subject.code}|${o.level}|${o.grade}`;
    if (!methods.has(key)) {
      const candidates = ctx.products.filter((p) => isScored(p) && p.subject.code === o.subject.code && p.levels.includes(o.level) && p.grades.includes(o.grade));
      methods.set(key, candidates.length > 0 ? methodRng.pick(candidates) : undefined);
    }
    return methods.get(key);
  };

  /** The whole group takes a test on one day. */
  const testDate = (o: SubjectOffering, norm: Norm, startYear: number): string => {
    const key = `${o.id}|${norm.id}`;
    let date = testDates.get(key);
    if (date === undefined) {
      const year = norm.plannedMonth >= 8 ? startYear : startYear + 1;
      date = `${year}-${String(norm.plannedMonth).padStart(2, '0')}-${String(dateRng.int(3, 26)).padStart(2, '0')}`;
      testDates.set(key, date);
    }
    return date;
  };

  const results: Result[] = [];
  for (const { student } of ctx.students) {
    // One ability per student, so its grades over subjects hang together a little.
    const ability = 0.4 + rng.next() * 0.5;
    for (const offeringId of student.subjectOfferingIds) {
      const offering = ctx.offerings.get(offeringId);
      const period = offering ? ctx.periods.get(offering.schoolPeriodId) : undefined;
      const product = offering ? methodFor(offering) : undefined;
      if (!offering || !period || !product) continue;
      // A few students never open the product: no usage, so no result.
      if (rng.chance(0.06)) continue;
      const startYear = Number(period.id.slice(0, 4));
      const lessonsStart = day(`${startYear}-09-01`);
      const lessonsEnd = day(`${startYear + 1}-07-10`);
      const until = Math.min(lessonsEnd, day(RESULTS_AS_OF));
      if (until <= lessonsStart) continue;
      const first = lessonsStart + rng.int(0, 14) * DAY_MS;
      const last = Math.max(first, until - rng.int(0, 10) * DAY_MS);
      const weeks = (last - first) / (7 * DAY_MS);
      const sessionCount = Math.max(1, Math.round(weeks * (0.8 + rng.next() * 1.7)));
      const elapsed = (last - lessonsStart) / (lessonsEnd - lessonsStart);
      const scores: Score[] = [];
      for (const norm of ctx.normsByProduct.get(product.id) ?? []) {
        const assessedOn = testDate(offering, norm, startYear);
        if (day(assessedOn) > last || !rng.chance(0.95)) continue;
        const points = Math.min(norm.maximumPoints, Math.max(0, Math.round(norm.maximumPoints * (ability + (rng.next() - 0.5) * 0.3))));
        scores.push({ normId: norm.id, assessmentName: norm.assessmentName, assessedOn, points, grade: gradeFor(norm, points) });
      }
      const n = (perOffering.get(offering.id) ?? 0) + 1;
      perOffering.set(offering.id, n);
      results.push({
        id: `${offering.id}-R${String(n).padStart(3, '0')}`,
        organisationMasterIdentifier: ctx.aanbiederId,
        schoolPeriodId: period.id,
        studentId: student.userMasterIdentifier,
        productId: product.id,
        subjectOfferingId: offering.id,
        usage: {
          firstUsedOn: iso(first),
          lastUsedOn: iso(last),
          sessionCount,
          minutesActive: sessionCount * rng.int(8, 35),
          progressPercentage: Math.min(100, Math.round(elapsed * 100 * (0.7 + rng.next() * 0.4))),
        },
        scores,
      });
    }
  }
  return results;
}
