// Where the facade's disclosures name a processing activity: each policy purpose
// (at its line in the policy file) and, with Edu-V on, each gegevensdienst. The
// verwerkingsregister must hold every one (rules/verwerkingsregister.ts).
import type { Policy } from '../../rules/policy.ts';
import type { ActivityReference } from '../../rules/verwerkingsregister.ts';
import { dienstProfile } from '../domains/eduv/diensten.ts';
import { GEGEVENSDIENSTEN } from '../domains/eduv/registry/types.ts';

export function activityReferences(policy: Policy, eduv: boolean): ActivityReference[] {
  const purposes = [...policy.purposes.values()].map((p) => ({ activity: p.processingActivity, where: p.processingActivityAt ?? `purposes.${p.id}.processingActivity` }));
  const exchanges = eduv ? GEGEVENSDIENSTEN.map((d) => ({ activity: dienstProfile(d).processingActivity, where: `Edu-V gegevensdienst ${d} (data/eduv/openapi.yaml)` })) : [];
  return [...purposes, ...exchanges];
}
