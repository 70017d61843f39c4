// What the purpose phase (src/pipeline/3-purpose/) decides of a request, and
// what the rules read: the caller, its registered client, the purposes it
// holds and the one this request serves, with that purpose's field set.
import type { Principal } from '../src/base/auth/principal.ts';
import type { FieldSet } from './field-set.ts';
import type { ClientRegistration, Purpose } from './policy.ts';

export interface Authorization {
  principal: Principal;
  client: ClientRegistration;
  /** Purposes this principal holds (role purposes ∩ client purposes, or the client's own). */
  permitted: readonly Purpose[];
  /** The purpose of this request, when there is one. */
  purpose?: Purpose;
  /** The principal's roles that grant `purpose` (recorded as evidence; none for a machine client's own purposes). */
  grantingRoles?: readonly string[];
  fieldSet?: FieldSet;
  /**
   * Several purposes held and none named (no x-doelbinding): only the caller's own permissions may
   * be asked; the authorise phase refuses any other operation with PURPOSE_REQUIRED.
   */
  purposeRequired?: true;
  /** Why there is no purpose, as the reason of the FORBIDDEN errors that follow. */
  noPurposeReason?: 'NO_PURPOSE' | 'CLIENT_REQUIRES_USER';
  /** The facade's own municipality, for purposes that are not nationwide. */
  gemeenteCode: string;
}
