// The five Edu-V layers, checked on every exchange before any upstream call,
// each as a named step in order; the first that fails gives the reason.
//
// 1 Toetreding   the caller's organisation is a known participant
// 2 Registratie  the client is registered to it, with the scopes agreed;
//                token scopes outside the registration grant nothing
// 3 Uitwisseling the (effective) scope of the gegevensdienst; for confidential
//                information also a token bound to the client certificate of
//                the request (from the facade's TLS or a trusted proxy's
//                header), of at most the configured age
// 4 Activering   an active activation (dienst, aanbieder, sender, receiver)
// 5 Verwerker    sender and receiver both hold a valid processing agreement
//                with the onderwijsbestuur of that onderwijsaanbieder
import type { DenialReason } from '../../base/errors/vocabulary.ts';
import type { Principal } from '../../base/auth/principal.ts';
import { dienstProfile, type DienstProfile, type Gegevensdienst } from './diensten.ts';
import type { Activation, EduvClient, Participant } from './registry/types.ts';
import type { EduvRegistry } from './registry/registry.ts';

/**
 * EDUV_CERTIFICATE_BINDING. `required`: classes III and IV only to a token bound to the
 * request's client certificate. `when-presented` (a migration setting, logged at start-up):
 * a request without a certificate is served a token that is not bound; a certificate that
 * is presented must still match, and a bound token still needs its certificate.
 */
export const CERTIFICATE_BINDINGS = ['required', 'when-presented'] as const;
export type CertificateBinding = (typeof CERTIFICATE_BINDINGS)[number];

/** The request's client certificate, as phase 1 found it (src/pipeline/1-http/client-certificate.ts). */
export type CallerCertificate = { kind: 'verified'; thumbprint: string } | { kind: 'none' } | { kind: 'invalid' };

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
  /** Layer 3 extra: whether confidential information needs a certificate-bound token. */
  certificateBinding: CertificateBinding;
  now?: () => Date;
}

export interface CallerCredentials {
  principal: Principal;
  certificate: CallerCertificate;
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

/** RFC 8705: the token's `cnf.x5t#S256` is the thumbprint of the certificate this request presented. */
function certificateBindingHolds({ principal, certificate }: CallerCredentials, binding: CertificateBinding): boolean {
  switch (certificate.kind) {
    case 'verified':
      return principal.certificateThumbprint === certificate.thumbprint;
    case 'invalid':
      return false;
    case 'none':
      // A bound token without its certificate is a token used by someone else than its holder.
      return binding === 'when-presented' && principal.certificateThumbprint === undefined;
  }
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
    if (!certificateBindingHolds(caller, settings.certificateBinding)) return deny(3, 'TOKEN_NOT_CERTIFICATE_BOUND');
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
