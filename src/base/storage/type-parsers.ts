// One set of result parsers for both backends, so a row read from PGlite and the same row read
// from PostgreSQL are the same JavaScript value. That matters beyond convenience: the protocol
// verifier recomputes hashes from rows, and a `bigint` on one backend and a `string` on the other
// would be two different canonical serialisations.
//
// Only the types whose defaults differ are overridden:
// - int8: pg returns a string, PGlite a number. We return a number and refuse values beyond 2^53
//   rather than silently rounding them (sequence numbers and counts never get there).
// - numeric: kept as a string on both (exact decimals).
// - date and timestamp without time zone: kept as the server's text. pg would read them as local
//   time and PGlite as UTC, which would disagree by the host's offset. Use timestamptz for instants.
// timestamptz (Date), text[] (string[]), jsonb (parsed), uuid (string) already agree.

export const OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  TIMESTAMP: 1114,
} as const;

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`int8 value ${value} is outside the safe integer range`);
  }
  return n;
}

const asText = (value: string): string => value;

/** Parsers by type oid, applied by both backends. */
export const sharedParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: asText,
  [OID.DATE]: asText,
  [OID.TIMESTAMP]: asText,
};
