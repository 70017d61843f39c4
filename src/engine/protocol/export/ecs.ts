// A protocol record as an Elastic Common Schema (ECS) document: what Elastic, OpenSearch, Graylog and
// Splunk ingest as JSON. The standard fields carry what a SIEM correlates on (time, kind, outcome, trace,
// user); the rest of the record is in the custom namespace `facade.*`. `event.id` = `<chain>:<seq>` names
// the record uniquely: the export is at least once, and a SIEM deduplicates on it (Elasticsearch: use it
// as the document _id). Personal data only as PersonalData allows (fields.ts).
import type { StoredAccess, StoredProcessing } from '../hash-chain.ts';
import type { LogKind } from '../types.ts';
import type { PersonalData } from './fields.ts';

export const ECS_VERSION = '8.11.0';

/** One stored record of a chain, as read for the export. */
export interface ExportRecord {
  log: LogKind;
  chainId: string;
  seq: number;
  hash: string;
  prevHash: string;
  record: StoredAccess | StoredProcessing;
}

/** Records missing from a chain between two exported ones (or before the first). */
export interface ChainGap {
  log: LogKind;
  chainId: string;
  firstSeq: number;
  lastSeq: number;
  /** True when retention checkpoints cover the whole gap: pruned before they were exported. */
  covered: boolean;
}

export type EcsDocument = Record<string, unknown>;

/** The instance of a chain id `<log>:<instance>`. */
function instanceOf(chainId: string): string {
  const at = chainId.indexOf(':');
  return at < 0 ? chainId : chainId.slice(at + 1);
}

/** Drops undefined members and empty objects, so absent values are absent (not null) in the JSON. */
function compact(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = compact(v as Record<string, unknown>);
      if (inner !== undefined) out[k] = inner;
    } else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

export function eventId(chainId: string, seq: number): string {
  return `${chainId}:${seq}`;
}

const OUTCOME = { ok: 'success', denied: 'failure', error: 'failure', disclosed: 'success', withheld: 'failure' } as const;

export function toEcs(r: ExportRecord, personal: PersonalData): EcsDocument {
  const base = {
    '@timestamp': r.record.time,
    ecs: { version: ECS_VERSION },
    service: { name: 'facade', node: { name: instanceOf(r.chainId) } },
    trace: { id: r.record.traceId },
  };
  const protocol = { log: r.log, chain: r.chainId, seq: r.seq, hash: r.hash, prev_hash: r.prevHash };
  if (r.log === 'access') {
    const a = r.record as StoredAccess;
    const user = a.principal.subject === undefined ? {} : personal.principal('user', a.principal.subject);
    const actor = a.principal.actor === undefined ? {} : personal.principal('actor', a.principal.actor);
    const chain = a.principal.actorChain?.map((id) => personal.principal('actor', id));
    return compact({
      ...base,
      event: {
        kind: 'event',
        category: ['web'],
        type: a.outcome === 'error' ? ['access', 'error'] : ['access'],
        action: 'graphql-request',
        outcome: OUTCOME[a.outcome],
        reason: a.reason,
        id: eventId(r.chainId, r.seq),
        sequence: r.seq,
        module: 'facade',
        dataset: 'facade.protocol_access',
      },
      user: { id: user.id, hash: user.hash, roles: a.token?.roles.length ? a.token.roles : undefined },
      organization: { id: a.principal.oin },
      error: { code: a.errorCode },
      facade: {
        protocol,
        operation: { id: a.operationId, name: a.operationName, document_hash: a.documentHash },
        principal: { kind: a.principal.kind },
        client: { id: a.principal.clientId },
        actor: {
          id: actor.id,
          hash: actor.hash,
          chain: chain?.some((c) => c.id) ? chain.map((c) => c.id ?? '') : undefined,
          chain_hash: chain?.some((c) => c.hash) ? chain.map((c) => c.hash ?? '') : undefined,
        },
        purpose: a.purpose,
        processing_activity: a.processingActivity,
        task_description: personal.taskDescription(a.taskDescription),
        outcome: a.outcome,
        fields: { requested: a.fieldsRequested, pruned: a.fieldsPruned, returned: a.fieldsReturned },
        search_criteria: a.searchCriteria,
        token: a.token
          ? { issuer: a.token.issuer, id: a.token.id, issued_at: a.token.issuedAt, expires_at: a.token.expiresAt, acr: a.token.acr, scopes: a.token.scopes, sha256: a.token.sha256 }
          : undefined,
      },
    })!;
  }
  const p = r.record as StoredProcessing;
  const subject = personal.subject(p.subjectType, p.subjectId, p.subjectSealed);
  return compact({
    ...base,
    event: {
      kind: 'event',
      category: ['database'],
      type: ['access'],
      action: p.status === 'disclosed' ? 'personal-data-disclosed' : 'personal-data-withheld',
      outcome: OUTCOME[p.status],
      reason: p.reason,
      id: eventId(r.chainId, r.seq),
      sequence: r.seq,
      module: 'facade',
      dataset: 'facade.protocol_processing',
    },
    facade: {
      protocol,
      operation: { id: p.operationId },
      processing_activity: p.processingActivity,
      status: p.status,
      subject: { type: p.subjectType, hash: subject.hash, id: subject.id },
      fields: { disclosed: p.fields },
    },
  })!;
}

/**
 * A gap as an event of its own, so the SIEM sees it too: records pruned under retention before they were
 * exported (`protocol-records-pruned`), or records missing that no checkpoint covers — deleted outside
 * retention, an `alert` (protocol:verify names the break).
 */
export function gapToEcs(gap: ChainGap, now: Date): EcsDocument {
  return compact({
    '@timestamp': now.toISOString(),
    ecs: { version: ECS_VERSION },
    service: { name: 'facade', node: { name: instanceOf(gap.chainId) } },
    event: {
      kind: gap.covered ? 'event' : 'alert',
      category: ['database'],
      type: ['info'],
      action: gap.covered ? 'protocol-records-pruned' : 'protocol-records-missing',
      outcome: 'unknown',
      id: `${gap.chainId}:gap:${gap.firstSeq}-${gap.lastSeq}`,
      module: 'facade',
      dataset: `facade.protocol_${gap.log}`,
    },
    facade: {
      protocol: { log: gap.log, chain: gap.chainId },
      gap: { first_seq: gap.firstSeq, last_seq: gap.lastSeq, records: gap.lastSeq - gap.firstSeq + 1, covered_by_checkpoint: gap.covered },
    },
  })!;
}

/** Syslog severity (RFC 5424) of a document: 2 critical for missing records, 4 warning for errors, 5 notice for denials, 6 informational. */
export function severityOf(doc: EcsDocument): number {
  const event = doc.event as { kind?: string; outcome?: string; type?: string[] } | undefined;
  if (event?.kind === 'alert') return 2;
  if (event?.type?.includes('error')) return 4;
  if (event?.outcome === 'failure') return 5;
  return 6;
}
