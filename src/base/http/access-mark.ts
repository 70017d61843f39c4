// One /graphql exchange's promise to leave an access record, carried from the HTTP phase
// through the request context to the protocol phase.
import type { Principal } from '../auth/principal.ts';

/** What the access record said, for the exchange's access-log line (no personal data). */
export interface RecordedOutcome {
  outcome: 'ok' | 'denied' | 'error';
  /** The denial reason or error code. */
  code?: string;
  purpose?: string;
  clientId?: string;
}

/**
 * Whether a /graphql exchange has left its access record. Every exchange must: the protocol phase
 * records what reaches Apollo's pipeline, the context builder what it refuses, and this server
 * whatever ended before or beside them (a body that is no JSON or too large, a request Apollo
 * refuses before any plugin runs: a batch, a query that is no string, a CSRF-blocked request).
 */
export interface AccessMark {
  recorded: boolean;
  /** Set once the caller is authenticated: who the record of a later refusal is about. */
  principal?: Principal;
  /** Set with the record: its outcome, for the access log. */
  outcome?: RecordedOutcome;
}
