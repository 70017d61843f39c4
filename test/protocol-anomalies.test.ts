// Misuse signals on a synthetic history (test/support/misuse-history.ts): four weeks of ordinary work
// by five employees, then one day on which four of them each show one misuse pattern and the fifth
// works as usual. Each pattern is flagged with its kind, and the ordinary work — theirs before, and
// the fifth's — is not.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MISUSE_THRESHOLDS, loadPolicy } from '../rules/policy.ts';
import { invoke } from '../src/base/storage/cli-support.ts';
import { findMisuseSignals, type MisuseSignal } from '../src/engine/protocol/anomalies.ts';
import { main as anomaliesMain } from '../src/engine/protocol/cli/anomalies.ts';
import { createProtocolLog, type ProtocolLog } from '../src/engine/protocol/protocol-log.ts';
import { backends, type TestStore } from './support/store.ts';
import { DAY_AFTER_EXAMINED, EXAMINED, EXPECTED_SIGNALS, writeMisuseHistory } from './support/misuse-history.ts';

let t: TestStore;
let log: ProtocolLog;
let signals: MisuseSignal[];

beforeAll(async () => {
  t = await backends.pglite.open();
  log = await createProtocolLog(t.store, { instanceId: 'anomalies-test' });
  await writeMisuseHistory(log);
  signals = await findMisuseSignals(t.store, { from: EXAMINED, to: DAY_AFTER_EXAMINED, thresholds: loadPolicy('rules/policy.yaml').misuseSignals });
});
afterAll(async () => {
  await log?.close();
  await t?.close();
});

describe('misuse signals', () => {
  it('flags each pattern with its kind, once, and nothing else', () => {
    expect(signals.map((s) => [s.kind, s.employee, s.day, s.count])).toEqual(EXPECTED_SIGNALS);
    expect(signals.find((s) => s.kind === 'volume')?.detail).toMatch(/^70 persons looked up, usually 1[01] a day$/);
  });

  it('does not flag the ordinary history itself', async () => {
    const lastWeek = new Date(EXAMINED.getTime() - 7 * 86_400_000);
    expect(await findMisuseSignals(t.store, { from: lastWeek, to: new Date(lastWeek.getTime() + 5 * 86_400_000), thresholds: DEFAULT_MISUSE_THRESHOLDS })).toEqual([]);
  });

  it('follows the policy\'s thresholds: a lower bar flags the busy-but-ordinary day too', async () => {
    const loose = { ...DEFAULT_MISUSE_THRESHOLDS, volumeFactor: 1.5, minimumPersons: 5 };
    const flagged = await findMisuseSignals(t.store, { from: EXAMINED, to: DAY_AFTER_EXAMINED, thresholds: loose });
    expect(flagged.filter((s) => s.kind === 'volume').map((s) => s.employee)).toEqual(['medewerker-veel']);
    const stricter = { ...DEFAULT_MISUSE_THRESHOLDS, volumeFactor: 1.05, minimumPersons: 5 };
    const all = await findMisuseSignals(t.store, { from: EXAMINED, to: DAY_AFTER_EXAMINED, thresholds: stricter });
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
