import type { Norm } from './result-types.ts';
import type { SeededRandom } from './seed-random.ts';
import type { Product } from './types.ts';

// The supplier's norms (normeringen) for the tests in its digital products: per product a few
// tests spread over the school year, each with its maximum points and N-term, the way Dutch tests
// turn points into a grade. Supplier data about products, with no person in it.

const PLANS: readonly (readonly number[])[] = [
  [11, 2, 6],
  [10, 12, 3, 6],
];

/** The grade for points under a norm: 9 × points / maximum + N, bounded to 1–10, one decimal. */
export function gradeFor(norm: Pick<Norm, 'maximumPoints' | 'nTerm'>, points: number): number {
  const raw = (9 * points) / norm.maximumPoints + norm.nTerm;
  return Math.round(Math.min(10, Math.max(1, raw)) * 10) / 10;
}

/** Norms only for products whose tests the supplier scores: digital and blended ones. */
export function isScored(product: Product): boolean {
  return product.productType !== 'print';
}

export function generateNorms(rng: SeededRandom, products: readonly Product[]): Norm[] {
  const norms: Norm[] = [];
  for (const product of products.filter(isScored)) {
    const months = rng.pick(PLANS);
    months.forEach((plannedMonth, i) => {
      const maximumPoints = rng.pick([20, 30, 40, 50, 60]);
      const nTerm = rng.int(8, 15) / 10;
      let passingPoints = 0;
      while (gradeFor({ maximumPoints, nTerm }, passingPoints) < 5.5) passingPoints++;
      norms.push({
        id: `${product.id}-N${i + 1}`,
        productId: product.id,
        subject: { ...product.subject },
        levels: [...product.levels],
        grades: [...product.grades],
        assessmentName: `Toets blok ${i + 1}`,
        plannedMonth,
        maximumPoints,
        passingPoints,
        nTerm,
      });
    });
  }
  return norms;
}
