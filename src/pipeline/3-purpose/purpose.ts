// Phase 3, purpose (doelbinding): from the principal and the policy, the
// purposes this caller holds; the x-doelbinding header chooses one of them and
// never grants. Unregistered clients and purposes the caller does not hold end
// the request here (HTTP 403), before anything is fetched.
import { GraphQLError } from 'graphql';
import type { Principal } from '../../base/auth/principal.ts';
import { FieldSet } from '../../../rules/field-set.ts';
import type { ClientRegistration, Policy, Purpose } from '../../../rules/policy.ts';
import type { Authorization } from '../../../rules/authorization.ts';

export type { Authorization };


export class PurposeError extends GraphQLError {
  constructor(code: 'CLIENT_NOT_REGISTERED' | 'PURPOSE_NOT_PERMITTED' | 'PURPOSE_REQUIRED', message: string, status: number, extra: Record<string, unknown> = {}) {
    // The reason repeats the code: the same condition reads the same in an Edu-V layer's denial.
    super(message, { extensions: { code, reason: code, ...extra, http: { status } } });
  }
}

const fieldSets = new WeakMap<Purpose, FieldSet>();
function fieldSetOf(purpose: Purpose): FieldSet {
  let set = fieldSets.get(purpose);
  if (!set) fieldSets.set(purpose, (set = new FieldSet(purpose.fields)));
  return set;
}

/** Root fields a caller with several purposes may ask without naming one: its own permissions. */
export const PURPOSE_FREE_ROOT_FIELDS: ReadonlySet<string> = new Set(['myPermissions']);

/** The refusal of an operation that needs a purpose, from a caller that holds several and named none. */
export function purposeRequired(authz: Authorization): PurposeError {
  return new PurposeError('PURPOSE_REQUIRED', 'Name the purpose of this request in the x-doelbinding header.', 400, {
    permitted: authz.permitted.map((p) => p.id),
  });
}

/** The purposes a principal holds, before any header is considered. */
export function permittedPurposes(principal: Principal, client: ClientRegistration, policy: Policy): { purposes: Purpose[]; reason?: 'CLIENT_REQUIRES_USER' } {
  const ofClient = (ids: Iterable<string>) => [...ids].filter((id) => client.purposes.has(id)).map((id) => policy.purposes.get(id)!);
  switch (principal.kind) {
    case 'client':
      // A SaaS application's own token has no employee behind it: no personal data.
      return client.requiresUser ? { purposes: [], reason: 'CLIENT_REQUIRES_USER' } : { purposes: ofClient(client.purposes) };
    case 'user':
      // A client that acts only for employees is served when the issuer's profile proves an employee's session.
      if (client.requiresUser && !principal.userSession) return { purposes: [], reason: 'CLIENT_REQUIRES_USER' };
      return { purposes: ofClient(new Set(principal.roles.flatMap((role) => [...(policy.roles.get(role) ?? [])]))) };
    case 'delegated': {
      // The actor must be the registered client itself: an employee token exchanged by someone else grants nothing.
      // The current actor (the outermost `act`) decides, by the same identity the record names.
      if (principal.actor?.id !== client.id) return { purposes: [] };
      return { purposes: ofClient(new Set(principal.roles.flatMap((role) => [...(policy.roles.get(role) ?? [])]))) };
    }
  }
}

/** `client`: the principal's client as the client registry knows it (undefined: not registered). */
export function authorizeRequest(
  principal: Principal,
  client: ClientRegistration | undefined,
  purposeHeader: string | undefined,
  policy: Policy,
  gemeenteCode: string,
): Authorization {
  // A client bound to issuers: a token for it from any other trusted issuer is no token of this client.
  if (!client || (client.issuers && !client.issuers.has(principal.issuer))) {
    throw new PurposeError('CLIENT_NOT_REGISTERED', 'This application is not registered with the facade.', 403);
  }
  const { purposes, reason } = permittedPurposes(principal, client, policy);
  const base = { principal, client, permitted: purposes, gemeenteCode };
  const decided = (purpose: Purpose): Authorization => ({
    ...base,
    purpose,
    fieldSet: fieldSetOf(purpose),
    grantingRoles: principal.kind === 'client' ? [] : principal.roles.filter((role) => policy.roles.get(role)?.has(purpose.id) === true),
  });
  const requested = purposeHeader?.trim();
  if (requested) {
    const purpose = purposes.find((p) => p.id === requested);
    if (!purpose) {
      throw new PurposeError('PURPOSE_NOT_PERMITTED', `The purpose "${requested.slice(0, 64)}" is not permitted to this caller.`, 403, {
        permitted: purposes.map((p) => p.id),
      });
    }
    return decided(purpose);
  }
  if (purposes.length === 1) return decided(purposes[0]);
  // Several purposes and none named: the request may still ask what the caller may request
  // (myPermissions); phase 5 refuses anything else with purposeRequired(), once it knows the operation.
  if (purposes.length > 1) return { ...base, purposeRequired: true };
  return { ...base, noPurposeReason: reason ?? 'NO_PURPOSE' };
}
