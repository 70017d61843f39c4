// The five Edu-V layers, checked on every exchange before any upstream call,
// each as a named step in order; the first that fails gives the reason.
//
// 1 Toetreding   the caller's organisation is a known participant
// 2 Registratie  the client is registered to it, with the scopes agreed;
//                token scopes outside the registration grant nothing
// 3 Uitwisseling the (effective) scope of the gegevensdienst; for confidential
//                information also a certificate-bound token (where the facade
//                terminates mTLS) of at most the configured age
// 4 Activering   an active activation (dienst, aanbieder, sender, receiver)
// 5 Verwerker    sender and receiver both hold a valid processing agreement
//                with the onderwijsbestuur of that onderwijsaanbieder
import type { DenialReason } from '../../base/errors/vocabulary.ts';
import type { Principal } from '../../base/auth/principal.ts';
import { dienstProfile, type DienstProfile, type Gegevensdienst } from './diensten.ts';
import type { Activation, EduvClient, Participant } from './registry/types.ts';
import type { EduvRegistry } from './registry/registry.ts';

export type LayerReason = Extract<
  DenialReason,
  | 'PARTICIPANT_UNKNOWN'
  | 'CLIENT_NOT_REGISTERED'
  | 'SCOPE_NOT_REGISTERED'
  | 'SCOPE_MISSING'
  | 'TOKEN_NOT_CERTIFICATE_BOUND'
  | 'TOKEN_TOO_OLD'
  | 'ONDERWIJSAANBIEDER_UNKNOWN'
  | 'ACTIVATION_REQUIRED'
  | 'ACTIVATION_PENDING'
  | 'PROCESSING_AGREEMENT_REQUIRED'
>;

export interface ExchangeSettings {
  registry: EduvRegistry;
  /** OIN of the participant this facade acts for: the sender (Bron/Verzender). */
  senderOin: string;
  /** Layer 3 extra: the maximum age of a token for confidential information. */
  maxTokenAgeSeconds: number;
  now?: () => Date;
}

export interface CallerCredentials {
  principal: Principal;
  /** SHA-256 thumbprint (base64url) of the verified TLS client certificate, when the facade terminates mTLS. */
  clientCertificateThumbprint?: string;
  /** True when this request came in over mTLS terminated by the facade (TLS_* settings). */
  mtls: boolean;
}

export type ExchangeDecision =
  | {
      allowed: true;
      profile: DienstProfile;
      participant: Participant;
      client: EduvClient;
      /** Token scopes ∩ registered scopes. */
      scopes: ReadonlySet<string>;
      activation?: Activation;
    }
  | { allowed: false; layer: 1 | 2 | 3 | 4 | 5; reason: LayerReason };

const deny = (layer: 1 | 2 | 3 | 4 | 5, reason: LayerReason): ExchangeDecision => ({ allowed: false, layer, reason });

/** The scopes a caller really holds: what its token says, within what its registration agreed. */
export function effectiveScopes(principal: Principal, client: EduvClient): Set<string> {
  const registered = new Set(client.scopes);
  return new Set(principal.scopes.filter((s) => registered.has(s)));
}

/**
 * Checks one exchange. Without an onderwijsaanbieder (introspection, or the
 * catalogue) only the layers that do not depend on it are checked.
 */
export async function checkExchange(
  settings: ExchangeSettings,
  caller: CallerCredentials,
  dienst: Gegevensdienst,
  onderwijsaanbieder: string | undefined,
): Promise<ExchangeDecision> {
  const { registry } = settings;
  const { principal } = caller;
  const profile = dienstProfile(dienst);
  const now = settings.now?.() ?? new Date();

  // 2 Registratie (looked up first: the client tells which participant it belongs to).
  const client = await registry.client(principal.clientId);
  if (!client) return deny(2, 'CLIENT_NOT_REGISTERED');

  // 1 Toetreding: the registered participant exists, and a token naming an organisation names that one.
  const participant = await registry.participant(client.participantOin);
  if (!participant || (principal.oin !== undefined && principal.oin !== participant.oin)) return deny(1, 'PARTICIPANT_UNKNOWN');

  // 2 Registratie: a scope in the token that the registration does not hold grants nothing.
  const scopes = effectiveScopes(principal, client);
  if (!scopes.has(profile.scope)) {
    return principal.scopes.includes(profile.scope) ? deny(2, 'SCOPE_NOT_REGISTERED') : deny(3, 'SCOPE_MISSING');
  }

  // 3 Uitwisseling, extras for confidential information.
  if (profile.extras) {
    if (caller.mtls && (!caller.clientCertificateThumbprint || principal.certificateThumbprint !== caller.clientCertificateThumbprint)) {
      return deny(3, 'TOKEN_NOT_CERTIFICATE_BOUND');
    }
    if (now.getTime() / 1000 - principal.issuedAt > settings.maxTokenAgeSeconds) return deny(3, 'TOKEN_TOO_OLD');
  }

  const granted = { allowed: true as const, profile, participant, client, scopes };
  if (onderwijsaanbieder === undefined || (!profile.activation && !profile.agreement)) return granted;

  const aanbieder = await registry.aanbieder(onderwijsaanbieder);
  if (!aanbieder) return deny(4, 'ONDERWIJSAANBIEDER_UNKNOWN');

  // 4 Activering.
  let activation: Activation | undefined;
  if (profile.activation) {
    activation = await registry.activation({ gegevensdienst: dienst, onderwijsaanbieder, senderOin: settings.senderOin, receiverOin: participant.oin });
    if (!activation || activation.status === 'inactive') return deny(4, 'ACTIVATION_REQUIRED');
    if (activation.status === 'pending') return deny(4, 'ACTIVATION_PENDING');
  }

  // 5 Verwerker: both sides, with the bestuur of this aanbieder, valid today.
  if (profile.agreement) {
    const [sender, receiver] = await Promise.all([
      registry.agreementsValidOn(settings.senderOin, aanbieder.bestuurId, now),
      registry.agreementsValidOn(participant.oin, aanbieder.bestuurId, now),
    ]);
    if (sender.length === 0 || receiver.length === 0) return deny(5, 'PROCESSING_AGREEMENT_REQUIRED');
  }
  return { ...granted, activation };
}
