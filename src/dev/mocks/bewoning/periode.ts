import { parseStoredDate } from '../brp/dates.ts';
import { dagnummer, isoDagnummer } from '../historie/periode.ts';

// Days and onzekerheidsperiodes. Days are counted from 1970-01-01; -Infinity and Infinity stand for
// "no bound". A stored date YYYYMMDD with unknown parts stands for a range of days, its
// onzekerheidsperiode [eerste, naLaatste): a whole month (YYYYMM00), a whole year (YYYY0000) or all of time
// (00000000, or no date at all). A fully known date is the one day [d, d + 1).

export { dagnummer, isoDagnummer };

const DAY_MS = 86_400_000;

export interface Onzekerheidsperiode {
  /** First day the date may be. */
  eerste: number;
  /** First day after the last day the date may be. */
  naLaatste: number;
  /** The date is one known day. */
  bekend: boolean;
}

const ALTIJD: Onzekerheidsperiode = { eerste: -Infinity, naLaatste: Infinity, bekend: false };

function isBestaandeDag(jaar: number, maand: number, dag: number): boolean {
  const d = new Date(Date.UTC(jaar, maand - 1, dag));
  return d.getUTCFullYear() === jaar && d.getUTCMonth() === maand - 1 && d.getUTCDate() === dag;
}

/**
 * The onzekerheidsperiode of a stored date, read as toDatum (brp/dates.ts) reads it: an unknown year (or
 * no date) is unknown altogether; a day that does not exist counts as an unknown day of its month.
 */
export function onzekerheidsperiode(raw: string | undefined): Onzekerheidsperiode {
  const d = parseStoredDate(raw?.trim());
  if (!d || d.jaar === 0 || d.maand > 12 || (d.maand === 0 && d.dag !== 0)) return ALTIJD;
  if (d.maand === 0) return { eerste: dagnummer(d.jaar, 1, 1), naLaatste: dagnummer(d.jaar + 1, 1, 1), bekend: false };
  if (d.dag === 0 || !isBestaandeDag(d.jaar, d.maand, d.dag)) {
    return { eerste: dagnummer(d.jaar, d.maand, 1), naLaatste: dagnummer(d.jaar, d.maand + 1, 1), bekend: false };
  }
  const dag = dagnummer(d.jaar, d.maand, d.dag);
  return { eerste: dag, naLaatste: dag + 1, bekend: true };
}

/** A day number as an ISO date (YYYY-MM-DD). */
export function isoDatum(dag: number): string {
  return new Date(dag * DAY_MS).toISOString().slice(0, 10);
}
