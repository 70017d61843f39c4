// Quotas as two Apollo Server plugins around authorisation:
//   - `quotaOperationsPlugin` runs first: every resolved operation of an authenticated caller counts,
//     refused ones included (a flood of refused requests is throttled too);
//   - `quotaPersonsPlugin` runs after authorisation: it reserves as many BRP persons as the plan says the
//     operation may reach, refuses (HTTP 429 RATE_LIMITED, Retry-After) before anything is fetched when they
//     are not left, and gives back what the response did not deliver.
// The keys: the employee within the purpose (user and delegated tokens), and the client — its own quota
// from the policy, for a machine client (no employee) the deployment's. A purpose's or client's quota
// overrides the deployment's per limit. A store that cannot count refuses personal data (503
// QUOTA_UNAVAILABLE), unless the deployment chose to fail open. Edu-V students are bounded per operation
// (MAX_STUDENTS_PER_OPERATION) and by the operations quota, not by the persons quota.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { QuotaLimits } from '../../base/config/rate.ts';
import type { QuotaKey, QuotaOutcome, Quotas } from '../../engine/quota/quotas.ts';
import type { RequestContext } from '../../../resolvers/context.ts';

export interface QuotaPluginOptions {
  quotas: Quotas;
  /** The deployment's limits (QUOTA_PERSONS, QUOTA_OPERATIONS). */
  defaults: QuotaLimits;
}

export function quotaKeys(ctx: RequestContext, defaults: QuotaLimits): QuotaKey[] {
  const { principal, purpose, client } = ctx.authz;
  const keys: QuotaKey[] = [];
  if (principal.kind !== 'client') {
    keys.push({ key: `employee:${JSON.stringify([principal.issuer, principal.subject, purpose?.id ?? null])}`, limits: { ...defaults, ...purpose?.quota } });
  }
  if (client.quota || principal.kind === 'client') {
    keys.push({ key: `client:${JSON.stringify([principal.issuer, client.id])}`, limits: { ...defaults, ...client.quota } });
  }
  return keys;
}

export function quotaRefusal(outcome: Exclude<QuotaOutcome, { admitted: true }>): GraphQLError {
  if (outcome.reason === 'unavailable') {
    return new GraphQLError('Quotas cannot be counted at the moment; no personal data can be disclosed right now.', {
      extensions: { code: 'QUOTA_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '5']]) } },
    });
  }
  return new GraphQLError(`The quota of ${outcome.limit} for this caller is used up; retry after ${outcome.retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', limit: outcome.limit, retryAfter: outcome.retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(outcome.retryAfterSeconds)]]) } },
  });
}

export function quotaOperationsPlugin(options: QuotaPluginOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const outcome = await options.quotas.admitOperation(quotaKeys(rc.contextValue, options.defaults));
          if (!outcome.admitted) throw quotaRefusal(outcome);
        },
      };
    },
  };
}

export function quotaPersonsPlugin(options: QuotaPluginOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let keys: QuotaKey[] = [];
      let reserved = 0;
      return {
        async didResolveOperation(rc) {
          const planned = rc.contextValue.plannedPersons ?? 0;
          if (planned === 0) return;
          const candidates = quotaKeys(rc.contextValue, options.defaults);
          const outcome = await options.quotas.reservePersons(candidates, planned);
          if (!outcome.admitted) throw quotaRefusal(outcome);
          keys = candidates;
          reserved = planned;
        },
        async willSendResponse(rc) {
          if (reserved === 0) return;
          const delivered = rc.contextValue.disclosures.list().filter((d) => d.status === 'disclosed' && d.subjectType === 'BSN').length;
          await options.quotas.releasePersons(keys, reserved - Math.min(reserved, delivered));
        },
      };
    },
  };
}
