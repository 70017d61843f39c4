// Misuse signals for the privacy officer, from the protocol itself: per employee
// (the principal of user and delegated requests), on the days examined,
//   volume          distinct persons looked up on a day, against the employee's usual daily number
//   purpose         lookups under a purpose the employee did not use in the baseline period
//   secret-person   attempts on persons with a secrecy (the facade withheld them: SECRET_PERSON)
//   off-hours       lookups outside office hours (Europe/Amsterdam)
// Thresholds come from the policy (`misuseSignals`). A signal is a reason to look, not a verdict:
// it names the employee, the day and the figures, never the persons (those are in protocol:query).
import type { Store } from '../../base/storage/store.ts';
import type { MisuseThresholds } from '../../../rules/policy.ts';

export type SignalKind = 'volume' | 'purpose' | 'secret-person' | 'off-hours';

export interface MisuseSignal {
  kind: SignalKind;
  employee: string;
  /** Day in Europe/Amsterdam, YYYY-MM-DD. */
  day: string;
  /** What was seen, e.g. 84 persons against a usual 10; the purpose; the number of lookups. */
  detail: string;
  count: number;
}

interface Row {
  principal_subject: string;
  purpose: string | null;
  occurred_at: Date;
  subject_id: string;
  status: 'disclosed' | 'withheld';
  reason: string | null;
}

const ZONE = 'Europe/Amsterdam';
const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const clockOf = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' });
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function inOfficeHours(time: Date, hours: MisuseThresholds['officeHours']): boolean {
  const parts = Object.fromEntries(clockOf.formatToParts(time).map((p) => [p.type, p.value]));
  const clock = `${parts.hour}:${parts.minute}`;
  return hours.weekdays.includes(WEEKDAY[parts.weekday] ?? 0) && clock >= hours.from && clock < hours.to;
}

const median = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export interface AnomalyQuery {
  /** The days examined: from (inclusive) to (exclusive). */
  from: Date;
  to: Date;
  thresholds: MisuseThresholds;
}

export async function findMisuseSignals(store: Store, query: AnomalyQuery): Promise<MisuseSignal[]> {
  const { thresholds } = query;
  const baselineStart = new Date(query.from.getTime() - thresholds.baselineDays * 86_400_000);
  // Employees only: a machine client has no usual day, and its volume is the quota's business.
  const { rows } = await store.query<Row>(
    `SELECT a.principal_subject, a.purpose, p.occurred_at, p.subject_id, p.status, p.reason
       FROM protocol_processing p JOIN protocol_access a ON a.operation_id = p.operation_id
      WHERE a.principal_kind IN ('user', 'delegated') AND a.principal_subject IS NOT NULL
        AND p.occurred_at >= $1::timestamptz AND p.occurred_at < $2::timestamptz`,
    [baselineStart.toISOString(), query.to.toISOString()],
  );
  const examined = (r: Row) => r.occurred_at >= query.from;
  const byEmployee = new Map<string, Row[]>();
  for (const r of rows) byEmployee.set(r.principal_subject, [...(byEmployee.get(r.principal_subject) ?? []), r]);

  const signals: MisuseSignal[] = [];
  for (const [employee, all] of [...byEmployee].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = all.filter((r) => !examined(r));
    const current = all.filter(examined);
    if (current.length === 0) continue;

    // Volume: distinct persons per day; the usual number is the median of the baseline's working days.
    const personsPerDay = (list: Row[]) => {
      const days = new Map<string, Set<string>>();
      for (const r of list) if (r.status === 'disclosed') days.set(dayOf.format(r.occurred_at), (days.get(dayOf.format(r.occurred_at)) ?? new Set()).add(r.subject_id));
      return days;
    };
    const usual = median([...personsPerDay(baseline).values()].map((s) => s.size));
    for (const [day, persons] of personsPerDay(current)) {
      if (persons.size >= thresholds.minimumPersons && persons.size > thresholds.volumeFactor * usual) {
        signals.push({ kind: 'volume', employee, day, count: persons.size, detail: `${persons.size} persons looked up, usually ${usual} a day` });
      }
    }

    // Purpose: one the employee did not use in the baseline (with a baseline at all: a new employee has none).
    if (baseline.length > 0) {
      const usualPurposes = new Set(baseline.map((r) => r.purpose));
      const unusual = new Map<string, Row[]>();
      for (const r of current) if (!usualPurposes.has(r.purpose)) unusual.set(`${dayOf.format(r.occurred_at)}|${r.purpose ?? '-'}`, [...(unusual.get(`${dayOf.format(r.occurred_at)}|${r.purpose ?? '-'}`) ?? []), r]);
      for (const [key, list] of unusual) {
        const [day, purpose] = key.split('|');
        signals.push({ kind: 'purpose', employee, day, count: new Set(list.map((r) => r.subject_id)).size, detail: `lookups under purpose ${purpose}, not used in the ${thresholds.baselineDays} days before` });
      }
    }

    // Secret persons: the facade withheld them, so this is an attempt, whatever the reason given.
    const secret = new Map<string, number>();
    for (const r of current) if (r.status === 'withheld' && r.reason === 'SECRET_PERSON') secret.set(dayOf.format(r.occurred_at), (secret.get(dayOf.format(r.occurred_at)) ?? 0) + 1);
    for (const [day, count] of secret) signals.push({ kind: 'secret-person', employee, day, count, detail: `${count} lookup${count === 1 ? '' : 's'} of a person with a secrecy` });

    // Off hours: disclosures outside office hours.
    const night = new Map<string, number>();
    for (const r of current) if (r.status === 'disclosed' && !inOfficeHours(r.occurred_at, thresholds.officeHours)) night.set(dayOf.format(r.occurred_at), (night.get(dayOf.format(r.occurred_at)) ?? 0) + 1);
    for (const [day, count] of night) signals.push({ kind: 'off-hours', employee, day, count, detail: `${count} person${count === 1 ? '' : 's'} disclosed outside office hours (${thresholds.officeHours.from}–${thresholds.officeHours.to})` });
  }
  return signals;
}
