// The protocol log's records (Logboek Dataverwerkingen, BRP protocol duty) and its errors.

export type PrincipalKind = 'user' | 'client' | 'delegated' | 'anonymous';

/** Who asked. Identifiers only: never a token. */
export interface ProtocolPrincipal {
  kind: PrincipalKind;
  /** The employee (user / delegated) or the client's own subject. */
  subject?: string;
  clientId?: string;
  /** Delegated: the current actor (RFC 8693 outermost `act`), by the identity that was authorised: its client_id, else its sub. */
  actor?: string;
  /** Earlier actors of a nested `act` chain, outermost first. */
  actorChain?: string[];
  /** The caller organisation's OIN. */
  oin?: string;
}

/**
 * The access token behind a request, as evidence: what the IdP said (issuer, id, times, acr), what of
 * it granted the purpose, and the SHA-256 of the token as presented — never the token itself here.
 */
export interface TokenEvidence {
  issuer: string;
  /** `jti` (Entra: `uti`). */
  id: string;
  /** `iat` and `exp`, seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  acr?: string;
  /** The token's roles that grant the request's purpose (none for a machine client's own purposes). */
  roles: string[];
  scopes: string[];
  /** Hex SHA-256 of the compact token. */
  sha256?: string;
}

/** One per GraphQL request, including denied and failed ones. */
export interface AccessRecord {
  /** uuid; links the processing records of the same request. */
  operationId: string;
  time: Date;
  /** W3C trace id (32 hex). */
  traceId: string;
  principal: ProtocolPrincipal;
  /** The token behind it (absent for a request without a valid token). */
  token?: TokenEvidence;
  /**
   * What was asked: each root field with its arguments (BSNs, search criteria with their values).
   * Stored only sealed with the protocol's keys, never in plain text; dropped without keys.
   */
  asked?: Array<{ field: string; arguments: Record<string, unknown> }>;
  /** PROTOCOL_TOKEN_EVIDENCE=on: the compact signed token, stored only sealed (dropped without keys). */
  signedToken?: string;
  /** Purpose id (doelbinding). */
  purpose?: string;
  /** The purpose's processing-activity register id. */
  processingActivity?: string;
  /** `x-verwerking` header; truncated to TASK_DESCRIPTION_MAX characters. */
  taskDescription?: string;
  operationName?: string;
  /** SHA-256 of the normalised document. */
  documentHash: string;
  fieldsRequested: string[];
  fieldsPruned: string[];
  fieldsReturned: string[];
  /** Search criteria used, as argument names (`postcodeEnHuisnummer.geboortedatum`); never their values. */
  searchCriteria?: string[];
  /**
   * Disclosed about addresses, not persons: `<identificatie> adresseerbaarObject`, `<identificatie> aantalBewoners
   * <periode>: <n>`. Stored only sealed with the protocol's keys (an address points to a household); dropped without keys.
   */
  addresses?: string[];
  outcome: 'ok' | 'denied' | 'error';
  /** e.g. PURPOSE_NOT_PERMITTED */
  reason?: string;
  errorCode?: string;
}

export type SubjectType = 'BSN' | 'ECK_ID';

/** One per data subject disclosed (or withheld) per request. */
export interface ProcessingRecord {
  operationId: string;
  traceId: string;
  time: Date;
  processingActivity: string;
  subjectType: SubjectType;
  subjectId: string;
  /** Upstream field paths disclosed for this subject. */
  fields: string[];
  status: 'disclosed' | 'withheld';
  /** e.g. SECRET_PERSON when withheld */
  reason?: string;
}

export type LogKind = 'access' | 'processing';

export const TASK_DESCRIPTION_MAX = 200;

/**
 * The protocol log cannot acknowledge a record. The caller must not deliver the personal data
 * the record was about (fail closed). `reason` is safe to log; `cause` may contain database
 * detail and is for diagnostics only.
 */
export class ProtocolUnavailableError extends Error {
  readonly code = 'PROTOCOL_UNAVAILABLE';
  constructor(
    readonly reason: 'store_unavailable' | 'write_failed' | 'timeout' | 'overloaded' | 'closed',
    options?: { cause?: unknown },
  ) {
    super(`protocol log unavailable (${reason})`, options);
    this.name = 'ProtocolUnavailableError';
  }
}

/**
 * The record itself is unacceptable (a programming error in the caller: a malformed uuid, a
 * missing field). Like ProtocolUnavailableError it means: deliver nothing.
 */
export class ProtocolRecordInvalidError extends Error {
  readonly code = 'PROTOCOL_RECORD_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolRecordInvalidError';
  }
}
