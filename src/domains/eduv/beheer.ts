// Who manages an onderwijsaanbieder's activations, and what the others see of
// that management. An applicatiebeheerder is an employee with the role
// `applicatiebeheerder:<RIO id>`, signed in to one of the registered beheer
// applications (the sending participant's own); the receiver of an activation
// sees that the school acted and when, never which employee.
import type { Principal } from '../../base/auth/principal.ts';
import type { EduvRegistry } from './registry/registry.ts';
import type { Activation, ActivationEvent } from './registry/types.ts';

/** The role naming the onderwijsaanbieder an applicatiebeheerder manages: `applicatiebeheerder:<RIO id>`. */
export const beheerderRole = (aanbieder: string) => `applicatiebeheerder:${aanbieder}`;

export type BeheerCheck = { ok: true } | { ok: false; reason: 'NOT_APPLICATIEBEHEERDER' | 'NOT_BEHEER_APPLICATION' };

/**
 * The same employee's token for another client (a receiver's own application, a BRP process
 * application) manages nothing: whoever holds that token is not the school's beheer environment.
 */
export async function checkBeheerder(registry: EduvRegistry, principal: Principal, aanbieder: string | undefined): Promise<BeheerCheck> {
  if (principal.kind !== 'user') return { ok: false, reason: 'NOT_APPLICATIEBEHEERDER' };
  if (!(await registry.beheerApplication(principal.clientId))) return { ok: false, reason: 'NOT_BEHEER_APPLICATION' };
  return aanbieder && principal.roles.includes(beheerderRole(aanbieder)) ? { ok: true } : { ok: false, reason: 'NOT_APPLICATIEBEHEERDER' };
}

export interface ActivationEventView {
  action: ActivationEvent['action'];
  /** The employee (or client) for the school's beheerder; for anyone else the organisation that acted. */
  actor: string;
  actorClientId: string | null;
  acr: string | null;
  at: Date;
  status: ActivationEvent['status'];
}

/**
 * The history as `principal` may read it: in full for the school's applicatiebeheerder; for
 * the receiver (who confirms) the school's or its own organisation's name and the time — the
 * staff of a school are not the receiver's business.
 */
export async function historyFor(registry: EduvRegistry, principal: Principal, activation: Activation): Promise<ActivationEventView[]> {
  const events = await registry.history(activation.id);
  if ((await checkBeheerder(registry, principal, activation.onderwijsaanbieder)).ok) {
    return events.map((e) => ({ action: e.action, actor: e.actor, actorClientId: e.actorClientId ?? null, acr: e.acr ?? null, at: e.at, status: e.status }));
  }
  const [school, receiver] = await Promise.all([registry.aanbieder(activation.onderwijsaanbieder), registry.participant(activation.receiverOin)]);
  return events.map((e) => ({
    action: e.action,
    // Confirming is the receiver's act; activating and deactivating the school's (also when seeded for it).
    actor: e.action === 'confirmed' ? (receiver?.name ?? activation.receiverOin) : (school?.name ?? activation.onderwijsaanbieder),
    actorClientId: null,
    acr: null,
    at: e.at,
    status: e.status,
  }));
}
