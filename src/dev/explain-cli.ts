// npm run explain -- --persona wmo-consulent [--purpose wmo-aanvraag] [--variables '{"bsn":"999993653"}'] query.graphql
// Prints, for the query as that persona would send it, each field path with
// allow/deny, the rule and the reason — without a token, server or upstream.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getOperationAST, parse, validate } from 'graphql';
import type { Principal } from '../base/auth/principal.ts';
import { findPersona } from './personas.ts';
import { buildFacadeSchema } from '../pipeline/6-execute/schema.ts';
import { buildRuleTree } from '../../rules/index.ts';
import { loadPolicy } from '../../rules/policy.ts';
import { authorizeRequest } from '../pipeline/3-purpose/purpose.ts';
import { createDecider } from '../engine/authorize/decide.ts';
import { explainPositions, explainTable } from '../engine/authorize/explain.ts';
import { facadeVocabulary } from '../pipeline/6-execute/vocabulary.ts';
import { compilePlan } from '../engine/plan/compile-plan.ts';
import { decideOperation } from '../engine/plan/decisions.ts';
import { decidedPositions } from '../engine/plan/positions.ts';
import { answerHelp } from '../base/cli/help.ts';

answerHelp(process.argv.slice(2), `usage: npm run explain -- --persona <persona> [--purpose <id>] [--variables '<json>'] query.graphql

For the query as that development persona would send it: each field path with allow or deny, the rule
and the reason — without a token, server or upstream. Personas: npm run token -- --list.`);

function principalOf(name: string): Principal {
  const persona = findPersona(name);
  if (!persona) throw new Error(`unknown persona "${name}"; see npm run token -- --list`);
  const base = { issuer: 'explain', tokenId: 'explain', issuedAt: 0, expiresAt: 0, scopes: [] as string[] };
  if (persona.kind === 'client') return { ...base, kind: 'client', subject: persona.clientId, clientId: persona.clientId, roles: [], scopes: [...(persona.scopes ?? [])] };
  if (persona.kind === 'user') return { ...base, kind: 'user', subject: persona.subject, clientId: persona.clientId, roles: [...persona.roles], acr: persona.acr };
  const employee = findPersona(persona.subjectPersona);
  if (!employee || employee.kind !== 'user') throw new Error(`persona "${name}" exchanges an unknown user persona`);
  return { ...base, kind: 'delegated', subject: employee.subject, clientId: persona.actorClientId, roles: [...employee.roles], actor: { id: persona.actorClientId, subject: persona.actorClientId, clientId: persona.actorClientId, earlier: [] } };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { persona: { type: 'string' }, purpose: { type: 'string' }, variables: { type: 'string' }, policy: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (!values.persona || positionals.length !== 1) {
    process.stderr.write('usage: npm run explain -- --persona <name> [--purpose <id>] [--variables <json>] [--json] query.graphql\n');
    return 2;
  }
  const schema = buildFacadeSchema();
  const document = parse(readFileSync(positionals[0], 'utf8'));
  const errors = validate(schema, document);
  if (errors.length) {
    process.stderr.write(`the query is not valid: ${errors.map((e) => e.message).join('; ')}\n`);
    return 2;
  }
  const operation = getOperationAST(document);
  if (!operation) {
    process.stderr.write('the file must hold exactly one operation\n');
    return 2;
  }
  const policy = loadPolicy(values.policy ?? process.env.POLICY_FILE ?? 'rules/policy.yaml');
  const principal = principalOf(values.persona);
  const authz = authorizeRequest(principal, policy.clients.get(principal.clientId), values.purpose, policy, process.env.GEMEENTE_CODE ?? '0599');
  const decide = createDecider(buildRuleTree(schema), { authz });
  const variables = values.variables ? (JSON.parse(values.variables) as Record<string, unknown>) : {};
  const plan = compilePlan({ schema, document, operation, variables, vocabulary: facadeVocabulary });
  const fields = explainPositions(decidedPositions(plan, await decideOperation(plan, decide, variables)));
  if (values.json) process.stdout.write(`${JSON.stringify({ purpose: authz.purpose?.id ?? null, fields }, null, 2)}\n`);
  else process.stdout.write(`persona ${values.persona}, purpose ${authz.purpose?.id ?? `(none: ${authz.purposeRequired ? 'PURPOSE_REQUIRED, name one with --purpose' : authz.noPurposeReason})`}\n\n${explainTable(fields)}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`explain: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
