// npm run explain -- --persona wmo-consulent [--purpose wmo-aanvraag] [--variables '{"bsn":"999993653"}'] query.graphql
// Prints, for the query as that persona would send it, each field path with
// allow/deny, the rule and the reason — without a token, server or upstream.
// Every persona of src/dev/personas.ts, BRP and Edu-V alike; the work is in explain.ts.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { answerHelp } from '../base/cli/help.ts';
import { explainTable } from '../engine/authorize/explain.ts';
import { ExplainError, explainQuery } from './explain.ts';

const USAGE = 'usage: npm run explain -- --persona <name> [--purpose <id>] [--variables <json>] [--policy <file>] [--seed <file>] [--json] query.graphql';

answerHelp(process.argv.slice(2), `${USAGE}

For the query as that development persona would send it: each field path with allow or deny, the rule
and the reason — without a token, server or upstream. Personas: npm run token -- --list. BRP decisions
follow the policy (--policy, POLICY_FILE, default rules/policy.yaml); Edu-V decisions follow the
registry seed (--seed, else EDUV_REGISTRY_SEED, else default data/eduv/registry-seed.yaml), loaded into an
in-memory database. The token is taken as just issued and, for Edu-V, bound to the request's certificate.`);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      persona: { type: 'string' },
      purpose: { type: 'string' },
      variables: { type: 'string' },
      policy: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (!values.persona || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let variables: Record<string, unknown> | undefined;
  try {
    variables = values.variables ? (JSON.parse(values.variables) as Record<string, unknown>) : undefined;
  } catch {
    throw new ExplainError('--variables is not JSON');
  }
  const explanation = await explainQuery(
    { persona: values.persona, query: readFileSync(positionals[0], 'utf8'), purpose: values.purpose, variables },
    { policyFile: values.policy, eduvSeedFile: values.seed },
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ client: explanation.client, purpose: explanation.purpose, noPurposeReason: explanation.noPurposeReason, fields: explanation.fields }, null, 2)}\n`);
  } else {
    const purpose = explanation.purpose ?? `(none: ${explanation.noPurposeReason === 'PURPOSE_REQUIRED' ? 'PURPOSE_REQUIRED, name one with --purpose' : explanation.noPurposeReason})`;
    // An Edu-V client holds no BRP purpose: its exchanges are decided by the Edu-V layers, so "none" is expected.
    const client = explanation.client.registeredIn === 'eduv-registry' ? `, Edu-V client ${explanation.client.id} (decided by the Edu-V layers)` : '';
    process.stdout.write(`persona ${values.persona}${client}, purpose ${purpose}\n\n${explainTable(explanation.fields)}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`explain: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
