// Bench: Edu-V students — 1,000 students × all permitted fields, with the
// facade's document authorisation (layers per root field, scope group per
// Student field) versus the same execution without it. The upstream is an
// in-process stub serving one page of 1,000 generated students (it ignores the
// page size the resolver asks for), and the
// registry an in-memory stand-in, so the ratio is the rule engine's cost.
import { parse } from 'graphql';
import type { Principal } from '../src/base/auth/principal.ts';
import { authorizeRequest } from '../src/pipeline/3-purpose/purpose.ts';
import { objectRulesFor } from '../rules/object-rules.ts';
import { BrpClient } from '../src/domains/brp/client.ts';
import { PersonLoader } from '../src/domains/brp/person-loader.ts';
import { DisclosureCollector } from '../src/engine/record/disclosures.ts';
import { CursorSealer } from '../src/domains/eduv/cursor.ts';
import type { EduvRegistry } from '../src/domains/eduv/registry/registry.ts';
import { EduvRequest, type EduvServices } from '../src/domains/eduv/request-access.ts';
import { EduvUpstream, type Page } from '../src/domains/eduv/upstream.ts';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { generateEduvDataset, studentsAt } from '../src/dev/mocks/eduv/generate.ts';
import type { RequestContext } from '../resolvers/context.ts';
import { idsOnlyTracer, startRequestTrace } from '../src/base/http/trace.ts';
import { buildRuleTree } from '../rules/index.ts';
import { loadPolicy } from '../rules/policy.ts';
import { measure, ratioLine } from './support.ts';
import { plannedRunner } from './planned.ts';

const SCOPES = ['eduv.student.basic', 'eduv.student.demographics', 'eduv.student.communication', 'eduv.student.deliveryaddress'];
const RECEIVER = '00000003876543210000';

class CannedEduv extends EduvUpstream {
  constructor(private readonly page: Page<unknown>) {
    super({ url: 'http://canned.invalid', timeoutMs: 1000 });
  }
  override async get<T>(): Promise<T> {
    return this.page as T;
  }
}

/** Just enough registry for the layers: one receiver, its client, an activation and agreements. */
function registryStandIn(): EduvRegistry {
  const now = new Date();
  const partial: Partial<EduvRegistry> = {
    client: async (id) => (id === 'lvs-uitgever' ? { clientId: id, participantOin: RECEIVER, application: 'bench', scopes: SCOPES } : undefined),
    participant: async (oin) => ({ oin, name: 'bench', referenceComponents: [], endpoints: {}, contact: {}, autoConfirmActivations: true }),
    aanbieder: async (id) => ({ id, name: 'bench', bestuurId: '41821' }),
    activation: async (key) => ({ ...key, id: 'bench', status: 'active', subjectOfferingIds: null, createdAt: now, updatedAt: now }),
    agreementsValidOn: async (participantOin, bestuurId) => [{ id: 'a', participantOin, bestuurId, validFrom: '2025-01-01', validTo: null }],
  };
  return partial as EduvRegistry;
}

export async function eduvBench(): Promise<string[]> {
  const schema = buildFacadeSchema();
  const data = generateEduvDataset(undefined, { scale: 6 });
  const students = studentsAt(data, '110A133').slice(0, 1000).map((r) => r.student);
  if (students.length < 1000) throw new Error(`only ${students.length} students generated`);
  const registry = registryStandIn();
  const services: EduvServices = {
    registry,
    upstream: new CannedEduv({ items: students, pageSize: 1000, hasNextPage: false }),
    // No client certificate in an in-process bench: the development setting serves unbound tokens.
    settings: { registry, senderOin: '00000003123456780000', maxTokenAgeSeconds: 300, certificateBinding: 'when-presented' },
    cursors: new CursorSealer(),
  };
  const policy = loadPolicy('rules/policy.yaml');
  const principal: Principal = {
    kind: 'client', subject: 'lvs-uitgever', clientId: 'lvs-uitgever', issuer: 'bench', roles: [], scopes: SCOPES, tokenId: 'b', issuedAt: Math.floor(Date.now() / 1000), expiresAt: 0,
  };
  const brp = new BrpClient({ url: 'http://unused.invalid', timeoutMs: 1000 });
  const contextValue = (): RequestContext => {
    const authz = authorizeRequest(principal, { id: 'lvs-uitgever', description: 'bench', requiresUser: false, purposes: new Set() }, undefined, policy, '0599');
    return {
      principal, authz, objectRules: objectRulesFor(undefined, '0599'), disclosures: new DisclosureCollector(),
      eduv: new EduvRequest(services, { principal, certificate: { kind: 'none' } }),
      trace: startRequestTrace(idsOnlyTracer, {}, 'bench'),
      brp: { client: brp, persons: new PersonLoader(brp) },
    };
  };
  const document = parse(`{ students(onderwijsaanbieder: "110A133", first: 200) { items {
    userMasterIdentifier userIds { userId userIdType } givenName preferredFirstName familyName familyNamePrefix subjectOfferingIds groupIds
    dateOfBirth gender email homeAddress { street houseNumber houseNumberSuffix postalCode city countryCode } emailPrivate emailsParents
  } pageInfo { hasNextPage endCursor } } }`);
  const tree = buildRuleTree(schema);
  const runner = plannedRunner(schema, tree, document, {});
  const plain = async () => runner.unauthorised(contextValue());
  const authorised = async () => runner.authorised(contextValue());
  const check = (await plain()) as { data?: { students?: { items: unknown[] } }; errors?: unknown[] };
  const checkAuthorised = await authorised();
  if (check.errors || check.data?.students?.items.length !== 1000 || checkAuthorised.errors.length) {
    throw new Error(`Edu-V bench variant failed: ${JSON.stringify(check.errors ?? checkAuthorised.errors)}`);
  }
  const medians = await measure([
    { name: 'plain', run: plain },
    { name: 'authorised', run: authorised },
  ], { warmup: 10, rounds: 40 });
  return [
    `Edu-V — students × 1,000 × all permitted fields (plain ${medians.get('plain')!.toFixed(1)} ms)`,
    ratioLine('  facade document authorisation (layers + scope groups) / no authorisation', medians.get('authorised')! / medians.get('plain')!, '≤ 1.15'),
  ];
}
