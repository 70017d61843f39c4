// A synthetic protocol history for the misuse signals: four weeks of ordinary work by five
// employees, then one day (EXAMINED) on which four of them each show one misuse pattern — many
// persons, an unusual purpose, a secret person, a lookup at night — and the fifth works as usual.
// Used by the signals' own test and by the privacy officer's GraphQL view.
import type { ProtocolLog } from '../../src/engine/protocol/protocol-log.ts';
import { sampleRequest } from './store.ts';

/** Monday 30 November 2026, the day examined; times are UTC (Amsterdam is UTC+1 in winter). */
export const EXAMINED = new Date('2026-11-30T00:00:00Z');
export const DAY_AFTER_EXAMINED = new Date(EXAMINED.getTime() + 86_400_000);

export const MISUSE_EMPLOYEES = ['medewerker-gewoon', 'medewerker-veel', 'medewerker-ander-doel', 'medewerker-geheim', 'medewerker-nacht'];

/** What the history's examined day must give: [kind, employee, day, count], in the signals' order. */
export const EXPECTED_SIGNALS = [
  ['purpose', 'medewerker-ander-doel', '2026-11-30', 3],
  ['secret-person', 'medewerker-geheim', '2026-11-30', 1],
  ['off-hours', 'medewerker-nacht', '2026-11-30', 6],
  ['volume', 'medewerker-veel', '2026-11-30', 70],
] as const;

const at = (day: Date, hhmmUtc: string) => new Date(`${day.toISOString().slice(0, 10)}T${hhmmUtc}:00Z`);
/** Synthetic subject ids (not BSNs of anyone: no elfproef), distinct per employee and day. */
const persons = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => String(100_000_000 + offset + i));

export async function writeMisuseHistory(log: ProtocolLog): Promise<void> {
  const lookups = async (employee: string, time: Date, subjects: string[], options: { purpose?: string; status?: 'withheld'; reason?: string } = {}) => {
    const r = sampleRequest({ time, subjects, purpose: options.purpose ?? 'wmo-aanvraag', status: options.status, reason: options.reason, principal: { kind: 'user', subject: employee, clientId: 'procesapp' } });
    await log.record(r.access, r.processing);
  };
  // Four weeks of working days, 09:00–15:00 local, about ten persons a day each under their usual purpose.
  for (let d = 28; d >= 1; d--) {
    const day = new Date(EXAMINED.getTime() - d * 86_400_000);
    if ([0, 6].includes(day.getUTCDay())) continue;
    for (const [i, employee] of MISUSE_EMPLOYEES.entries()) await lookups(employee, at(day, `${String(8 + (d % 3)).padStart(2, '0')}:15`), persons(9 + (d % 3), i * 1000 + d * 20));
  }
  // The day examined.
  await lookups('medewerker-gewoon', at(EXAMINED, '09:30'), persons(12, 50_000));
  await lookups('medewerker-veel', at(EXAMINED, '10:00'), persons(70, 60_000));
  await lookups('medewerker-ander-doel', at(EXAMINED, '11:00'), persons(3, 70_000), { purpose: 'parkeervergunning' });
  await lookups('medewerker-geheim', at(EXAMINED, '12:00'), persons(1, 80_000), { status: 'withheld', reason: 'SECRET_PERSON' });
  await lookups('medewerker-nacht', at(EXAMINED, '01:30'), persons(6, 90_000));
}
