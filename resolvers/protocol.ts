// The privacy officer's view of the protocol log (schema/protocol.graphql). The root rule (rules/
// protocol-rules.ts) has already required the oversight purpose and an employee; here the filter is
// checked, the page read, and every subject the page names is noted as fetched, so that the protocol
// phase records it as a disclosure under the oversight purpose's own processing activity.
import { GraphQLError } from 'graphql';
import type { MisuseSignalKind, PrincipalKind, Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { badInput, checkBsn } from '../src/domains/brp/input.ts';
import { MAX_PAGE, MAX_PERIOD_DAYS, MAX_SIGNAL_DAYS, type ProtocolOversight } from '../src/engine/protocol/oversight/oversight.ts';
import { parsePeriod } from '../src/engine/protocol/oversight/period.ts';
import { ProtocolCursorError, type SubjectDisclosure } from '../src/engine/protocol/query.ts';
import type { SignalKind } from '../src/engine/protocol/anomalies.ts';

/** An ECK iD as Edu-V writes it: a URI of printable characters, bounded. */
const ECK_ID = /^[\x21-\x7e]{1,256}$/;
const TEXT = /^[\x20-\x7e]{1,200}$/;

const SIGNAL_KINDS: Record<SignalKind, MisuseSignalKind> = { volume: 'VOLUME', purpose: 'PURPOSE', 'secret-person': 'SECRET_PERSON', 'off-hours': 'OFF_HOURS' };

function oversightOf(ctx: RequestContext): ProtocolOversight {
  if (!ctx.oversight) throw new GraphQLError('The protocol view is not configured on this facade.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  return ctx.oversight;
}

function period(from: string, to: string, maxDays: number, prefix: string): { from: Date; to: Date } {
  const parsed = parsePeriod(from, to, maxDays);
  if ('argument' in parsed) throw badInput(`${prefix}${parsed.argument}`, parsed.message);
  return parsed;
}

function optionalText(argument: string, value: string | null | undefined, pattern: RegExp): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!pattern.test(value)) throw badInput(argument, `${argument} must be 1 to ${pattern === ECK_ID ? 256 : 200} printable characters`);
  return value;
}

/**
 * The subject as the view shows it: opened from its seal, or none while it is still a pseudonym. A person
 * and a student are fields of their own (not one union), so that each is a subject type of the plan.
 */
function subjectOf(entry: SubjectDisclosure, ctx: RequestContext): { person: { burgerservicenummer: string } | null; student: { eckId: string } | null } {
  if (entry.subjectId.startsWith('hmac:')) return { person: null, student: null };
  ctx.disclosures.noteFetched(entry.subjectType, entry.subjectId);
  return entry.subjectType === 'BSN' ? { person: { burgerservicenummer: entry.subjectId }, student: null } : { person: null, student: { eckId: entry.subjectId } };
}

export const protocolResolvers: Resolvers<RequestContext> = {
  Query: {
    protocolEntries: async (_root, { filter, first, after }, ctx) => {
      const bsn = filter.burgerservicenummer == null ? undefined : checkBsn('filter.burgerservicenummer', filter.burgerservicenummer);
      const eckId = optionalText('filter.eckId', filter.eckId, ECK_ID);
      if (bsn && eckId) throw badInput('filter.eckId', 'give burgerservicenummer or eckId, not both');
      const employee = optionalText('filter.employee', filter.employee, TEXT);
      const purpose = optionalText('filter.purpose', filter.purpose, TEXT);
      if (!bsn && !eckId && !employee && !purpose) throw badInput('filter', 'name a subject (burgerservicenummer or eckId), an employee or a purpose');
      const limit = first ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw badInput('first', `first must be 1 to ${MAX_PAGE}`);
      const range = period(filter.from, filter.to, MAX_PERIOD_DAYS, 'filter.');
      const subject = bsn ? { type: 'BSN' as const, id: bsn } : eckId ? { type: 'ECK_ID' as const, id: eckId } : undefined;
      let page;
      try {
        page = await oversightOf(ctx).entries({ subject, employee, purpose, ...range }, { after: after ?? undefined, limit });
      } catch (err) {
        if (err instanceof ProtocolCursorError) throw badInput('after', 'after must be the next cursor of an earlier page');
        throw err;
      }
      return {
        next: page.next ?? null,
        entries: page.entries.map((e) => ({
          time: e.time.toISOString(),
          operationId: e.operationId,
          traceId: e.traceId,
          status: e.status === 'disclosed' ? ('DISCLOSED' as const) : ('WITHHELD' as const),
          reason: e.reason ?? null,
          ...subjectOf(e, ctx),
          fields: e.fields,
          processingActivity: e.processingActivity,
          purpose: e.purpose ?? null,
          accessRecordFound: e.accessRecordFound,
          principalKind: e.who ? (e.who.kind.toUpperCase() as PrincipalKind) : null,
          employee: e.who?.subject ?? null,
          clientId: e.who?.clientId ?? null,
          actor: e.who?.actor ?? null,
          taskDescription: e.taskDescription ?? null,
          operationName: e.operationName ?? null,
        })),
      };
    },
    misuseSignals: async (_root, args, ctx) => {
      const range = period(args.from, args.to, MAX_SIGNAL_DAYS, '');
      const signals = await oversightOf(ctx).signals(range.from, range.to);
      return signals.map((s) => ({ kind: SIGNAL_KINDS[s.kind], employee: s.employee, day: s.day, count: s.count, detail: s.detail }));
    },
  },
};
