// The export over syslog: each ECS document as the MSG of an RFC 5424 message, sent over TCP with
// octet-counting framing (RFC 6587 §3.4.1: `<length> <message>`, so a message may hold any byte), or over
// TLS (RFC 5425) with the receiver's certificate checked against PROTOCOL_EXPORT_SYSLOG_CA_FILE (else the
// system's CAs) and optionally a client certificate.
//
// Confirmation. A TCP write callback only says the kernel took the bytes; a receiver that restarts may
// still lose what was in flight. So every batch goes over a connection of its own that the exporter then
// closes (FIN; over TLS close_notify first) and the batch counts as delivered only when the receiver has
// closed its side too: it closes only after reading everything before our FIN — a clean cut. Only then
// does the exporter advance its cursor. A batch not confirmed is sent again on a new connection, after a
// back-off (0.25 s, doubling, at most 30 s) — at least once.
import net from 'node:net';
import { hostname as osHostname } from 'node:os';
import tls from 'node:tls';
import type { ExportLine, ExportSink } from './sink.ts';
import { SinkUnavailableError } from './sink.ts';
import { sleep } from '../../../base/time/sleep.ts';

export interface SyslogSinkOptions {
  /** `tcp://host:port` or `tls://host:port`. */
  url: string;
  /** PEM: the CA(s) of the receiver's certificate (TLS); default the system's. */
  ca?: string;
  /** PEM: client certificate and key (mutual TLS). */
  cert?: string;
  key?: string;
  /** RFC 5424 facility, 0–23 (13: log audit). */
  facility: number;
  /** HOSTNAME of the messages; default the host's name. */
  hostname?: string;
  /** Connection attempts per batch before send() rejects. Default 5. */
  attempts?: number;
  connectTimeoutMs?: number;
  /** How long the receiver may take to read the batch and close. Default 30 s. */
  confirmTimeoutMs?: number;
  /** Ends waiting and back-off early (stop). */
  signal?: AbortSignal;
}

const PRINTABLE = /[^\x21-\x7e]/g;

/** An RFC 5424 header field: printable US-ASCII, at most `max` characters, `-` when empty. */
function headerField(value: string, max: number): string {
  const v = value.replace(PRINTABLE, '').slice(0, max);
  return v === '' ? '-' : v;
}

/** One message, RFC 5424, octet-counted (RFC 6587). */
export function syslogFrame(line: ExportLine, facility: number, host: string, procId: string): Buffer {
  const header = `<${facility * 8 + line.severity}>1 ${line.time} ${headerField(host, 255)} facade ${procId} ${headerField(line.msgid, 32)} -`;
  const message = Buffer.from(`${header} ${line.json}`, 'utf8');
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}

export function syslogSink(options: SyslogSinkOptions): ExportSink {
  const url = new URL(options.url);
  const secure = url.protocol === 'tls:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port);
  const attempts = options.attempts ?? 5;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 30_000;
  const messageHost = options.hostname ?? osHostname();
  const procId = String(process.pid);

  /** One connection: write the batch, close, and wait for the receiver to close after reading it. */
  const deliver = (payload: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      let settled = false;
      let peerEnded = false;
      const socket: net.Socket = secure
        ? tls.connect({ host, port, ca: options.ca, cert: options.cert, key: options.key, servername: net.isIP(host) ? undefined : host })
        : net.connect({ host, port });
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve();
      };
      const onAbort = () => finish(new Error('stopped'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      let timer = setTimeout(() => finish(new Error(`no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(new Error(`the receiver did not confirm within ${confirmTimeoutMs} ms`)), confirmTimeoutMs);
        socket.end(payload);
      });
      socket.on('data', () => undefined); // a receiver says nothing; read (and drop) to see its end
      socket.on('end', () => {
        peerEnded = true;
      });
      socket.on('error', (error) => finish(error));
      socket.on('close', () => finish(peerEnded ? undefined : new Error('the connection closed before the receiver confirmed')));
    });

  return {
    name: 'syslog',
    description: `syslog ${url.protocol}//${url.host}`,
    async send(lines) {
      if (lines.length === 0) return;
      const payload = Buffer.concat(lines.map((line) => syslogFrame(line, options.facility, messageHost, procId)));
      let last: unknown;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          await deliver(payload);
          return;
        } catch (error) {
          last = error;
          if (options.signal?.aborted || attempt === attempts) break;
          await sleep(Math.min(250 * 2 ** (attempt - 1), 30_000), options.signal);
        }
      }
      const reason = last instanceof Error ? last.message : String(last);
      throw new SinkUnavailableError('syslog', `${url.protocol}//${url.host}: ${reason}`, { cause: last });
    },
    async close() {
      // Nothing held open between batches.
    },
  };
}
