// `explain` for every development persona: for a query as that persona would send it, each field
// path with allow/deny, the rule and the reason — without a token, server or upstream.
//
// The decisions are the facade's own: the same rule tree, the same client registry (policy file
// and Edu-V registry, src/pipeline/3-purpose/client-registry.ts) and, for Edu-V, the same layer
// checks on a registry built from the seed in an in-memory store. Edu-V's layers read only the
// registry, never the Edu-V services, so the upstream handed to them refuses every call: an
// explanation that needed one would be a bug, not a slow answer.
//
// The token is modelled as a well-configured caller sends it: just issued, and (Edu-V classes III
// and IV) bound to the client certificate the request presents. Token age and certificate binding
// are about how a token is used, not about who the persona is; explain shows the latter.
import { getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import type { Principal } from '../base/auth/principal.ts';
import { MEMORY_DATA_DIR, openStore, type Store } from '../base/storage/open-store.ts';
import { CursorSealer } from '../domains/eduv/cursor.ts';
import { createEduvRegistry, type EduvRegistryAdmin } from '../domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from '../domains/eduv/registry/seed.ts';
import { EduvRequest, type EduvServices } from '../domains/eduv/request-access.ts';
import { EduvUpstream, type Query } from '../domains/eduv/upstream.ts';
import { explainPositions, type ExplainedField } from '../engine/authorize/explain.ts';
import { createDecider } from '../engine/authorize/decide.ts';
import { compilePlan } from '../engine/plan/compile-plan.ts';
import { decideOperation } from '../engine/plan/decisions.ts';
import { decidedPositions } from '../engine/plan/positions.ts';
import { createClientRegistry, type ClientRegistry } from '../pipeline/3-purpose/client-registry.ts';
import { authorizeRequest, PurposeError } from '../pipeline/3-purpose/purpose.ts';
import { buildFacadeSchema } from '../pipeline/6-execute/schema.ts';
import { facadeVocabulary } from '../pipeline/6-execute/vocabulary.ts';
import { buildRuleTree, type RuleTree } from '../../rules/index.ts';
import { loadPolicy, type Policy } from '../../rules/policy.ts';
import { findDevClient } from './idp/clients.ts';
import { findPersona, PERSONAS, type Persona } from './personas.ts';

export const DEFAULT_POLICY_FILE = 'rules/policy.yaml';
export const DEFAULT_EDUV_SEED = 'data/eduv/registry-seed.yaml';

/** The caller's input was refused (unknown persona, invalid query, unregistered client): exit 2. */
export class ExplainError extends Error {}

export interface ExplainerOptions {
  /** Default POLICY_FILE, else rules/policy.yaml. */
  policyFile?: string;
  /** The Edu-V registry seed; default EDUV_REGISTRY_SEED, else data/eduv/registry-seed.yaml. */
  eduvSeedFile?: string;
  /** Default GEMEENTE_CODE, else 0599. */
  gemeenteCode?: string;
  personas?: readonly Persona[];
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

export interface ExplainRequest {
  persona: string;
  /** The GraphQL document: exactly one operation. */
  query: string;
  purpose?: string;
  variables?: Record<string, unknown>;
}

export interface Explanation {
  persona: string;
  /** The token's client and where it is registered: the policy file (BRP purposes) or the Edu-V registry (layers). */
  client: { id: string; registeredIn: 'policy' | 'eduv-registry' };
  /** The purpose the request runs under, or null. */
  purpose: string | null;
  /** Without a purpose: why (PURPOSE_REQUIRED: several held, name one; else the denial reason). */
  noPurposeReason: string | null;
  fields: ExplainedField[];
}

export interface Explainer {
  explain(request: ExplainRequest): Promise<Explanation>;
  close(): Promise<void>;
}

/** What the persona's token is modelled as bound to (any value: it only has to match the request's certificate). */
const EXPLAIN_CERTIFICATE = 'explain-certificate-thumbprint';
const TOKEN_LIFETIME_SECONDS = 3600;

/** The layers decide from the registry alone; a call to the Edu-V services here is a bug. */
class OfflineEduvUpstream extends EduvUpstream {
  constructor() {
    super({ url: 'http://eduv.explain.invalid', timeoutMs: 1 });
  }

  override get<T>(path: string, _query: Query): Promise<T> {
    return Promise.reject(new Error(`explain never calls the Edu-V services (asked for ${path})`));
  }
}

/** The principal the facade would build from the persona's token (src/base/auth/principal.ts). */
export function principalOf(name: string, personas: readonly Persona[] = PERSONAS, now: Date = new Date()): Principal {
  const persona = findPersona(name, personas);
  if (!persona) throw new ExplainError(`unknown persona "${name}"; see npm run token -- --list`);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const base = { issuer: 'explain', tokenId: 'explain', issuedAt, expiresAt: issuedAt + TOKEN_LIFETIME_SECONDS, scopes: [] as string[], certificateThumbprint: EXPLAIN_CERTIFICATE };
  switch (persona.kind) {
    case 'client': {
      // The development IdP adds the client's own claims (an Edu-V receiver's OIN) to its tokens; layer 1 compares it.
      const oin = findDevClient(persona.clientId)?.claims?.oin;
      return { ...base, kind: 'client', subject: persona.clientId, clientId: persona.clientId, roles: [], scopes: [...(persona.scopes ?? [])], ...(oin ? { oin } : {}) };
    }
    case 'user': {
      const organisation = persona.claims?.organisation;
      return {
        ...base,
        kind: 'user',
        subject: persona.subject,
        clientId: persona.clientId,
        roles: [...persona.roles],
        scopes: [...(persona.scopes ?? [])],
        ...(persona.acr ? { acr: persona.acr } : {}),
        ...(organisation ? { organisation } : {}),
      };
    }
    case 'delegated': {
      const employee = findPersona(persona.subjectPersona, personas);
      if (!employee || employee.kind !== 'user') throw new ExplainError(`persona "${name}" exchanges an unknown user persona`);
      const actor = { id: persona.actorClientId, subject: persona.actorClientId, clientId: persona.actorClientId, earlier: [] };
      return { ...base, kind: 'delegated', subject: employee.subject, clientId: persona.actorClientId, roles: [...employee.roles], actor };
    }
  }
}

function parseOperation(schema: GraphQLSchema, query: string) {
  let document;
  try {
    document = parse(query);
  } catch (err) {
    throw new ExplainError(`the query is not valid: ${err instanceof Error ? err.message : String(err)}`);
  }
  const errors = validate(schema, document);
  if (errors.length) throw new ExplainError(`the query is not valid: ${errors.map((e) => e.message).join('; ')}`);
  const operation = getOperationAST(document);
  if (!operation) throw new ExplainError('the file must hold exactly one operation');
  return { document, operation };
}

/**
 * Builds what every explanation needs once — schema, rule tree, policy, the Edu-V registry from
 * the seed — so that explaining many personas (the tests) costs one in-memory database.
 */
export async function createExplainer(options: ExplainerOptions = {}): Promise<Explainer> {
  const env = options.env ?? process.env;
  const personas = options.personas ?? PERSONAS;
  const now = options.now ?? (() => new Date());
  const gemeenteCode = options.gemeenteCode ?? env.GEMEENTE_CODE ?? '0599';
  const policy: Policy = loadPolicy(options.policyFile ?? env.POLICY_FILE ?? DEFAULT_POLICY_FILE);
  // Read and validated before a database is opened: a broken seed file changes nothing and opens nothing.
  const seed = loadEduvSeed(options.eduvSeedFile ?? env.EDUV_REGISTRY_SEED ?? DEFAULT_EDUV_SEED);
  const schema = buildFacadeSchema();
  const tree: RuleTree = buildRuleTree(schema);

  const store: Store = await openStore({ dataDir: MEMORY_DATA_DIR });
  const upstream = new OfflineEduvUpstream();
  let registry: EduvRegistryAdmin;
  try {
    registry = createEduvRegistry(store);
    await applyEduvSeed(registry, seed);
  } catch (err) {
    await upstream.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
  const services: EduvServices = {
    registry,
    upstream,
    // As in production (EDUV_CERTIFICATE_BINDING=required); the modelled token is bound and fresh.
    settings: { registry, senderOin: seed.self, maxTokenAgeSeconds: 300, certificateBinding: 'required', now },
    cursors: new CursorSealer(),
  };
  const clients: ClientRegistry = createClientRegistry(policy, registry);

  return {
    async explain(request) {
      const { document, operation } = parseOperation(schema, request.query);
      const principal = principalOf(request.persona, personas, now());
      let authz;
      try {
        authz = authorizeRequest(principal, await clients.lookup(principal.clientId), request.purpose, policy, gemeenteCode);
      } catch (err) {
        // What the facade answers before any field is decided (403 CLIENT_NOT_REGISTERED, PURPOSE_NOT_PERMITTED).
        if (err instanceof PurposeError) throw new ExplainError(`${String(err.extensions.code)}: ${err.message}`);
        throw err;
      }
      const eduv = new EduvRequest(services, { principal, certificate: { kind: 'verified', thumbprint: EXPLAIN_CERTIFICATE } });
      const decide = createDecider(tree, { authz, eduv });
      const variables = request.variables ?? {};
      const plan = compilePlan({ schema, document, operation, variables, vocabulary: facadeVocabulary });
      const fields = explainPositions(decidedPositions(plan, await decideOperation(plan, decide, variables)));
      return {
        persona: request.persona,
        client: { id: principal.clientId, registeredIn: policy.clients.has(principal.clientId) ? 'policy' : 'eduv-registry' },
        purpose: authz.purpose?.id ?? null,
        noPurposeReason: authz.purpose ? null : authz.purposeRequired ? 'PURPOSE_REQUIRED' : (authz.noPurposeReason ?? null),
        fields,
      };
    },
    async close() {
      await upstream.close().catch(() => undefined);
      await store.close();
    },
  };
}

/** One explanation: builds an explainer, explains, closes it. */
export async function explainQuery(request: ExplainRequest, options: ExplainerOptions = {}): Promise<Explanation> {
  // An unknown persona is refused before a database is built for it.
  principalOf(request.persona, options.personas ?? PERSONAS);
  const explainer = await createExplainer(options);
  try {
    return await explainer.explain(request);
  } finally {
    await explainer.close();
  }
}
