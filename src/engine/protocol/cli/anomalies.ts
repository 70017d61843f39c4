// npm run protocol:anomalies -- [--from 2026-12-01] [--to 2026-12-01] [--json]
// The privacy officer's misuse signals over the days examined (default: yesterday and today),
// with the thresholds of the policy's `misuseSignals`. Names employees, never persons.
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { ConfigError, UsageError, runCli, storeLocationFromEnv, type CliMain } from '../../../base/storage/cli-support.ts';
import { loadPolicy, PolicyError } from '../../../../rules/policy.ts';
import { findMisuseSignals } from '../anomalies.ts';
import { parseTime } from './time-range.ts';

const USAGE = 'usage: npm run protocol:anomalies -- [--from <date>] [--to <date>] [--json] [--policy <file>]';

export const main: CliMain = async (argv, env, io) => {
  let values: { from?: string; to?: string; json?: boolean; policy?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, policy: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  let policy;
  try {
    policy = loadPolicy(values.policy ?? (env.POLICY_FILE?.trim() || 'rules/policy.yaml'));
  } catch (err) {
    if (err instanceof PolicyError) throw new ConfigError('POLICY_FILE', err.problems.join('; '));
    throw err;
  }
  const today = new Date(new Date().toISOString().slice(0, 10));
  const from = values.from ? parseTime('from', values.from, false) : new Date(today.getTime() - 86_400_000);
  const to = values.to ? parseTime('to', values.to, true) : new Date(today.getTime() + 86_400_000);
  const location = storeLocationFromEnv(env);
  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  try {
    const signals = await findMisuseSignals(store, { from, to, thresholds: policy.misuseSignals });
    if (values.json) io.out(JSON.stringify(signals, null, 2));
    else {
      for (const s of signals) io.out(`${s.day}  ${s.kind.padEnd(13)}  ${s.employee}  ${s.detail}`);
      io.out(`${signals.length} signal${signals.length === 1 ? '' : 's'} from ${from.toISOString()} until ${to.toISOString()}`);
    }
    return 0;
  } finally {
    await store.close();
  }
};

export const HELP = `${USAGE}

Misuse signals per employee over the days examined (default yesterday and today, UTC dates): persons looked
up on a day against their usual number, lookups under a purpose they did not use before, lookups of persons
with a secrecy, lookups outside office hours — thresholds from the policy's misuseSignals. Read-only.
Exit codes: 0 done, 2 usage or configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
