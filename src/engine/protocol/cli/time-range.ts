// --from and --to of the protocol CLIs: a date (UTC; as the end of a range it includes that
// whole day) or an ISO-8601 instant.
import { UsageError } from '../../../base/storage/cli-support.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseTime(flag: string, value: string, endOfDay: boolean): Date {
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(`--${flag} must be a date (YYYY-MM-DD) or an ISO-8601 time, got "${value}"`);
  }
  // A date given as the end of a range means "up to and including that day".
  if (endOfDay && DATE_ONLY.test(value)) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
