// Quotas as an Apollo Server plugin, after the operation is authorised: one
// operation is counted under each of the caller's keys, and an employee or a
// client whose persons are used up is refused (HTTP 429 RATE_LIMITED with
// Retry-After) before anything is fetched; after the response is finished the
// persons it discloses are counted. The keys:
//   - the employee within the purpose (user and delegated tokens): the purpose's quota, else the deployment's;
//   - the client: its own quota from the policy; for a machine client (no employee) the deployment's.
// A store that cannot count refuses personal data (503 QUOTA_UNAVAILABLE), unless
// the deployment chose to fail open. This runs on top of the per-operation persons
// ceiling of the plan's cost check.
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
    keys.push({ key: `employee:${principal.issuer}|${principal.subject}:${purpose?.id ?? '-'}`, limits: purpose?.quota ?? defaults });
  }
  const clientLimits = client.quota ?? (principal.kind === 'client' ? defaults : undefined);
  if (clientLimits) keys.push({ key: `client:${principal.issuer}|${client.id}`, limits: clientLimits });
  return keys;
}

function refusal(outcome: Exclude<QuotaOutcome, { admitted: true }>): GraphQLError {
  if (outcome.reason === 'unavailable') {
    return new GraphQLError('Quotas cannot be counted at the moment; no personal data can be disclosed right now.', {
      extensions: { code: 'QUOTA_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', '5']]) } },
    });
  }
  return new GraphQLError(`The quota of ${outcome.limit} for this caller is used up; retry after ${outcome.retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', limit: outcome.limit, retryAfter: outcome.retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(outcome.retryAfterSeconds)]]) } },
  });
}

export function quotaPlugin(options: QuotaPluginOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let keys: QuotaKey[] = [];
      return {
        async didResolveOperation(rc) {
          keys = quotaKeys(rc.contextValue, options.defaults);
          const outcome = await options.quotas.admit(keys);
          if (!outcome.admitted) throw refusal(outcome);
        },
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single' || keys.length === 0) return;
          const persons = rc.contextValue.disclosures.list().filter((d) => d.status === 'disclosed').length;
          const outcome = await options.quotas.countPersons(keys, persons);
          if (outcome.admitted || outcome.reason !== 'unavailable') return;
          // Not counted, so not delivered.
          const body = rc.response.body.singleResult;
          body.data = null;
          body.errors = [refusal(outcome)];
          if (rc.response.http) rc.response.http.status = 503;
          rc.contextValue.disclosures.deliver([]);
        },
      };
    },
  };
}
