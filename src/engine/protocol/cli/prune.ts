// npm run protocol:prune — removes protocol records past the retention of their processing
// activity (the verwerkingsregister, VERWERKINGSREGISTER_FILE) behind signed checkpoints; records
// without an activity (refusals) after PROTOCOL_RETENTION_YEARS (default 20). Refuses to run without an
// Ed25519 signing key (PROTOCOL_SIGNING_KEY or PROTOCOL_SIGNING_KEY_FILE), except with --dry-run.
// Chains that do not verify are left untouched and make the run exit 1.
import { parseArgs } from 'node:util';
import { openStore } from '../../../base/storage/open-store.ts';
import { ConfigError, UsageError, runCli, storeLocationFromEnv, type CliMain } from '../../../base/storage/cli-support.ts';
import { prune, retentionCutoff } from '../prune.ts';
import { loadRegister, RegisterError, retentionCutoff as activityCutoff } from '../../../../rules/verwerkingsregister.ts';
import { retentionYearsFromEnv, signingKeyFromEnv, verifyKeysFromEnv } from './env.ts';

const USAGE = 'usage: npm run protocol:prune [-- --dry-run] [--json] [--register rules/verwerkingsregister.yaml]';

export const main: CliMain = async (argv, env, io) => {
  let dryRun = false;
  let json = false;
  let registerFile = env.VERWERKINGSREGISTER_FILE?.trim() || 'rules/verwerkingsregister.yaml';
  try {
    const { values } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, register: { type: 'string' } },
      strict: true,
    });
    dryRun = values['dry-run'] === true;
    json = values.json === true;
    if (values.register) registerFile = values.register;
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
  const now = new Date();
  const olderThan = retentionCutoff(years, now);
  let register;
  try {
    register = loadRegister(registerFile);
  } catch (err) {
    throw new ConfigError('VERWERKINGSREGISTER_FILE', err instanceof RegisterError ? err.problems.join('; ') : String(err));
  }
  const olderThanByActivity = new Map([...register.activities.values()].map((a) => [a.id, activityCutoff(a, now)]));

  const store = await openStore({ ...location.options, migrate: false, createIfMissing: false, workload: 'batch' });
  try {
    const result = await prune(store, { olderThan, olderThanByActivity, signingKey, trustedKeys, dryRun, now });
    if (json) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      const out = io.out;
      out(`protocol prune: ${location.description}${dryRun ? ' — dry run' : ''}; retention per activity from ${registerFile} (version ${register.version}):`);
      for (const a of register.activities.values()) out(`  ${a.id}: ${a.retention.amount} ${a.retention.unit}, records before ${olderThanByActivity.get(a.id)!.toISOString()}`);
      out(`  without an activity: ${years} years, records before ${olderThan.toISOString()}`);
      for (const chain of result.chains) {
        if (chain.refused) {
          out(`  REFUSED ${chain.chainId}: does not verify at seq ${chain.refused.seq} (${chain.refused.kind}); nothing removed`);
        } else if (chain.removed > 0) {
          out(`  ${dryRun ? 'would remove' : 'removed'} ${chain.removed} from ${chain.chainId} (seq ${chain.firstSeq}..${chain.lastSeq})`);
        }
        if (chain.heldBack) out(`  ${chain.chainId}: ${chain.heldBack} records past their retention stay behind an earlier record that must be kept (the chain is cut at one point)`);
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

Removes protocol records past the retention of their processing activity in the verwerkingsregister
(--register, else VERWERKINGSREGISTER_FILE, else rules/verwerkingsregister.yaml) behind a signed
checkpoint; records without an activity after PROTOCOL_RETENTION_YEARS (default 20).
Needs an Ed25519 signing key, PKCS8 PEM, in PROTOCOL_SIGNING_KEY or PROTOCOL_SIGNING_KEY_FILE:
  openssl genpkey -algorithm ed25519 -out protocol-signing-key.pem
  openssl pkey -in protocol-signing-key.pem -pubout -out protocol-verify-key.pem   (for PROTOCOL_VERIFY_KEY)
--dry-run reports what would be removed, without a key. Chains that do not verify are left alone.
Exit codes: 0 done, 1 a chain does not verify, 2 configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
