// Phase 7, protocol: before a response leaves, its access record and one
// processing record per data subject are written and acknowledged by the store.
// If that fails, the response leaves without personal data: PROTOCOL_UNAVAILABLE
// (fail closed). Requests refused before execution (401, unregistered client,
// purpose not permitted) get their access record too.
import { verificationKeyOf } from '../../base/auth/verify-access-token.ts';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, print, type DocumentNode } from 'graphql';
import type { Principal } from '../../base/auth/principal.ts';
import { authorizationOutcome, type AuthorizationOutcome } from '../5-authorise/authorise-plugin.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { AccessRecord, ProcessingRecord, ProtocolPrincipal, TokenEvidence } from '../../engine/protocol/types.ts';
import { TASK_DESCRIPTION_MAX } from '../../engine/protocol/types.ts';
import { bounded, IDENTIFIER_MAX, OPERATION_NAME_MAX } from '../../engine/protocol/bounded-text.ts';
import type { RequestContext } from '../../../resolvers/context.ts';
import { inSpan, traceOf } from '../../base/http/trace.ts';
import type { RecordedOutcome } from '../../base/http/access-mark.ts';
import { DENIAL_CODES, type ErrorCode } from '../../base/errors/vocabulary.ts';

/** What the protocol phase needs of the protocol log. */
export interface ProtocolWriter {
  record(access: AccessRecord, processing: readonly ProcessingRecord[]): Promise<void>;
}

function protocolPrincipal(principal: Principal | undefined): ProtocolPrincipal {
  if (!principal) return { kind: 'anonymous' };
  // Token claims are the issuer's (or an attacker's) to choose: bounded like everything copied from the request.
  const id = (value: string | undefined) => bounded(value, IDENTIFIER_MAX);
  // The actor by the identity that was authorised (src/base/auth/principal.ts), with the earlier actors of its chain.
  const earlier = principal.actor?.earlier.map((a) => bounded(a.id, IDENTIFIER_MAX));
  return {
    kind: principal.kind,
    subject: id(principal.subject),
    clientId: id(principal.clientId),
    // An employee signed in to a client (a proven user session): that client acts for the employee.
    actor: id(principal.actor?.id ?? (principal.userSession ? principal.clientId : undefined)),
    ...(earlier?.length ? { actorChain: earlier } : {}),
    oin: id(principal.oin),
  };
}

/** The token behind the request as evidence; `grantingRoles`: those of its roles that granted the purpose. */
export function tokenEvidence(principal: Principal | undefined, grantingRoles: readonly string[] = []): TokenEvidence | undefined {
  if (!principal) return undefined;
  const id = (value: string) => bounded(value, IDENTIFIER_MAX);
  return {
    issuer: id(principal.issuer),
    id: id(principal.tokenId),
    issuedAt: principal.issuedAt,
    expiresAt: principal.expiresAt,
    acr: bounded(principal.acr, IDENTIFIER_MAX),
    roles: grantingRoles.map(id),
    scopes: principal.scopes.slice(0, 64).map(id),
    sha256: principal.tokenSha256,
  };
}

export function taskDescription(req: IncomingMessage): string | undefined {
  const header = req.headers['x-verwerking'];
  const value = Array.isArray(header) ? header[0] : header;
  return value ? bounded(value, TASK_DESCRIPTION_MAX) : undefined;
}

// Apollo keeps parsed documents in its document store, so the same query arrives as the same
// DocumentNode: printing (normalising) and hashing it once is enough.
const documentHashes = new WeakMap<DocumentNode, string>();

export function documentHash(document: DocumentNode | undefined, source: string | undefined): string {
  if (!document) return createHash('sha256').update(source ?? '').digest('hex');
  let hash = documentHashes.get(document);
  if (!hash) {
    hash = createHash('sha256').update(print(document)).digest('hex');
    documentHashes.set(document, hash);
  }
  return hash;
}

/** What an access record says, for the exchange's access-log line. */
export function recordedOutcome(access: AccessRecord): RecordedOutcome {
  return { outcome: access.outcome, code: access.reason ?? access.errorCode, purpose: access.purpose, clientId: access.principal.clientId };
}

/** The access record of a request that ended before execution (authentication or purpose). */
export function refusedAccessRecord(req: IncomingMessage, principal: Principal | undefined, code: string, body: unknown): AccessRecord {
  const query = typeof body === 'object' && body !== null ? (body as { query?: unknown; operationName?: unknown }) : {};
  return {
    operationId: randomUUID(),
    time: new Date(),
    traceId: traceOf(req).traceId,
    principal: protocolPrincipal(principal),
    token: tokenEvidence(principal),
    taskDescription: taskDescription(req),
    operationName: typeof query.operationName === 'string' ? bounded(query.operationName, OPERATION_NAME_MAX) : undefined,
    documentHash: documentHash(undefined, typeof query.query === 'string' ? query.query : undefined),
    fieldsRequested: [],
    fieldsPruned: [],
    fieldsReturned: [],
    outcome: 'denied',
    reason: code,
  };
}

export interface ProtocolPhaseOptions {
  protocol: ProtocolWriter;
  logger: Logger;
  /**
   * PROTOCOL_TOKEN_EVIDENCE=on: the signed token goes into the record (sealed by the log), and the
   * issuer key that verified it is kept beside the witness first (issuer-keys.ts).
   */
  tokenEvidence?: { keep(issuer: string, key: CryptoKey, alg: string, kid?: string): Promise<void> };
}

