// The hash chain: how a record becomes the exact content that is stored and hashed, and how the
// hash is computed. The writer and the verifier both go through this file, so what is written is
// by construction what is checked.
//
// hash = hex(SHA-256(canonical JSON of
//          { v: 1, log, chain, seq, prev, record }))
// where `record` is the normalised record (below) with its time as an ISO-8601 UTC string.
// Chain and seq are inside the hash, so a record moved to another position or chain no longer
// matches; prev links it to its predecessor; the first record of a chain links to GENESIS_HASH.
import { createHash } from 'node:crypto';
import { canonicalize, type CanonicalValue } from './canonical.ts';
import {
  ProtocolRecordInvalidError,
  TASK_DESCRIPTION_MAX,
  type AccessRecord,
  type LogKind,
  type PrincipalKind,
  type ProcessingRecord,
  type SubjectType,
} from './types.ts';

export const HASH_VERSION = 1;
/** Processing records with a pseudonymised subject (migration 006) are hashed as version 2. */
export const HASH_VERSION_SEALED_SUBJECT = 2;
export const GENESIS_HASH = '0'.repeat(64);

/** An access record exactly as stored and hashed: validated, cleaned, optional fields omitted. */
export interface StoredAccess {
  operationId: string;
  time: string;
  traceId: string;
  principal: { kind: PrincipalKind; subject?: string; clientId?: string; actor?: string; actorChain?: string[]; oin?: string };
  /** What was asked, sealed (keyring.ts); omitted without keys (and in records of before migration 007). */
  askedSealed?: string;
  /** The signed token, sealed (keyring.ts); only with PROTOCOL_TOKEN_EVIDENCE=on (migration 008). */
  tokenSealed?: string;
  /** Omitted without a token (and in records of before migration 005). */
  token?: { issuer: string; id: string; issuedAt: number; expiresAt: number; acr?: string; roles: string[]; scopes: string[]; sha256?: string };
  purpose?: string;
  processingActivity?: string;
  taskDescription?: string;
  operationName?: string;
  documentHash: string;
  fieldsRequested: string[];
  fieldsPruned: string[];
  fieldsReturned: string[];
  /** Omitted when the request used none (and in records of before migration 003). */
  searchCriteria?: string[];
  /** What was disclosed about addresses, sealed (keyring.ts); omitted without keys, when there was none (and before migration 009). */
  addressesSealed?: string;
  outcome: AccessRecord['outcome'];
  reason?: string;
  errorCode?: string;
}

/** A processing record exactly as stored and hashed. */
export interface StoredProcessing {
  operationId: string;
  traceId: string;
  time: string;
  processingActivity: string;
  subjectType: SubjectType;
  /** The subject's pseudonym (`hmac:…`), or — in records of before migration 006 — its plain id. */
  subjectId: string;
  /** The subject id encrypted (keyring.ts); absent in records of before migration 006. */
  subjectSealed?: string;
  fields: string[];
  status: ProcessingRecord['status'];
  reason?: string;
}

