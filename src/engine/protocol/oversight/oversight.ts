// The privacy officer's view of the protocol, as the GraphQL resolvers (resolvers/protocol.ts) use it:
// entries by subject, employee, purpose and period, paged, and the misuse signals. Bounded on purpose:
// a page holds at most MAX_PAGE entries and a period at most MAX_PERIOD_DAYS — the view is for an
// investigation, not for copying the protocol out (that is `protocol:export`'s, to a SIEM).
import type { Store } from '../../../base/storage/store.ts';
import type { MisuseThresholds } from '../../../../rules/policy.ts';
import { findMisuseSignals, type MisuseSignal } from '../anomalies.ts';
import type { ProtocolKeyring } from '../keyring.ts';
import { queryProtocol, type ProtocolEntries, type ProtocolFilter } from '../query.ts';

export const MAX_PAGE = 100;
export const MAX_PERIOD_DAYS = 366;
/** Misuse signals compare each day with the days before: a month at a time keeps that bounded. */
export const MAX_SIGNAL_DAYS = 31;

export interface ProtocolOversight {
  entries(filter: ProtocolFilter & { from: Date; to: Date }, page: { after?: string; limit: number }): Promise<ProtocolEntries>;
  signals(from: Date, to: Date): Promise<MisuseSignal[]>;
}

export interface OversightOptions {
  /** Opens pseudonymised subjects (PROTOCOL_SUBJECT_KEYS); without it entries name pseudonyms. */
  keyring?: ProtocolKeyring;
  thresholds: MisuseThresholds;
}

export function createProtocolOversight(store: Store, options: OversightOptions): ProtocolOversight {
  return {
    entries: (filter, page) => queryProtocol(store, filter, { ...page, limit: Math.min(page.limit, MAX_PAGE), keyring: options.keyring }),
    signals: (from, to) => findMisuseSignals(store, { from, to, thresholds: options.thresholds }),
  };
}
