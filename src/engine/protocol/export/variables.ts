// The SIEM export of the protocol log (npm run protocol:export, and the facade's background exporter),
// declared once (read by config.ts). The export is on when a sink is named: PROTOCOL_EXPORT_FILE and/or
// PROTOCOL_EXPORT_SYSLOG. The cursor lives in the database (protocol_export_cursor, migration 011).
import { z } from 'zod';
import { defineVariables, flag, text, wholeNumber } from '../../../base/config/variables.ts';
import { DEFAULT_EXPORT_FIELDS, parseExportFields } from './fields.ts';

/** `tcp://host:port` or `tls://host:port`; an IPv6 host in brackets. */
const syslogUrl = () =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'tcp:' || u.protocol === 'tls:') && u.hostname !== '' && u.port !== '' && (u.pathname === '' || u.pathname === '/') && !u.search && !u.username;
    } catch {
      return false;
    }
  }, 'must be tcp://host:port or tls://host:port');

const exportFields = () =>
  z.string().transform((v, ctx) => {
    const parsed = parseExportFields(v);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

export const EXPORT_VARIABLES = defineVariables({
  PROTOCOL_EXPORT_FILE: { description: 'export the protocol log as ECS JSON lines to this file (rotated beside it as <file>.1, <file>.2, …), for Filebeat or Fluent Bit', schema: text() },
  PROTOCOL_EXPORT_FILE_MAX_BYTES: { description: 'rotate the export file before it grows beyond this many bytes', schema: wholeNumber(4096, 1_000_000_000_000), default: '104857600' },
  PROTOCOL_EXPORT_FILE_KEEP: { description: 'rotated export files kept besides the current one (older ones are removed)', schema: wholeNumber(1, 1000), default: '5' },
  PROTOCOL_EXPORT_SYSLOG: { description: 'export the protocol log as ECS JSON in RFC 5424 syslog messages over TCP (RFC 6587 octet counting) to `tcp://host:port`, or over TLS to `tls://host:port`', schema: syslogUrl() },
  PROTOCOL_EXPORT_SYSLOG_CA_FILE: { description: 'CA certificate(s) (PEM) the syslog receiver\'s TLS certificate must chain to; default: the system\'s', schema: text() },
  PROTOCOL_EXPORT_SYSLOG_CERT_FILE: { description: 'client certificate (PEM) presented to the syslog receiver (mutual TLS); with PROTOCOL_EXPORT_SYSLOG_KEY_FILE', schema: text() },
  PROTOCOL_EXPORT_SYSLOG_KEY_FILE: { description: 'private key (PEM) of PROTOCOL_EXPORT_SYSLOG_CERT_FILE', schema: text() },
  PROTOCOL_EXPORT_SYSLOG_FACILITY: { description: 'syslog facility of the messages (13: log audit)', schema: wholeNumber(0, 23), default: '13' },
  PROTOCOL_EXPORT_FIELDS: {
    description: 'the personal fields that leave with the records, comma-separated (`none`: none): subject.pseudonym, subject.id (the plain BSN / ECK iD, opened with PROTOCOL_SUBJECT_KEYS), user.pseudonym, user.id (the plain employee id), actor.pseudonym, actor.id, task_description',
    schema: exportFields(),
    default: DEFAULT_EXPORT_FIELDS,
  },
  PROTOCOL_EXPORT_INTERVAL_SECONDS: { description: 'how often the background exporter (and protocol:export without --once) looks for new records', schema: wholeNumber(1, 86_400), default: '10' },
  PROTOCOL_EXPORT_BATCH_SIZE: { description: 'records read, sent and confirmed per batch; the cursor advances per batch', schema: wholeNumber(1, 100_000), default: '500' },
  PROTOCOL_EXPORT_MAX_RATE: { description: 'at most this many records per second per sink (0: no limit), to stay within what a SIEM accepts', schema: wholeNumber(0, 10_000_000), default: '0' },
  PROTOCOL_EXPORT_IN_FACADE: { description: 'the facade runs the exporter in the background when a sink is configured (false: only npm run protocol:export does)', schema: flag(), default: 'true' },
});
