// Plan check: how many field positions an operation may expand to. Fragments
// spread under several aliases multiply a small document exponentially. The
// compiler shares such fragments, and counts what each shared node would expand
// to as it is created, so an operation over the budget is refused while it is
// being compiled — before anything is expanded, decided or fetched.
import { QueryTooComplexError } from '../query-too-complex.ts';

export const DEFAULT_MAX_POSITIONS = 5000;

export function checkPositionBudget(positions: number, maxPositions: number): void {
  if (positions > maxPositions) {
    throw new QueryTooComplexError('TOO_MANY_POSITIONS', `The operation expands to more than ${maxPositions} field positions.`);
  }
}