/** What one delivery (a response, or an event of a subscription) puts into the protocol. */
export interface RecordInput {
  ctx: RequestContext;
  outcome?: AuthorizationOutcome;
  operationName?: string;
  /** The document that ran, when the outcome has not the one the caller sent. */
  document?: DocumentNode;
  source?: string;
  errors: ReadonlyArray<{ extensions?: Record<string, unknown> | null }>;
}

/** The access record and one processing record per data subject, from the request context's disclosures. */
export function recordsOf(input: RecordInput): { access: AccessRecord; processing: ProcessingRecord[] } {
  const { ctx, outcome, errors } = input;
  const trace = ctx.trace;
  const disclosures = ctx.disclosures.list();
  const denial = (e: (typeof errors)[number]) => DENIAL_CODES.has(e.extensions?.code as ErrorCode);
  const firstOther = errors.find((e) => !denial(e));
  const forbidden = errors.find(denial);
  const nothingReturned = disclosures.every((d) => d.status !== 'disclosed');
  const operationId = randomUUID();
  const time = new Date();
  const processingActivity = ctx.authz.purpose?.processingActivity ?? 'NONE';
  const access: AccessRecord = {
    operationId,
    time,
    traceId: trace.traceId,
    principal: protocolPrincipal(ctx.principal),
    token: tokenEvidence(ctx.principal, ctx.authz.grantingRoles),
    asked: outcome?.asked.length ? outcome.asked : undefined,
    purpose: ctx.authz.purpose?.id,
    processingActivity: ctx.authz.purpose?.processingActivity,
    taskDescription: ctx.taskDescription,
    operationName: bounded(input.operationName, OPERATION_NAME_MAX),
    // The document as the caller sent it, not the pruned one that ran.
    documentHash: documentHash(outcome?.document ?? input.document, input.source),
    fieldsRequested: outcome?.fieldsRequested ?? [],
    fieldsPruned: [...new Set((outcome?.denials ?? []).map((d) => d.upstreamPath || d.coordinate))].sort(),
    fieldsReturned: [...new Set(disclosures.flatMap((d) => d.fields))].sort(),
    searchCriteria: outcome?.criteria.length ? outcome.criteria : undefined,
    addresses: ctx.disclosures.addressList().length ? ctx.disclosures.addressList() : undefined,
    outcome: firstOther ? 'error' : forbidden && nothingReturned ? 'denied' : 'ok',
    reason: forbidden && nothingReturned ? String(forbidden.extensions?.reason ?? forbidden.extensions?.code) : undefined,
    errorCode: firstOther ? String(firstOther.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : undefined,
  };
  const processing: ProcessingRecord[] = disclosures.map((d) => ({
    operationId,
    traceId: trace.traceId,
    time,
    processingActivity: d.processingActivity ?? processingActivity,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    fields: d.fields,
    status: d.status,
    reason: d.reason,
  }));
  return { access, processing };
}

export function protocolPlugin(options: ProtocolPhaseOptions): ApolloServerPlugin<RequestContext> {
  const { protocol, logger } = options;
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const ctx = rc.contextValue;
          const body = rc.response.body.singleResult;
          const trace = ctx.trace;
          if (ctx.accessMark) ctx.accessMark.recorded = true;
          const { access, processing } = recordsOf({
            ctx,
            outcome: authorizationOutcome(ctx),
            operationName: rc.operationName ?? rc.request.operationName ?? undefined,
            document: rc.document,
            source: rc.source,
            errors: body.errors ?? [],
          });
          try {
            const verifiedWith = options.tokenEvidence && ctx.principal ? verificationKeyOf(ctx.principal) : undefined;
            if (options.tokenEvidence && ctx.principal && verifiedWith) {
              // The key first: a kept token is evidence only with the key it can be checked against.
              await options.tokenEvidence.keep(ctx.principal.issuer, verifiedWith.key, verifiedWith.alg, verifiedWith.kid);
              const bearer = /^Bearer\s+(\S+)$/i.exec(rc.request.http?.headers.get('authorization') ?? '');
              if (bearer) access.signedToken = bearer[1];
            }
            await inSpan(trace, 'protocol commit', { 'facade.protocol.subjects': processing.length }, () => protocol.record(access, processing));
            if (ctx.accessMark) ctx.accessMark.outcome = recordedOutcome(access);
          } catch (err) {
            if (ctx.accessMark) ctx.accessMark.outcome = { ...recordedOutcome(access), outcome: 'error', code: 'PROTOCOL_UNAVAILABLE' };
            // Fail closed: no disclosure without its acknowledged record.
            logger.error({ err: (err as { reason?: string }).reason ?? (err instanceof Error ? err.name : 'unknown'), traceId: trace.traceId }, 'protocol write failed; response withheld');
            body.data = null;
            body.extensions = undefined;
            body.errors = [
              new GraphQLError('The protocol log is unavailable; no personal data can be disclosed right now.', {
                extensions: { code: 'PROTOCOL_UNAVAILABLE' },
              }),
            ];
            if (rc.response.http) rc.response.http.status = 503;
          }
        },
      };
    },
  };
}
