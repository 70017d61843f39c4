import { parseStoredDate } from '../brp/dates.ts';

// When a person may have lived at each voorkomen, as the feature files' filtering rules describe
// (raadpleeg-verblijfplaats-met-peildatum/gba/peildatum-filtering*.feature and the periode ones).
// Days are counted from 1970-01-01; -Infinity and Infinity stand for "no bound".
//
// A stored date YYYYMMDD with unknown parts has an onzekerheidsperiode: a whole year (YYYY0000), a
// whole month (YYYYMM00) or all of time (00000000, or no date at all). Each voorkomen gets a span
// [van, tot) of days the person may have lived there:
//   - van is the start date itself when it is fully known. With an unknown part it is the first day
//     of the onzekerheidsperiode, but never earlier than the day after the first day the previous
//     (older) voorkomen may have started: on that day the person certainly still lived there. Only
//     the previous voorkomen is looked at, not the one before it, as the test features prescribe
//     ("niet recursief terugkijken naar voor-vorige").
//   - tot is the next (newer) voorkomen's van; the current voorkomen has none.
// A voorkomen whose span is empty (the next one starts on the same day or earlier: a changed or
// corrected address) is never delivered. RaadpleegMetPeildatum asks for [peildatum, peildatum + 1),
// RaadpleegMetPeriode for [datumVan, datumTot); a voorkomen is delivered when its span overlaps.

const DAY_MS = 86_400_000;

export function dagnummer(jaar: number, maand: number, dag: number): number {
  return Date.UTC(jaar, maand - 1, dag) / DAY_MS;
}

/** An ISO date of a request (validated YYYY-MM-DD) as a day number. */
export function isoDagnummer(iso: string): number {
  return dagnummer(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

function isBestaandeDag(jaar: number, maand: number, dag: number): boolean {
  const d = new Date(Date.UTC(jaar, maand - 1, dag));
  return d.getUTCFullYear() === jaar && d.getUTCMonth() === maand - 1 && d.getUTCDate() === dag;
}

export interface Onzekerheid {
  /** First day the date may be. */
  eerste: number;
  /** True when the date is one known day. */
  volledig: boolean;
}

/**
 * The onzekerheidsperiode of a stored date, the way toDatum (brp/dates.ts) reads it: an unknown
 * year (or no date) is unknown altogether; a day that does not exist counts as an unknown day.
 */
export function onzekerheid(raw: string | undefined): Onzekerheid {
  const d = parseStoredDate(raw);
  if (!d || d.jaar === 0 || d.maand > 12 || (d.maand === 0 && d.dag !== 0)) return { eerste: -Infinity, volledig: false };
  if (d.maand === 0) return { eerste: dagnummer(d.jaar, 1, 1), volledig: false };
  if (d.dag === 0 || !isBestaandeDag(d.jaar, d.maand, d.dag)) return { eerste: dagnummer(d.jaar, d.maand, 1), volledig: false };
  return { eerste: dagnummer(d.jaar, d.maand, d.dag), volledig: true };
}

export interface Span {
  van: number;
  tot: number;
}

/**
 * The spans of a person's voorkomens, given their start dates newest first (undefined: no date).
 * The result is in the same order.
 */
export function spans(aanvang: readonly (string | undefined)[]): Span[] {
  const o = aanvang.map(onzekerheid);
  const van = o.map((own, i) => {
    const vorige = o[i + 1];
    if (own.volledig || !vorige) return own.eerste;
    return Math.max(own.eerste, vorige.eerste + 1);
  });
  return van.map((v, i) => ({ van: v, tot: i === 0 ? Infinity : van[i - 1] }));
}

/** Does the span overlap the asked days [van, tot)? An empty span overlaps nothing. */
export function overlapt(span: Span, van: number, tot: number): boolean {
  return span.van < span.tot && span.van < tot && span.tot > van;
}
