// npm run protocol:prune — removes protocol records older than the retention period
// (PROTOCOL_RETENTION_YEARS, default 20) behind signed checkpoints. Refuses to run without an
// Ed25519 signing key (PROTOCOL_SIGNING_KEY or PROTOCOL_SIGNING_KEY_FILE), except with --dry-run.
// Chains that do not verify are left untouched and make the run exit 1.
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { ConfigError, UsageError, runCli, storeLocationFromEnv, type CliMain } from '../../../base/storage/cli-support.ts';
import { prune, retentionCutoff } from '../prune.ts';
import { retentionYearsFromEnv, signingKeyFromEnv, verifyKeysFromEnv } from './env.ts';

const USAGE = 'usage: npm run protocol:prune [-- --dry-run] [--json]';

export const main: CliMain = async (argv, env, io) => {
  let dryRun = false;
  let json = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      strict: true,
    });
    dryRun = values['dry-run'] === true;
    json = values.json === true;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const location = storeLocationFromEnv(env);
  const years = retentionYearsFromEnv(env);
  const signingKey = signingKeyFromEnv(env);
  if (!signingKey && !dryRun) {
    throw new ConfigError(
      'PROTOCOL_SIGNING_KEY',
      'required to prune (an Ed25519 PKCS8 PEM, or PROTOCOL_SIGNING_KEY_FILE): checkpoints must be signed',
    );
  }
  // Earlier checkpoints may carry a previous (rotated) key: PROTOCOL_VERIFY_KEY lists the trusted ones.
  const trustedKeys = verifyKeysFromEnv(env);
  const olderThan = retentionCutoff(years);

  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  try {
    const result = await prune(store, { olderThan, signingKey, trustedKeys, dryRun });
    if (json) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      const out = io.out;
      out(`protocol prune: ${location.description}; records before ${olderThan.toISOString()} (${years} years)${dryRun ? ' — dry run' : ''}`);
      for (const chain of result.chains) {
        if (chain.refused) {
          out(`  REFUSED ${chain.chainId}: does not verify at seq ${chain.refused.seq} (${chain.refused.kind}); nothing removed`);
        } else if (chain.removed > 0) {
          out(`  ${dryRun ? 'would remove' : 'removed'} ${chain.removed} from ${chain.chainId} (seq ${chain.firstSeq}..${chain.lastSeq})`);
        }
      }
      out(
        `result: ${dryRun ? 'would remove' : 'removed'} ${result.removed} records` +
          (dryRun || !result.keyFingerprint ? '' : `; checkpoints signed by ${result.keyFingerprint}`) +
          (result.ok ? '' : '; some chains refused (run npm run protocol:verify)'),
      );
    }
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
};

export const HELP = `${USAGE}

Removes protocol records older than PROTOCOL_RETENTION_YEARS (default 20) behind a signed checkpoint.
Needs an Ed25519 signing key, PKCS8 PEM, in PROTOCOL_SIGNING_KEY or PROTOCOL_SIGNING_KEY_FILE:
  openssl genpkey -algorithm ed25519 -out protocol-signing-key.pem
  openssl pkey -in protocol-signing-key.pem -pubout -out protocol-verify-key.pem   (for PROTOCOL_VERIFY_KEY)
--dry-run reports what would be removed, without a key. Chains that do not verify are left alone.
Exit codes: 0 done, 1 a chain does not verify, 2 configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
