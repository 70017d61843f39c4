// Bench: cost of field-level authorisation for `personen` with 100 BSNs and all
// fields, in one run: the facade without authorisation (the same plan with every
// position permitted, execution and the record pass), the facade with it (plan
// from the cache, decisions, permitted document, denials), and naive
// graphql-shield middleware wrapping every resolver. The upstream is an in-process stub serving canned persons fetched
// once from the BRP mock, so the numbers are the engine's, not the network's.
import { execute, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { shield } from 'graphql-shield';
import { readFileSync } from 'node:fs';
import type { Principal } from '../src/base/auth/principal.ts';
import { authorizeRequest } from '../src/pipeline/3-purpose/purpose.ts';
import { objectRulesFor } from '../rules/object-rules.ts';
import { BrpClient, type PersonenRequest } from '../src/domains/brp/client.ts';
import { isValidBsn } from '../src/domains/brp/input.ts';
import { PersonLoader } from '../src/domains/brp/person-loader.ts';
import { DisclosureCollector } from '../src/engine/record/disclosures.ts';
import { idsOnlyTracer, startRequestTrace } from '../src/base/http/trace.ts';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { startBrpMock } from '../src/dev/mocks/brp/server.ts';
import type { RequestContext } from '../resolvers/context.ts';
import { buildRuleTree, fallbackRule } from '../rules/index.ts';
import { loadPolicy } from '../rules/policy.ts';
import { selection } from '../test/support/selection.ts';
import { measure, ratioLine } from './support.ts';
import { plannedRunner } from './planned.ts';

/** Serves canned upstream persons: the bench measures GraphQL work only. */
class CannedBrp extends BrpClient {
  constructor(private readonly persons: Map<string, Record<string, unknown>>) {
    super({ url: 'http://canned.invalid', timeoutMs: 1000 });
  }
  override async personen(body: PersonenRequest): Promise<unknown[]> {
    return (body.burgerservicenummer as string[]).flatMap((bsn) => (this.persons.has(bsn) ? [this.persons.get(bsn)!] : []));
  }
}

async function cannedPersons(bsns: string[], fields: string[]): Promise<Map<string, Record<string, unknown>>> {
  const mock = await startBrpMock({ port: 0 });
  const client = new BrpClient({ url: mock.url, timeoutMs: 10_000 });
  const persons = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < bsns.length; i += 20) {
    const batch = (await client.personen({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: bsns.slice(i, i + 20), fields })) as Array<Record<string, unknown>>;
    for (const p of batch) persons.set(p.burgerservicenummer as string, p);
  }
  await client.close();
  await mock.close();
  return persons;
}

const policy = loadPolicy('rules/policy.yaml');

function contextFor(principal: Principal, brp: BrpClient): RequestContext {
  const authz = authorizeRequest(principal, policy.clients.get(principal.clientId), undefined, policy, '0599');
  return {
    principal,
    authz,
    objectRules: objectRulesFor(authz.purpose, '0599'),
    disclosures: new DisclosureCollector(),
    trace: startRequestTrace(idsOnlyTracer, {}, 'bench'),
    brp: { client: brp, persons: new PersonLoader(brp, {}) },
  };
}

export async function authorizationBench(): Promise<string[]> {
  const schema: GraphQLSchema = buildFacadeSchema();
  const data = JSON.parse(readFileSync('data/brp/test-data.json', 'utf8')) as Array<{ burgerservicenummer: string; overlijden?: unknown }>;
  const bsns = data.filter((p) => isValidBsn(p.burgerservicenummer)).slice(0, 100).map((p) => p.burgerservicenummer);
  const body = selection(schema, 'Persoon');
  const document: DocumentNode = parse(`query All($b: [String!]!) { personen(burgerservicenummers: $b) { ${body} } }`);
  const variableValues = { b: bsns };
  // The canned persons carry every group the query asks for.
  const full = await cannedPersons(bsns, [
    'aNummer', 'adressering', 'burgerservicenummer', 'datumEersteInschrijvingGBA', 'datumInschrijvingInGemeente', 'europeesKiesrecht',
    'geboorte', 'gemeenteVanInschrijving', 'geslacht', 'immigratie', 'indicatieCurateleRegister', 'kinderen', 'leeftijd', 'naam',
    'nationaliteiten', 'ouders', 'overlijden', 'partners', 'uitsluitingKiesrecht', 'verblijfplaats', 'verblijfstitel',
  ]);
  const brp = new CannedBrp(full);

  const principal: Principal = {
    kind: 'user', subject: 'medewerker-burgerzaken', clientId: 'procesapp', issuer: 'bench', roles: ['burgerzaken'], scopes: [], tokenId: 'bench', issuedAt: 0, expiresAt: 0,
  };
  const tree = buildRuleTree(schema);
  const shielded = applyMiddleware(schema, shield(tree, { fallbackRule, allowExternalErrors: true }));
  const runner = plannedRunner(schema, tree, document, variableValues);

  const plain = async () => runner.unauthorised(contextFor(principal, brp));
  const authorised = async () => runner.authorised(contextFor(principal, brp));
  const naive = async () => {
    const ctx = { ...contextFor(principal, brp), plan: runner.open }; // the resolvers read their push-down from a plan
    return execute({ schema: shielded, document: runner.open.document, variableValues, contextValue: ctx });
  };

  // Sanity: all three return the same 100 persons.
  for (const run of [plain, naive]) {
    const r = (await run()) as { data?: { personen?: unknown[] }; errors?: unknown[] };
    if (r.errors?.length || r.data?.personen?.length !== 100) throw new Error(`bench variant failed: ${JSON.stringify(r.errors?.[0])}`);
  }
  const a = await authorised();
  if ((a.data as { personen?: unknown[] } | null)?.personen?.length !== 100) throw new Error('authorised variant failed');

  const medians = await measure([
    { name: 'plain', run: plain },
    { name: 'authorised', run: authorised },
    { name: 'naive', run: naive },
  ]);
  const base = medians.get('plain')!;
  return [
    `authorisation — personen × 100 BSNs × all fields (median of interleaved runs; plain ${base.toFixed(1)} ms)`,
    ratioLine('  facade document authorisation / no authorisation', medians.get('authorised')! / base, '≤ 1.15'),
    ratioLine('  naive graphql-shield applyMiddleware / no authorisation', medians.get('naive')! / base, 'for comparison'),
  ];
}
