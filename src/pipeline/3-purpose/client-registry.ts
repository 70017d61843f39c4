// The one client registry of the facade. Every application that may call it is
// registered: BRP process and SaaS applications in the policy file
// (rules/policy.yaml, `clients:`), Edu-V participants' clients in the Edu-V
// registry (store, managed by seed and CLI). A client id is looked up in both;
// unknown in both is CLIENT_NOT_REGISTERED.
import type { ClientRegistration, Policy } from '../../../rules/policy.ts';
import type { EduvRegistry } from '../../domains/eduv/registry/registry.ts';

export interface ClientRegistry {
  lookup(clientId: string): Promise<ClientRegistration | undefined>;
}

export function createClientRegistry(policy: Policy, eduv?: EduvRegistry): ClientRegistry {
  return {
    async lookup(clientId) {
      const fromPolicy = policy.clients.get(clientId);
      if (fromPolicy || !eduv) return fromPolicy;
      const client = await eduv.client(clientId);
      if (!client) return undefined;
      // An Edu-V client holds no BRP purposes; what it may exchange is decided by the Edu-V layers.
      return { id: client.clientId, description: `${client.application} (Edu-V participant ${client.participantOin})`, requiresUser: false, purposes: new Set() };
    },
  };
}
