// Edu-V subscriptions (schema/eduv-subscriptions.graphql). The plan decided the layers when the
// subscription started; here they are decided again for every event at the moment it is delivered — a
// deactivated activation or an expired agreement ends the subscription with its reason — and what
// changed is asked of the source as it is now, within the activation's subset and the caller's scope
// groups. An event with nothing of the subset in it is not delivered at all. The transport
// (src/pipeline/subscribe/) records each delivered student before the event leaves.
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import type { Gegevensdienst } from '../src/domains/eduv/diensten.ts';
import type { ChangeEvent, ChangeKind } from '../src/domains/eduv/changes/change-event.ts';
import type { ChangesEnded } from '../src/domains/eduv/changes/change-hub.ts';
import { allPages, narrowStudents, selectedStudentScopes } from './eduv.ts';
import { tagOrg } from './eduv-org.ts';

type Json = Record<string, unknown>;

/** What the source stream yields: an event to resolve, or the reason the subscription ends. */
type Delivery = { event: ChangeEvent; items: Json[] } | { refused: GraphQLError };

/** Events waiting for one subscriber at most: a subscriber that does not read them is ended, not buffered for. */
const MAX_QUEUED = 100;

type Ended = ChangesEnded | 'aborted' | 'slow';

/**
 * The hub's events for one subscription, as an async iterator that ends when the hub ends it — or at
 * once when the subscription's signal aborts (complete, close, expiry): a generator's return() would
 * wait for the next event, and the listener would stay.
 */
async function* changesOf(ctx: RequestContext, kind: ChangeKind, onderwijsaanbieder: string): AsyncGenerator<ChangeEvent> {
  const hub = ctx.eduv?.services.changes;
  if (!hub) throw forbidden('EDUV_NOT_CONFIGURED');
  const queue: ChangeEvent[] = [];
  let ended: Ended | undefined;
  let wake: (() => void) | undefined;
  const finish = (reason: Ended) => {
    ended ??= reason;
    wake?.();
  };
  const unsubscribe = hub.subscribe(kind, onderwijsaanbieder, {
    next(event) {
      if (queue.length >= MAX_QUEUED) return finish('slow');
      queue.push(event);
      wake?.();
    },
    end: finish,
  });
  const onAbort = () => {
    unsubscribe();
    finish('aborted');
  };
  if (ctx.signal?.aborted) onAbort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (ended === 'aborted' || ended === 'closed') return;
      if (ended === 'interrupted') throw new GraphQLError('Change notifications were interrupted; subscribe again.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
      if (ended === 'slow') throw new GraphQLError(`More than ${MAX_QUEUED} events waited for this subscriber; subscribe again and read faster.`, { extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'SLOW_SUBSCRIBER' } });
      if (queue.length) {
        yield queue.shift()!;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}

/**
 * Events of one subscription, each checked against the layers now and filled in from the source;
 * ends after the first refusal. Each event starts a new record: its own disclosures.
 */
async function* deliveries(ctx: RequestContext, dienst: Gegevensdienst, kind: ChangeKind, onderwijsaanbieder: string, fetch: (event: ChangeEvent, narrowing: readonly string[] | null, scopes: ReadonlySet<string>) => Promise<Json[]>): AsyncGenerator<Delivery> {
  for await (const event of changesOf(ctx, kind, onderwijsaanbieder)) {
    ctx.eduv = ctx.eduv!.fresh();
    // A new record, and new look-ups (resolvers/eduv-association.ts keys its loaders by the collector): nothing of the last event is reused.
    ctx.disclosures = ctx.disclosures.renewed();
    let items: Json[];
    try {
      const decision = await ctx.eduv.exchange(dienst, onderwijsaanbieder);
      if (!decision.allowed) {
        yield { refused: forbidden(decision.reason) };
        return;
      }
      items = await fetch(event, decision.activation?.subjectOfferingIds ?? null, decision.scopes);
      if (items.length && dienst === 'students') {
        ctx.disclosures.noteActivity('ECK_ID', decision.profile.processingActivity);
        for (const s of items) if (typeof s.userMasterIdentifier === 'string') ctx.disclosures.noteFetched('ECK_ID', s.userMasterIdentifier);
      }
    } catch (err) {
      // The registry or the source failed: the subscription ends with a code, never with their detail.
      yield { refused: err instanceof GraphQLError && err.extensions.code ? err : new GraphQLError('The Edu-V service is not available.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } }) };
      return;
    }
    // Outside the activated subset: the subscriber hears nothing of it, not even that something changed.
    if (items.length === 0) continue;
    yield { event, items };
  }
}

function resolved(delivery: Delivery): { event: ChangeEvent; items: Json[] } {
  if ('refused' in delivery) throw delivery.refused;
  return delivery;
}

export const eduvSubscriptionResolvers: Resolvers<RequestContext> = {
  Subscription: {
    studentsChanged: {
      subscribe: (_root, { onderwijsaanbieder }, ctx, info: GraphQLResolveInfo) =>
        deliveries(ctx, 'students', 'student', onderwijsaanbieder, async (event, narrowing, granted) => {
          const scopes = selectedStudentScopes(ctx, info, granted, 'students');
          const students = await allPages<Json>(ctx, '/students/school', { orgId: onderwijsaanbieder, studentId: event.ids, subjectOfferingId: narrowing ?? undefined, scope: scopes.join(' ') });
          return tagOrg(onderwijsaanbieder, narrowStudents(students, narrowing));
        }) as never,
      resolve: (delivery: Delivery) => {
        const { event, items } = resolved(delivery);
        return { onderwijsaanbieder: event.onderwijsaanbieder, changedAt: event.changedAt, students: items } as never;
      },
    },
    subjectOfferingsChanged: {
      subscribe: (_root, { onderwijsaanbieder }, ctx) =>
        deliveries(ctx, 'schoolvak', 'subjectOffering', onderwijsaanbieder, async (event, narrowing) => {
          const changed = new Set(event.ids);
          const all = await allPages<Json>(ctx, '/subject-offerings', { orgId: onderwijsaanbieder });
          return all.filter((o) => changed.has(String(o.id)) && (!narrowing || narrowing.includes(String(o.id))));
        }) as never,
      resolve: (delivery: Delivery) => {
        const { event, items } = resolved(delivery);
        return { onderwijsaanbieder: event.onderwijsaanbieder, changedAt: event.changedAt, subjectOfferings: items } as never;
      },
    },
  },
};
