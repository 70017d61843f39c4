// npm run protocol:export — streams both protocol logs as ECS JSON lines to the configured sinks
// (PROTOCOL_EXPORT_FILE, PROTOCOL_EXPORT_SYSLOG), at least once, from each sink's cursor in the database.
// With --once: until every chain is caught up, then exits; without: keeps looking every
// PROTOCOL_EXPORT_INTERVAL_SECONDS until SIGTERM / SIGINT, then a last round and a clean stop.
// Exit 0 exported (and nothing missing), 1 records missing that no checkpoint covers, 2 configuration,
// 3 a sink or the database failed.
import { parseArgs } from 'node:util';
import { ConfigError } from '../../../base/config/env.ts';
import { openStore } from '../../../base/storage/open-store.ts';
import { UsageError, runCli, storeLocationFromEnv, type CliIo, type CliMain } from '../../../base/storage/cli-support.ts';
import { cliOwner, exportConfigFromEnv, exporterFor } from '../export/config.ts';
import type { ExportEvent, ExportRound } from '../export/exporter.ts';

const USAGE = 'usage: npm run protocol:export [-- --once] [--json]';

function printRound(round: ExportRound, io: CliIo): void {
  for (const sink of round.sinks) {
    io.out(`${sink.description}: ${sink.exported} records`);
    for (const c of sink.chains) io.out(`  ${c.chainId}  seq ${c.fromSeq}..${c.toSeq} (${c.exported} records)`);
    for (const g of sink.gaps) {
      io.out(`  ${g.covered ? 'pruned ' : 'MISSING'} ${g.chainId}  seq ${g.firstSeq}..${g.lastSeq}${g.covered ? ' (a retention checkpoint covers them)' : ' — no checkpoint covers them: run protocol:verify'}`);
    }
    for (const chain of sink.leasedElsewhere) io.out(`  skipped ${chain}: another exporter holds its lease`);
    if (sink.error) io.out(`  FAILED: ${sink.error} (the cursor stays at the last confirmed batch)`);
  }
}

function eventLine(event: ExportEvent): string | undefined {
  if (event.type === 'error') return `${event.sink}: ${event.message}; trying again next round`;
  if (event.type === 'gap' && !event.gap.covered) return `${event.sink}: ${event.gap.chainId} seq ${event.gap.firstSeq}..${event.gap.lastSeq} MISSING (no checkpoint covers them)`;
  if (event.type === 'lease-lost') return `${event.sink}: ${event.chainId} taken over by another exporter`;
  return undefined;
}

export const main: CliMain = async (argv, env, io) => {
  let once = false;
  let json = false;
  try {
    const { values } = parseArgs({ args: argv, options: { once: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
    once = values.once === true;
    json = values.json === true;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const config = exportConfigFromEnv(env);
  if (!config) throw new ConfigError('PROTOCOL_EXPORT_FILE', 'no sink configured: set PROTOCOL_EXPORT_FILE and/or PROTOCOL_EXPORT_SYSLOG');
  const location = storeLocationFromEnv(env);
  // Migrated: the cursor table (011) may be new to this database.
  const store = await openStore({ ...location.options, workload: 'batch' });
  try {
    const run = exporterFor(config, store, {
      owner: cliOwner(),
      onEvent: (event) => {
        const line = eventLine(event);
        if (line && !once) io.err(line);
      },
    });
    let round: ExportRound | undefined;
    if (once) {
      round = await run.exporter.runOnce();
      await run.exporter.close();
    } else {
      if (!json) io.out(`protocol export: ${location.description} → ${run.sinks.map((s) => s.description).join(', ')} (every ${config.intervalMs / 1000} s; SIGTERM stops)`);
      run.exporter.start(config.intervalMs);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      round = await run.exporter.stop();
    }
    if (!round) return 0;
    if (json) io.out(JSON.stringify(round, null, 2));
    else printRound(round, io);
    if (round.sinks.some((s) => s.error)) return 3;
    return round.ok ? 0 : 1;
  } finally {
    await store.close();
  }
};

export const HELP = `${USAGE}

Sends both protocol logs (access and processing) as ECS JSON documents to the sinks configured with
PROTOCOL_EXPORT_FILE (a rotating JSON-lines file for Filebeat / Fluent Bit) and PROTOCOL_EXPORT_SYSLOG
(RFC 5424 over TCP or TLS), at least once: each sink resumes after its cursor in the database, and a SIEM
deduplicates on event.id (<chain>:<seq>). Personal data only as PROTOCOL_EXPORT_FIELDS chooses
(default: pseudonyms). --once exports until caught up and exits; without it, it keeps exporting every
PROTOCOL_EXPORT_INTERVAL_SECONDS until SIGTERM. --json prints the last round as JSON.
Exit codes: 0 exported, 1 records missing that no checkpoint covers, 2 configuration, 3 a sink or the database failed.`;

runCli(import.meta.url, main, HELP);
