// The persona picker's data: every development persona with the purposes it holds under the
// policy the facade enforces. The purposes come from the facade's own decision function
// (permittedPurposes), so the picker can never promise what a request would be refused.
import type { Principal } from '../../base/auth/principal.ts';
import { permittedPurposes } from '../../pipeline/3-purpose/purpose.ts';
import type { Policy } from '../../../rules/policy.ts';
import { PERSONAS, personaSummary, type Persona } from '../personas.ts';
import type { SandboxPersona } from './types.ts';

export function sandboxPersonas(policy: Policy, personas: readonly Persona[] = PERSONAS): SandboxPersona[] {
  return personas.map((persona) => {
    const summary = personaSummary(persona, personas);
    const actor = persona.kind === 'delegated' ? persona.actorClientId : undefined;
    const entry: SandboxPersona = {
      name: persona.name,
      kind: persona.kind,
      description: persona.description,
      clientId: summary.clientId,
      subject: summary.subject,
      ...(actor ? { actor } : {}),
      roles: [...summary.roles],
      scopes: [...summary.scopes],
      purposes: [],
    };

    const client = policy.clients.get(summary.clientId);
    if (!client && summary.scopes.some((s) => s.startsWith('eduv.'))) {
      // Edu-V clients are registered in the Edu-V registry (the store), not in the policy file.
      entry.note = 'Edu-V client: what it may exchange is decided by the Edu-V layers, e.g. students(onderwijsaanbieder: "110A133").';
      return entry;
    }
    if (!client) {
      entry.note = `Client "${summary.clientId}" is not in the facade's client registry: every request is refused (403).`;
      return entry;
    }
    // The principal the facade would build from this persona's token; only the fields
    // permittedPurposes reads matter, the token bookkeeping fields are placeholders.
    const principal: Principal = {
      kind: persona.kind,
      subject: summary.subject,
      clientId: summary.clientId,
      issuer: 'sandbox',
      roles: [...summary.roles],
      scopes: [...summary.scopes],
      ...(actor ? { actor: { id: actor, subject: actor, clientId: actor, earlier: [] } } : {}),
      tokenId: 'sandbox',
      issuedAt: 0,
      expiresAt: 0,
    };
    const { purposes, reason } = permittedPurposes(principal, client, policy);
    entry.purposes = purposes.map((p) => ({ id: p.id, description: p.description, processingActivity: p.processingActivity }));
    if (reason === 'CLIENT_REQUIRES_USER') {
      entry.note = `"${summary.clientId}" may only act for an employee: its own token gets no personal data.`;
    } else if (entry.purposes.length === 0) {
      entry.note = 'No purpose under the policy: no personal data.';
    }
    return entry;
  });
}
