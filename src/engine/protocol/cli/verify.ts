// npm run protocol:verify — checks every protocol chain; prints one line per chain and a summary.
// Exit 0 when every chain verifies, 1 on any broken link, 2 on a configuration error, 3 when the
// database cannot be read.
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { UsageError, runCli, storeLocationFromEnv, type CliIo, type CliMain } from '../../../base/storage/cli-support.ts';
import { verify, type VerifyResult } from '../verify.ts';
import { subjectKeysFromEnv, verifyKeysFromEnv } from './env.ts';
import { ConfigError } from '../../../base/config/env.ts';
import { readIssuerKeys, verifyTokenEvidence, type EvidenceReport } from '../issuer-keys.ts';
import { readVariables } from '../../../base/config/variables.ts';
import { PROTOCOL_VARIABLES } from '../variables.ts';
import { directoryWitness } from '../witness.ts';

const USAGE = 'usage: npm run protocol:verify [-- --json] [--evidence]';

function printText(result: VerifyResult, where: string, io: CliIo): void {
  const out = io.out;
  out(`protocol verify: ${where}`);
  for (const chain of result.chains) {
    const range = chain.records ? `seq ${chain.firstSeq}..${chain.lastSeq}` : 'no records';
    const pruned = chain.prunedThrough ? `, pruned through ${chain.prunedThrough}` : '';
    if (chain.break) {
      out(`  BROKEN  ${chain.chainId}  at seq ${chain.break.seq}: ${chain.break.kind} — ${chain.break.detail}`);
    } else {
      out(`  ok      ${chain.chainId}  ${range} (${chain.records} records${pruned})`);
    }
  }
  for (const key of result.checkpointKeys) {
    const trust = key.trusted === undefined ? 'not pinned' : key.trusted ? 'trusted' : 'NOT TRUSTED';
    out(`  checkpoint key ${key.fingerprint} (${key.checkpoints} checkpoints, ${trust})`);
  }
  if (result.checkpointKeys.length > 0 && !result.keysPinned) {
    out('  note: set PROTOCOL_VERIFY_KEY to pin the checkpoint key; unpinned, a checkpoint signed with another key passes');
  }
  if (result.witness) {
    out(`  witness: ${result.witness.heads} signed heads kept, ${result.witness.confirmed} found in their chains${result.witness.unreadable ? `, ${result.witness.unreadable} UNREADABLE` : ''}`);
  } else {
    out('  note: set PROTOCOL_WITNESS_DIR to check the chains against their signed heads; without it, a tail rewritten together with its head passes');
  }
  const broken = result.breaks.length;
  out(
    broken === 0
      ? `result: OK — ${result.chains.length} chains, ${result.records} records`
      : `result: BROKEN — ${broken} of ${result.chains.length} chains broken`,
  );
}

export const main: CliMain = async (argv, env, io) => {
  let json = false;
  let evidence = false;
  try {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, evidence: { type: 'boolean' } }, strict: true });
    json = values.json === true;
    evidence = values.evidence === true;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const location = storeLocationFromEnv(env);
  const trustedKeys = verifyKeysFromEnv(env);
  const witnessDir = readVariables(PROTOCOL_VARIABLES, env, 'development').PROTOCOL_WITNESS_DIR;
  const witness = witnessDir ? await directoryWitness(witnessDir).read() : undefined;
  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  try {
    const result = await verify(store, { trustedKeys, witness });
    // --evidence: every kept token, opened with the protocol's keys, against the issuer keys kept beside the witness.
    let tokens: EvidenceReport | undefined;
    if (evidence) {
      if (!witnessDir) throw new ConfigError('PROTOCOL_WITNESS_DIR', '--evidence checks the kept tokens against the issuer keys kept in the witness directory');
      const keyring = subjectKeysFromEnv(env);
      if (!keyring) throw new ConfigError('PROTOCOL_SUBJECT_KEYS', '--evidence opens the kept tokens with these keys');
      tokens = await verifyTokenEvidence(store, keyring, await readIssuerKeys(witnessDir));
    }
    if (json) io.out(JSON.stringify(tokens ? { ...result, evidence: tokens } : result, null, 2));
    else {
      printText(result, location.description, io);
      if (tokens) {
        io.out(`evidence: ${tokens.tokens} kept tokens, ${tokens.verified} verify with their issuer's kept key`);
        for (const f of tokens.failures) io.out(`  FAILED  ${f.chainId}  at seq ${f.seq}: ${f.problem} — ${f.detail}`);
      }
    }
    return result.ok && (!tokens || tokens.failures.length === 0) ? 0 : 1;
  } finally {
    await store.close();
  }
};

export const HELP = `${USAGE}

Checks every hash chain of the protocol log (and its signed checkpoints, with PROTOCOL_VERIFY_KEY)
and reports the first broken link per chain. Read-only; runs beside running facades on PostgreSQL.
Exit codes: 0 intact, 1 a chain does not verify, 2 configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