export interface ChainLink {
  chainId: string;
  seq: number;
  prevHash: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function recordHash(log: LogKind, link: ChainLink, record: StoredAccess | StoredProcessing): string {
  return sha256Hex(
    canonicalize({
      v: 'subjectSealed' in record && record.subjectSealed !== undefined ? HASH_VERSION_SEALED_SUBJECT : HASH_VERSION,
      log,
      chain: link.chainId,
      seq: link.seq,
      prev: link.prevHash,
      record: record as unknown as CanonicalValue,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Normalisation. Whatever the database would change on the way in (a NUL character, a lone
// surrogate, an upper-case uuid) is changed here first, so the stored value and the hashed value
// are the same string. Values the log cannot represent are refused.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACE_ID = /^[0-9a-f]{32}$/i;
const MAX_TEXT = 4096;
const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['user', 'client', 'delegated', 'anonymous'];
const OUTCOMES: readonly AccessRecord['outcome'][] = ['ok', 'denied', 'error'];
const SUBJECT_TYPES: readonly SubjectType[] = ['BSN', 'ECK_ID'];
const STATUSES: readonly ProcessingRecord['status'][] = ['disclosed', 'withheld'];

function invalid(message: string): never {
  throw new ProtocolRecordInvalidError(message);
}

/** Whatever clean() would change: a NUL or any surrogate (the common case, none, needs no copy). */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** Drops NUL (Postgres text cannot hold it) and replaces lone surrogates (UTF-8 cannot). */
function clean(value: string): string {
  if (!SUSPECT.test(value)) return value;
  return value
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') invalid(`${name} must be a string`);
  const cleaned = clean(value);
  if (cleaned.length > MAX_TEXT) invalid(`${name} is longer than ${MAX_TEXT} characters`);
  return cleaned;
}

function nonEmpty(value: unknown, name: string): string {
  const t = text(value, name);
  if (t.length === 0) invalid(`${name} must not be empty`);
  return t;
}

function optionalText(value: unknown, name: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, name);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) invalid(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function uuid(value: unknown, name: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) invalid(`${name} must be a uuid`);
  return value.toLowerCase();
}

function traceId(value: unknown): string {
  if (typeof value !== 'string' || !TRACE_ID.test(value)) invalid('traceId must be 32 hexadecimal characters');
  return value.toLowerCase();
}

function isoTime(value: unknown, name: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(`${name} must be a valid Date`);
  const year = value.getUTCFullYear();
  if (year < 1 || year > 9999) invalid(`${name} is out of range`);
  return value.toISOString();
}

function textList(value: unknown, name: string): string[] {
  if (!Array.isArray(value)) invalid(`${name} must be an array of strings`);
  // A loop, the element's name built only for its error: a processing record's fields run into the hundreds.
  const out = new Array<string>(value.length);
  for (let i = 0; i < value.length; i += 1) {
    const v: unknown = value[i];
    if (typeof v !== 'string') invalid(`${name}[${i}] must be a string`);
    const cleaned = clean(v);
    if (cleaned.length > MAX_TEXT) invalid(`${name}[${i}] is longer than ${MAX_TEXT} characters`);
    out[i] = cleaned;
  }
  return out;
}

/** Cuts at a code-point boundary, so a truncated emoji does not become a lone surrogate. */
function truncate(value: string, max: number): string {
  const points = Array.from(value);
  return points.length <= max ? value : points.slice(0, max).join('');
}

function seconds(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) invalid(`${name} must be whole seconds since the epoch`);
  return value;
}

function normalizeToken(t: NonNullable<AccessRecord['token']>): NonNullable<StoredAccess['token']> {
  if (typeof t !== 'object' || t === null) invalid('token must be an object');
  const sha256 = optionalText(t.sha256, 'token.sha256');
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) invalid('token.sha256 must be 64 lower-case hexadecimal characters');
  return {
    issuer: nonEmpty(t.issuer, 'token.issuer'),
    id: nonEmpty(t.id, 'token.id'),
    issuedAt: seconds(t.issuedAt, 'token.issuedAt'),
    expiresAt: seconds(t.expiresAt, 'token.expiresAt'),
    acr: optionalText(t.acr, 'token.acr'),
    roles: textList(t.roles, 'token.roles'),
    scopes: textList(t.scopes, 'token.scopes'),
    sha256,
  };
}

export function normalizeAccess(record: AccessRecord): StoredAccess {
  const p = record.principal;
  if (typeof p !== 'object' || p === null) invalid('principal is required');
  const task = optionalText(record.taskDescription, 'taskDescription');
  return {
    operationId: uuid(record.operationId, 'operationId'),
    time: isoTime(record.time, 'time'),
    traceId: traceId(record.traceId),
    principal: {
      kind: oneOf(p.kind, PRINCIPAL_KINDS, 'principal.kind'),
      subject: optionalText(p.subject, 'principal.subject'),
      clientId: optionalText(p.clientId, 'principal.clientId'),
      actor: optionalText(p.actor, 'principal.actor'),
      actorChain: p.actorChain?.length ? textList(p.actorChain, 'principal.actorChain') : undefined,
      oin: optionalText(p.oin, 'principal.oin'),
    },
    token: record.token === undefined ? undefined : normalizeToken(record.token),
    purpose: optionalText(record.purpose, 'purpose'),
    processingActivity: optionalText(record.processingActivity, 'processingActivity'),
    taskDescription: task === undefined ? undefined : truncate(task, TASK_DESCRIPTION_MAX),
    operationName: optionalText(record.operationName, 'operationName'),
    documentHash: nonEmpty(record.documentHash, 'documentHash'),
    fieldsRequested: textList(record.fieldsRequested, 'fieldsRequested'),
    fieldsPruned: textList(record.fieldsPruned, 'fieldsPruned'),
    fieldsReturned: textList(record.fieldsReturned, 'fieldsReturned'),
    searchCriteria: record.searchCriteria?.length ? textList(record.searchCriteria, 'searchCriteria') : undefined,
    outcome: oneOf(record.outcome, OUTCOMES, 'outcome'),
    reason: optionalText(record.reason, 'reason'),
    errorCode: optionalText(record.errorCode, 'errorCode'),
  };
}

export function normalizeProcessing(record: ProcessingRecord): StoredProcessing {
  return {
    operationId: uuid(record.operationId, 'operationId'),
    traceId: traceId(record.traceId),
    time: isoTime(record.time, 'time'),
    processingActivity: nonEmpty(record.processingActivity, 'processingActivity'),
    subjectType: oneOf(record.subjectType, SUBJECT_TYPES, 'subjectType'),
    subjectId: nonEmpty(record.subjectId, 'subjectId'),
    fields: textList(record.fields, 'fields'),
    status: oneOf(record.status, STATUSES, 'status'),
    reason: optionalText(record.reason, 'reason'),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows. Column lists and the mapping from a stored row back to the hashed content.

export interface ChainColumns {
  chain_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
}

export interface AccessRow extends ChainColumns {
  operation_id: string;
  occurred_at: Date;
  trace_id: string;
  principal_kind: PrincipalKind;
  principal_subject: string | null;
  client_id: string | null;
  actor: string | null;
  oin: string | null;
  purpose: string | null;
  processing_activity: string | null;
  task_description: string | null;
  operation_name: string | null;
  document_hash: string;
  fields_requested: string[];
  fields_pruned: string[];
  fields_returned: string[];
  search_criteria: string[] | null;
  addresses_sealed: string | null;
  actor_chain: string[] | null;
  token_issuer: string | null;
  token_id: string | null;
  token_issued_at: number | string | null;
  token_expires_at: number | string | null;
  token_acr: string | null;
  token_roles: string[] | null;
  token_scopes: string[] | null;
  token_sha256: string | null;
  asked_sealed: string | null;
  token_sealed: string | null;
  outcome: AccessRecord['outcome'];
  reason: string | null;
  error_code: string | null;
}

export interface ProcessingRow extends ChainColumns {
  operation_id: string;
  trace_id: string;
  occurred_at: Date;
  processing_activity: string;
  subject_type: SubjectType;
  subject_id: string;
  subject_sealed: string | null;
  fields: string[];
  status: ProcessingRecord['status'];
  reason: string | null;
}

export const ACCESS_COLUMNS = [
  'chain_id', 'seq', 'prev_hash', 'hash', 'operation_id', 'occurred_at', 'trace_id', 'principal_kind',
  'principal_subject', 'client_id', 'actor', 'oin', 'purpose', 'processing_activity', 'task_description',
  'operation_name', 'document_hash', 'fields_requested', 'fields_pruned', 'fields_returned', 'outcome',
  'reason', 'error_code', 'search_criteria', 'actor_chain', 'token_issuer', 'token_id', 'token_issued_at',
  'token_expires_at', 'token_acr', 'token_roles', 'token_scopes', 'token_sha256', 'asked_sealed', 'token_sealed',
  'addresses_sealed',
] as const;

export const PROCESSING_COLUMNS = [
  'chain_id', 'seq', 'prev_hash', 'hash', 'operation_id', 'trace_id', 'occurred_at', 'processing_activity',
  'subject_type', 'subject_id', 'fields', 'status', 'reason', 'subject_sealed',
] as const;

const orUndefined = (value: string | null): string | undefined => (value === null ? undefined : value);

export function accessFromRow(row: AccessRow): StoredAccess {
  return {
    operationId: row.operation_id,
    time: row.occurred_at.toISOString(),
    traceId: row.trace_id,
    principal: {
      kind: row.principal_kind,
      subject: orUndefined(row.principal_subject),
      clientId: orUndefined(row.client_id),
      actor: orUndefined(row.actor),
      actorChain: row.actor_chain ?? undefined,
      oin: orUndefined(row.oin),
    },
    token:
      row.token_issuer === null || row.token_id === null
        ? undefined
        : {
            issuer: row.token_issuer,
            id: row.token_id,
            issuedAt: Number(row.token_issued_at),
            expiresAt: Number(row.token_expires_at),
            acr: orUndefined(row.token_acr),
            roles: row.token_roles ?? [],
            scopes: row.token_scopes ?? [],
            sha256: orUndefined(row.token_sha256),
          },
    askedSealed: orUndefined(row.asked_sealed),
    tokenSealed: orUndefined(row.token_sealed),
    purpose: orUndefined(row.purpose),
    processingActivity: orUndefined(row.processing_activity),
    taskDescription: orUndefined(row.task_description),
    operationName: orUndefined(row.operation_name),
    documentHash: row.document_hash,
    fieldsRequested: row.fields_requested,
    fieldsPruned: row.fields_pruned,
    fieldsReturned: row.fields_returned,
    searchCriteria: row.search_criteria ?? undefined,
    addressesSealed: orUndefined(row.addresses_sealed),
    outcome: row.outcome,
    reason: orUndefined(row.reason),
    errorCode: orUndefined(row.error_code),
  };
}

export function processingFromRow(row: ProcessingRow): StoredProcessing {
  return {
    operationId: row.operation_id,
    traceId: row.trace_id,
    time: row.occurred_at.toISOString(),
    processingActivity: row.processing_activity,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    subjectSealed: orUndefined(row.subject_sealed),
    fields: row.fields,
    status: row.status,
    reason: orUndefined(row.reason),
  };
}

/** Values for ACCESS_COLUMNS, in order. */
export function accessValues(link: ChainLink, hash: string, r: StoredAccess): (string | number | string[] | null)[] {
  return [
    link.chainId, link.seq, link.prevHash, hash, r.operationId, r.time, r.traceId, r.principal.kind,
    r.principal.subject ?? null, r.principal.clientId ?? null, r.principal.actor ?? null, r.principal.oin ?? null,
    r.purpose ?? null, r.processingActivity ?? null, r.taskDescription ?? null, r.operationName ?? null,
    r.documentHash, r.fieldsRequested, r.fieldsPruned, r.fieldsReturned, r.outcome, r.reason ?? null,
    r.errorCode ?? null, r.searchCriteria ?? null, r.principal.actorChain ?? null, r.token?.issuer ?? null,
    r.token?.id ?? null, r.token?.issuedAt ?? null, r.token?.expiresAt ?? null, r.token?.acr ?? null,
    r.token?.roles ?? null, r.token?.scopes ?? null, r.token?.sha256 ?? null, r.askedSealed ?? null,
    r.tokenSealed ?? null, r.addressesSealed ?? null,
  ];
}

/** Values for PROCESSING_COLUMNS, in order. */
export function processingValues(
  link: ChainLink,
  hash: string,
  r: StoredProcessing,
): (string | number | string[] | null)[] {
  return [
    link.chainId, link.seq, link.prevHash, hash, r.operationId, r.traceId, r.time, r.processingActivity,
    r.subjectType, r.subjectId, r.fields, r.status, r.reason ?? null, r.subjectSealed ?? null,
  ];
}

/** SQL casts per column, so both backends bind parameters to the right types. */
export const ACCESS_CASTS: Readonly<Record<(typeof ACCESS_COLUMNS)[number], string>> = {
  chain_id: 'text', seq: 'int8', prev_hash: 'text', hash: 'text', operation_id: 'uuid', occurred_at: 'timestamptz',
  trace_id: 'text', principal_kind: 'text', principal_subject: 'text', client_id: 'text', actor: 'text',
  oin: 'text', purpose: 'text', processing_activity: 'text', task_description: 'text', operation_name: 'text',
  document_hash: 'text', fields_requested: 'text[]', fields_pruned: 'text[]', fields_returned: 'text[]',
  outcome: 'text', reason: 'text', error_code: 'text', search_criteria: 'text[]', actor_chain: 'text[]',
  token_issuer: 'text', token_id: 'text', token_issued_at: 'int8', token_expires_at: 'int8', token_acr: 'text',
  token_roles: 'text[]', token_scopes: 'text[]', token_sha256: 'text', asked_sealed: 'text', token_sealed: 'text',
  addresses_sealed: 'text',
};

export const PROCESSING_CASTS: Readonly<Record<(typeof PROCESSING_COLUMNS)[number], string>> = {
  chain_id: 'text', seq: 'int8', prev_hash: 'text', hash: 'text', operation_id: 'uuid', trace_id: 'text',
  occurred_at: 'timestamptz', processing_activity: 'text', subject_type: 'text', subject_id: 'text',
  fields: 'text[]', status: 'text', reason: 'text', subject_sealed: 'text',
};

export function tableFor(log: LogKind): 'protocol_access' | 'protocol_processing' {
  return log === 'access' ? 'protocol_access' : 'protocol_processing';
}

/** Chain ids: one chain per log per instance. */
export function chainIdFor(log: LogKind, instanceId: string): string {
  return `${log}:${instanceId}`;
}
