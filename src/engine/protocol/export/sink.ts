// What the exporter hands a sink, and what a sink promises.
import type { SinkName } from './cursor.ts';

/** One exported document, serialised once for every sink. */
export interface ExportLine {
  /** event.id: `<chain>:<seq>` (a gap: `<chain>:gap:<first>-<last>`). */
  id: string;
  /** The ECS document as one line of JSON (no newline). */
  json: string;
  /** The record's time, ISO-8601 UTC (syslog TIMESTAMP). */
  time: string;
  /** RFC 5424 severity, 0–7. */
  severity: number;
  /** `protocol_access` | `protocol_processing` (syslog MSGID). */
  msgid: string;
}

export interface ExportSink {
  /** The cursor's name for this sink: each sink has cursors of its own and advances on its own. */
  readonly name: SinkName;
  /** Where, for humans (no secrets). */
  readonly description: string;
  /**
   * Delivers the lines, in order, and resolves only when they are durable at the sink (a file: written
   * and fsync'd; syslog: received over a connection the receiver closed after reading it). Rejects when
   * that cannot be confirmed — some lines may have arrived anyway (they are sent again: at least once).
   */
  send(lines: readonly ExportLine[]): Promise<void>;
  close(): Promise<void>;
}

/** The sink did not confirm a batch within its attempts. `reason` is safe to log. */
export class SinkUnavailableError extends Error {
  readonly code = 'EXPORT_SINK_UNAVAILABLE';
  constructor(
    readonly sink: SinkName,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`export sink ${sink} unavailable: ${reason}`, options);
    this.name = 'SinkUnavailableError';
  }
}
