// Misuse signals on a synthetic history: four weeks of ordinary work by five employees, then one
// day on which four of them each show one misuse pattern and the fifth works as usual. Each
// pattern is flagged with its kind, and the ordinary work — theirs before, and the fifth's — is not.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MISUSE_THRESHOLDS, loadPolicy } from '../rules/policy.ts';
import { invoke } from '../src/base/storage/cli-support.ts';
import { findMisuseSignals, type MisuseSignal } from '../src/engine/protocol/anomalies.ts';
import { main as anomaliesMain } from '../src/engine/protocol/cli/anomalies.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { backends, sampleRequest, type TestStore } from './support/store.ts';

/** Monday 30 November 2026, the day examined; times are UTC (Amsterdam is UTC+1 in winter). */
const EXAMINED = new Date('2026-11-30T00:00:00Z');
const at = (day: Date, hhmmUtc: string) => new Date(`${day.toISOString().slice(0, 10)}T${hhmmUtc}:00Z`);
const persons = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => String(100_000_000 + offset + i));

let t: TestStore;
let log: ProtocolLog;
let signals: MisuseSignal[];

async function lookups(employee: string, time: Date, subjects: string[], options: { purpose?: string; status?: 'withheld'; reason?: string } = {}) {
  const r = sampleRequest({ time, subjects, purpose: options.purpose ?? 'wmo-aanvraag', status: options.status, reason: options.reason, principal: { kind: 'user', subject: employee, clientId: 'procesapp' } });
  await log.record(r.access, r.processing);
}

const EMPLOYEES = ['medewerker-gewoon', 'medewerker-veel', 'medewerker-ander-doel', 'medewerker-geheim', 'medewerker-nacht'];

beforeAll(async () => {
  t = await backends.pglite.open();
  log = await createProtocolLog(t.store, { instanceId: 'anomalies-test' });
  // Four weeks of working days, 09:00–15:00 local, about ten persons a day each under their usual purpose.
  for (let d = 28; d >= 1; d--) {
    const day = new Date(EXAMINED.getTime() - d * 86_400_000);
    if ([0, 6].includes(day.getUTCDay())) continue;
    for (const [i, employee] of EMPLOYEES.entries()) await lookups(employee, at(day, `${String(8 + (d % 3)).padStart(2, '0')}:15`), persons(9 + (d % 3), i * 1000 + d * 20));
  }
  // The day examined.
  await lookups('medewerker-gewoon', at(EXAMINED, '09:30'), persons(12, 50_000));
  await lookups('medewerker-veel', at(EXAMINED, '10:00'), persons(70, 60_000));
  await lookups('medewerker-ander-doel', at(EXAMINED, '11:00'), persons(3, 70_000), { purpose: 'parkeervergunning' });
  await lookups('medewerker-geheim', at(EXAMINED, '12:00'), persons(1, 80_000), { status: 'withheld', reason: 'SECRET_PERSON' });
  await lookups('medewerker-nacht', at(EXAMINED, '01:30'), persons(6, 90_000));
  signals = await findMisuseSignals(t.store, { from: EXAMINED, to: new Date(EXAMINED.getTime() + 86_400_000), thresholds: loadPolicy('rules/policy.yaml').misuseSignals });
});
afterAll(async () => {
  await log?.close();
  await t?.close();
});

describe('misuse signals', () => {
  it('flags each pattern with its kind, once, and nothing else', () => {
    expect(signals.map((s) => [s.kind, s.employee, s.day, s.count])).toEqual([
      ['purpose', 'medewerker-ander-doel', '2026-11-30', 3],
      ['secret-person', 'medewerker-geheim', '2026-11-30', 1],
      ['off-hours', 'medewerker-nacht', '2026-11-30', 6],
      ['volume', 'medewerker-veel', '2026-11-30', 70],
    ]);
    expect(signals.find((s) => s.kind === 'volume')?.detail).toMatch(/^70 persons looked up, usually 1[01] a day$/);
  });

  it('does not flag the ordinary history itself', async () => {
    const lastWeek = new Date(EXAMINED.getTime() - 7 * 86_400_000);
    expect(await findMisuseSignals(t.store, { from: lastWeek, to: new Date(lastWeek.getTime() + 5 * 86_400_000), thresholds: DEFAULT_MISUSE_THRESHOLDS })).toEqual([]);
  });

  it('follows the policy\'s thresholds: a lower bar flags the busy-but-ordinary day too', async () => {
    const loose = { ...DEFAULT_MISUSE_THRESHOLDS, volumeFactor: 1.5, minimumPersons: 5 };
    const flagged = await findMisuseSignals(t.store, { from: EXAMINED, to: new Date(EXAMINED.getTime() + 86_400_000), thresholds: loose });
    expect(flagged.filter((s) => s.kind === 'volume').map((s) => s.employee)).toEqual(['medewerker-veel']);
    const stricter = { ...DEFAULT_MISUSE_THRESHOLDS, volumeFactor: 1.05, minimumPersons: 5 };
    const all = await findMisuseSignals(t.store, { from: EXAMINED, to: new Date(EXAMINED.getTime() + 86_400_000), thresholds: stricter });
    expect(all.filter((s) => s.kind === 'volume').map((s) => s.employee).sort()).toEqual(['medewerker-gewoon', 'medewerker-veel']);
  });

  it('names no person, in the signals or the command\'s output', async () => {
    const out: string[] = [];
    await log.close();
    await t.store.close();
    // The command reads DATA_DIR/db, as the facade writes it.
    const root = mkdtempSync(path.join(tmpdir(), 'facade-anomalies-'));
    cpSync(t.dataDir!, path.join(root, 'db'), { recursive: true });
    const code = await invoke(anomaliesMain, ['--from', '2026-11-30', '--to', '2026-11-30'], { DATA_DIR: root }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code, out.join('\n')).toBe(0);
    expect(out.at(-1)).toMatch(/^4 signals from 2026-11-30/);
    expect(JSON.stringify(signals) + out.join('\n')).not.toMatch(/\d{9}/);
    rmSync(root, { recursive: true, force: true });
  });
});
