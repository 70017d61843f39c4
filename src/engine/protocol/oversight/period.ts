// The period of a question to the privacy officer's view: `from` inclusive, `to` exclusive, each a date
// (midnight UTC) or an ISO-8601 time, bounded in length. Returns the problem in the caller's terms, for
// the resolver to name the argument.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type PeriodProblem = { argument: 'from' | 'to'; message: string };

function parseInstant(value: string): Date | undefined {
  if (!DATE_ONLY.test(value) && !ISO_TIME.test(value)) return undefined;
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function parsePeriod(from: string, to: string, maxDays: number): { from: Date; to: Date } | PeriodProblem {
  const start = parseInstant(from);
  if (!start) return { argument: 'from', message: 'from must be a date (YYYY-MM-DD) or an ISO-8601 time with its offset' };
  const end = parseInstant(to);
  if (!end) return { argument: 'to', message: 'to must be a date (YYYY-MM-DD) or an ISO-8601 time with its offset' };
  if (end <= start) return { argument: 'to', message: 'to must be after from' };
  if (end.getTime() - start.getTime() > maxDays * 86_400_000) return { argument: 'to', message: `the period may span at most ${maxDays} days` };
  return { from: start, to: end };
}
