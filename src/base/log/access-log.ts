// One JSON line per HTTP exchange, for the facade and the mocks alike: what an operator needs
// to follow a request (its trace id leads to the protocol log) and nothing about whom it was
// about — no BSN, no query parameters, no token, no employee identity.
import type { Logger } from './logger.ts';

export interface AccessLogEntry {
  method: string;
  /** The path only: a query string may carry personal data. */
  path: string;
  status: number;
  durationMs: number;
  traceId?: string;
  /** As recorded in the protocol: ok, denied or error. */
  outcome?: string;
  /** The denial reason or error code. */
  code?: string;
  purpose?: string;
  clientId?: string;
}

export function logAccess(logger: Logger, entry: AccessLogEntry): void {
  logger.info(entry, 'request');
}

/** The trace id of a `traceparent` header, when it has one (the mocks log it to join the facade's line). */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const match = typeof traceparent === 'string' ? /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(traceparent) : null;
  return match?.[1];
}
