// The export's configuration from the environment (variables.ts), and the exporter built from it — for
// npm run protocol:export and the facade's background exporter alike. Every problem is a ConfigError
// naming its variable; no file is written and no connection made here.
import { hostname } from 'node:os';
import { ConfigError, fileContents } from '../../../base/config/env.ts';
import { readVariables, type Mode } from '../../../base/config/variables.ts';
import type { Queryable } from '../../../base/storage/store.ts';
import { PROTOCOL_VARIABLES } from '../variables.ts';
import { createExporter, type ExportEvent, type Exporter } from './exporter.ts';
import { personalData, type ExportField, type PersonalData } from './fields.ts';
import { fileSink, type FileSinkOptions } from './file-sink.ts';
import type { ExportSink } from './sink.ts';
import { syslogSink, type SyslogSinkOptions } from './syslog-sink.ts';
import { EXPORT_VARIABLES } from './variables.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ExportConfig {
  file?: FileSinkOptions;
  syslog?: Omit<SyslogSinkOptions, 'signal'>;
  fields: ReadonlySet<ExportField>;
  personal: PersonalData;
  intervalMs: number;
  batchSize: number;
  maxRate: number;
  inFacade: boolean;
}

const modeOf = (env: Env): Mode => (env.NODE_ENV === 'production' ? 'production' : 'development');

/** The export as configured; undefined when no sink is (neither PROTOCOL_EXPORT_FILE nor PROTOCOL_EXPORT_SYSLOG). */
export function exportConfigFromEnv(env: Env, mode: Mode = modeOf(env)): ExportConfig | undefined {
  const v = readVariables(EXPORT_VARIABLES, env, mode);
  const syslogOnly = ['PROTOCOL_EXPORT_SYSLOG_CA_FILE', 'PROTOCOL_EXPORT_SYSLOG_CERT_FILE', 'PROTOCOL_EXPORT_SYSLOG_KEY_FILE'] as const;
  if (!v.PROTOCOL_EXPORT_SYSLOG?.startsWith('tls:')) {
    for (const name of syslogOnly) if (v[name]) throw new ConfigError(name, 'is for a TLS receiver: set PROTOCOL_EXPORT_SYSLOG=tls://host:port');
  }
  if (Boolean(v.PROTOCOL_EXPORT_SYSLOG_CERT_FILE) !== Boolean(v.PROTOCOL_EXPORT_SYSLOG_KEY_FILE)) {
    throw new ConfigError(v.PROTOCOL_EXPORT_SYSLOG_CERT_FILE ? 'PROTOCOL_EXPORT_SYSLOG_KEY_FILE' : 'PROTOCOL_EXPORT_SYSLOG_CERT_FILE', 'a client certificate needs its key, and a key its certificate');
  }
  const syslog = v.PROTOCOL_EXPORT_SYSLOG
    ? {
        url: v.PROTOCOL_EXPORT_SYSLOG,
        ca: fileContents(env, 'PROTOCOL_EXPORT_SYSLOG_CA_FILE'),
        cert: fileContents(env, 'PROTOCOL_EXPORT_SYSLOG_CERT_FILE'),
        key: fileContents(env, 'PROTOCOL_EXPORT_SYSLOG_KEY_FILE'),
        facility: v.PROTOCOL_EXPORT_SYSLOG_FACILITY!,
      }
    : undefined;
  const file = v.PROTOCOL_EXPORT_FILE ? { file: v.PROTOCOL_EXPORT_FILE, maxBytes: v.PROTOCOL_EXPORT_FILE_MAX_BYTES!, keep: v.PROTOCOL_EXPORT_FILE_KEEP! } : undefined;
  if (!file && !syslog) return undefined;
  // Read only when exporting: the keys derive the pseudonyms, and open the subjects when subject.id is chosen.
  const keysText = readVariables({ PROTOCOL_SUBJECT_KEYS: PROTOCOL_VARIABLES.PROTOCOL_SUBJECT_KEYS }, env, mode).PROTOCOL_SUBJECT_KEYS;
  const fields = v.PROTOCOL_EXPORT_FIELDS!;
  const personal = personalData(fields, keysText);
  return {
    file,
    syslog,
    fields,
    personal,
    intervalMs: v.PROTOCOL_EXPORT_INTERVAL_SECONDS! * 1000,
    batchSize: v.PROTOCOL_EXPORT_BATCH_SIZE!,
    maxRate: v.PROTOCOL_EXPORT_MAX_RATE!,
    inFacade: v.PROTOCOL_EXPORT_IN_FACADE!,
  };
}

export interface ExportRun {
  exporter: Exporter;
  sinks: readonly ExportSink[];
  config: ExportConfig;
}

/** The exporter of a configuration, its sinks made (nothing opened until the first batch). */
export function exporterFor(config: ExportConfig, db: Queryable, options: { owner: string; onEvent?: (event: ExportEvent) => void; signal?: AbortSignal }): ExportRun {
  const sinks: ExportSink[] = [];
  if (config.file) sinks.push(fileSink(config.file));
  if (config.syslog) sinks.push(syslogSink({ ...config.syslog, signal: options.signal }));
  const exporter = createExporter({
    db,
    sinks,
    personal: config.personal,
    owner: options.owner,
    batchSize: config.batchSize,
    maxRate: config.maxRate,
    // Renewed at least every round: long enough for a slow round, short enough to take over a dead exporter's chains.
    leaseMs: Math.max(60_000, 3 * config.intervalMs),
    onEvent: options.onEvent,
  });
  return { exporter, sinks, config };
}

/** Lease holder of the CLI: one per host, so an export restarted there resumes at once. */
export function cliOwner(): string {
  return `protocol-export@${hostname()}`.slice(0, 200);
}
