// npm run protocol:query -- --bsn 999993653 [--from 2026-01-01] [--to 2026-01-31] [--json]
// npm run protocol:query -- --eck-id https://ketenid.nl/201703/… [...]
// For privacy officers: every disclosure of one person's data, with who, why and which fields.
// --from and --to take a date (UTC; --to includes that whole day) or an ISO-8601 instant.
// The output is personal data: it goes to this terminal only, never to an application log.
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { UsageError, runCli, storeLocationFromEnv, type CliIo, type CliMain } from '../../../base/storage/cli-support.ts';
import { queryBySubject, type SubjectDisclosure, type SubjectQuery } from '../query.ts';
import { subjectKeysFromEnv } from './env.ts';
import { parseTime } from './time-range.ts';

const USAGE =
  'usage: npm run protocol:query -- (--bsn <9 digits> | --eck-id <id>) [--from <date>] [--to <date>] [--json]';

function who(d: SubjectDisclosure): string {
  if (!d.who) return d.accessRecordFound ? '(unknown)' : '(access record pruned)';
  const parts: string[] = [d.who.kind];
  if (d.who.subject) parts.push(d.who.subject);
  if (d.who.clientId) parts.push(`client ${d.who.clientId}`);
  if (d.who.actor) parts.push(`actor ${d.who.actor}`);
  if (d.who.oin) parts.push(`OIN ${d.who.oin}`);
  return parts.join(', ');
}

function printText(rows: SubjectDisclosure[], query: SubjectQuery, io: CliIo): void {
  const out = io.out;
  for (const d of rows) {
    out(`${d.time.toISOString()}  ${d.status}${d.reason ? ` (${d.reason})` : ''}  ${d.subjectType} ${d.subjectId}`);
    out(`  who:      ${who(d)}`);
    out(`  purpose:  ${d.purpose ?? '-'}  (processing activity ${d.processingActivity})`);
    if (d.taskDescription) out(`  task:     ${d.taskDescription}`);
    out(`  fields:   ${d.fields.length ? d.fields.join(', ') : '-'}`);
    out(`  trace:    ${d.traceId}  operation ${d.operationId}${d.operationName ? ` (${d.operationName})` : ''}`);
  }
  const range = `${query.from ? ` from ${query.from.toISOString()}` : ''}${query.to ? ` until ${query.to.toISOString()}` : ''}`;
  out(`${rows.length} record${rows.length === 1 ? '' : 's'} for ${query.subjectType} ${query.subjectId}${range}`);
}

export const main: CliMain = async (argv, env, io) => {
  let values: { bsn?: string; 'eck-id'?: string; from?: string; to?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        bsn: { type: 'string' },
        'eck-id': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if ((values.bsn === undefined) === (values['eck-id'] === undefined)) {
    throw new UsageError(`give exactly one of --bsn and --eck-id\n${USAGE}`);
  }
  if (values.bsn !== undefined && !/^\d{9}$/.test(values.bsn)) throw new UsageError('--bsn must be 9 digits');
  const query: SubjectQuery = values.bsn
    ? { subjectType: 'BSN', subjectId: values.bsn }
    : { subjectType: 'ECK_ID', subjectId: values['eck-id'] ?? '' };
  if (!query.subjectId) throw new UsageError('--eck-id must not be empty');
  if (values.from) query.from = parseTime('from', values.from, false);
  if (values.to) query.to = parseTime('to', values.to, true);

  const location = storeLocationFromEnv(env);
  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  try {
    const rows = await queryBySubject(store, { ...query, keyring: subjectKeysFromEnv(env) });
    if (values.json) io.out(JSON.stringify(rows, null, 2));
    else printText(rows, query, io);
    return 0;
  } finally {
    await store.close();
  }
};

export const HELP = `${USAGE}

The disclosures to one data subject (AVG art. 15): which processing activity saw which fields, when,
for whom. Read-only. Exit codes: 0 done, 2 usage or configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
