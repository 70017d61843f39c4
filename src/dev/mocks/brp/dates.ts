import type { JsonObject } from './json.ts';

// Dates in storage are YYYYMMDD where 00 marks an unknown part (LO GBA); the API turns them into
// one of the AbstractDatum subtypes, with a Dutch long format (fields-datum.feature).

const MAANDEN = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
] as const;

export interface DatumDelen {
  jaar: number;
  maand: number;
  dag: number;
}

/** Splits a stored date into its parts; 0 marks an unknown part. Undefined when it is no date. */
export function parseStoredDate(raw: string | undefined): DatumDelen | undefined {
  if (raw === undefined || !/^\d{8}$/.test(raw)) return undefined;
  return { jaar: Number(raw.slice(0, 4)), maand: Number(raw.slice(4, 6)), dag: Number(raw.slice(6, 8)) };
}

function isValidDay(jaar: number, maand: number, dag: number): boolean {
  const d = new Date(Date.UTC(jaar, maand - 1, dag));
  return d.getUTCFullYear() === jaar && d.getUTCMonth() === maand - 1 && d.getUTCDate() === dag;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Converts a stored date to Datum, JaarMaandDatum, JaarDatum or DatumOnbekend. */
export function toDatum(raw: string | undefined): JsonObject | undefined {
  const d = parseStoredDate(raw);
  if (!d) return undefined;
  const { jaar, maand, dag } = d;
  if (jaar === 0 || maand > 12 || (maand === 0 && dag !== 0)) {
    return { type: 'DatumOnbekend', onbekend: true, langFormaat: 'onbekend' };
  }
  if (maand === 0) return { type: 'JaarDatum', jaar, langFormaat: String(jaar) };
  if (dag === 0 || !isValidDay(jaar, maand, dag)) {
    return { type: 'JaarMaandDatum', jaar, maand, langFormaat: `${MAANDEN[maand - 1]} ${jaar}` };
  }
  return {
    type: 'Datum',
    datum: `${pad(jaar, 4)}-${pad(maand, 2)}-${pad(dag, 2)}`,
    langFormaat: `${dag} ${MAANDEN[maand - 1]} ${jaar}`,
  };
}

/** ISO date (YYYY-MM-DD) of a request parameter to the storage form, for matching. */
export function isoToStored(iso: string): string {
  return iso.replaceAll('-', '');
}

/** True for a syntactically and calendrically valid YYYY-MM-DD (OpenAPI `format: date`). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isValidDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Today's date as the BRP sees it: the calendar date in the Netherlands. */
export function vandaag(now: Date): DatumDelen {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { jaar: get('year'), maand: get('month'), dag: get('day') };
}

/** Compares two full dates: negative when a is before b. */
export function compareDelen(a: DatumDelen, b: DatumDelen): number {
  return (a.jaar - b.jaar) * 10_000 + (a.maand - b.maand) * 100 + (a.dag - b.dag);
}

/**
 * Age in whole years on `now`. With an unknown day the age is only known outside the birth month;
 * with only a year (or nothing) known there is no age.
 */
export function berekenLeeftijd(geboortedatum: string | undefined, now: Date): number | undefined {
  const g = parseStoredDate(geboortedatum);
  if (!g || g.jaar === 0 || g.maand === 0 || g.maand > 12) return undefined;
  const t = vandaag(now);
  let leeftijd = t.jaar - g.jaar;
  if (g.dag === 0) {
    if (t.maand === g.maand) return undefined;
    if (t.maand < g.maand) leeftijd -= 1;
  } else if (t.maand < g.maand || (t.maand === g.maand && t.dag < g.dag)) {
    leeftijd -= 1;
  }
  // The spec bounds leeftijd to 0..150; outside that the value says nothing useful.
  return leeftijd >= 0 && leeftijd <= 150 ? leeftijd : undefined;
}
