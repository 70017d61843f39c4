// The issuer keys behind kept tokens (PROTOCOL_TOKEN_EVIDENCE=on), kept beside the witness rather than
// in the database: whoever can rewrite records must not be able to swap the key a forged token is
// checked against. One write-once file per key, `<witness>/issuer-keys/<issuer digest>/<thumbprint>.json`,
// holding the issuer, `kid`, `alg` and the public JWK. `protocol:verify --evidence` opens each kept
// token and checks its signature with the key of its issuer and `kid` from here.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, decodeJwt, exportJWK, importJWK, type JWK } from 'jose';
import type { Store } from '../../base/storage/store.ts';
import type { ProtocolKeyring } from './keyring.ts';
import { ISSUER_KEYS_DIR } from './witness.ts';

export interface KeptIssuerKey {
  issuer: string;
  kid?: string;
  alg: string;
  jwk: JWK;
}

const issuerDir = (dir: string, issuer: string) => join(dir, ISSUER_KEYS_DIR, createHash('sha256').update(issuer).digest('hex').slice(0, 32));

/** Keeps the keys tokens were verified with: each once per process, write-once on disk. */
export function issuerKeyWitness(dir: string): { keep(issuer: string, key: CryptoKey, alg: string, kid?: string): Promise<void> } {
  const kept = new WeakSet<CryptoKey>();
  return {
    async keep(issuer, key, alg, kid) {
      if (kept.has(key)) return;
      const jwk = await exportJWK(key);
      const thumbprint = await calculateJwkThumbprint(jwk);
      await mkdir(issuerDir(dir, issuer), { recursive: true });
      const entry: KeptIssuerKey = { issuer, ...(kid ? { kid } : {}), alg, jwk };
      try {
        await writeFile(join(issuerDir(dir, issuer), `${thumbprint}.json`), `${JSON.stringify(entry)}\n`, { flag: 'wx', mode: 0o444 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      kept.add(key);
    },
  };
}

export async function readIssuerKeys(dir: string): Promise<KeptIssuerKey[]> {
  const root = join(dir, ISSUER_KEYS_DIR);
  let issuers: string[];
  try {
    issuers = await readdir(root);
  } catch {
    return [];
  }
  const keys: KeptIssuerKey[] = [];
  for (const issuer of issuers) {
    for (const name of await readdir(join(root, issuer))) keys.push(JSON.parse(await readFile(join(root, issuer, name), 'utf8')) as KeptIssuerKey);
  }
  return keys;
}

export type TokenCheck = { ok: true } | { ok: false; problem: 'no_key' | 'signature_invalid' | 'not_the_recorded_token'; detail: string };

/**
 * A kept token proves the record when its signature verifies with a kept key of its issuer (by
 * `kid`), and it is the token the record names (its SHA-256, issuer and id).
 */
export async function checkKeptToken(token: string, recorded: { sha256?: string; issuer?: string; id?: string }, keys: readonly KeptIssuerKey[]): Promise<TokenCheck> {
  if (recorded.sha256 && createHash('sha256').update(token, 'ascii').digest('hex') !== recorded.sha256) {
    return { ok: false, problem: 'not_the_recorded_token', detail: 'the kept token is not the one whose hash the record holds' };
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return { ok: false, problem: 'signature_invalid', detail: 'the kept token does not parse' };
  }
  if (claims.iss !== recorded.issuer || (claims.jti ?? claims.uti) !== recorded.id) {
    return { ok: false, problem: 'not_the_recorded_token', detail: 'the kept token names another issuer or id than the record' };
  }
  const candidates = keys.filter((k) => k.issuer === claims.iss && (header.kid === undefined || k.kid === header.kid) && k.alg === header.alg);
  if (candidates.length === 0) return { ok: false, problem: 'no_key', detail: `no kept key of ${String(claims.iss)} with kid ${String(header.kid)}` };
  for (const candidate of candidates) {
    try {
      await compactVerify(token, await importJWK(candidate.jwk, candidate.alg), { algorithms: [candidate.alg] });
      return { ok: true };
    } catch {
      // the next candidate
    }
  }
  return { ok: false, problem: 'signature_invalid', detail: `the signature does not verify with the kept keys of ${String(claims.iss)}` };
}

export interface EvidenceReport {
  /** Access records that keep their token. */
  tokens: number;
  verified: number;
  failures: Array<{ chainId: string; seq: number; problem: Extract<TokenCheck, { ok: false }>['problem'] | 'cannot_open'; detail: string }>;
}

/** Every kept token of the access log, opened with the keys and checked against the kept issuer keys. */
export async function verifyTokenEvidence(
  store: Store,
  keyring: ProtocolKeyring,
  keys: readonly KeptIssuerKey[],
): Promise<EvidenceReport> {
  const report: EvidenceReport = { tokens: 0, verified: 0, failures: [] };
  const { rows } = await store.query<{ chain_id: string; seq: number | string; token_sealed: string; token_sha256: string | null; token_issuer: string | null; token_id: string | null }>(
    'SELECT chain_id, seq, token_sealed, token_sha256, token_issuer, token_id FROM protocol_access WHERE token_sealed IS NOT NULL ORDER BY chain_id, seq',
  );
  for (const row of rows) {
    report.tokens += 1;
    const seq = Number(row.seq);
    const token = keyring.openEvidence('token', row.token_sealed);
    if (typeof token !== 'string') {
      report.failures.push({ chainId: row.chain_id, seq, problem: 'cannot_open', detail: 'no key of PROTOCOL_SUBJECT_KEYS opens the kept token' });
      continue;
    }
    const check = await checkKeptToken(token, { sha256: row.token_sha256 ?? undefined, issuer: row.token_issuer ?? undefined, id: row.token_id ?? undefined }, keys);
    if (check.ok) report.verified += 1;
    else report.failures.push({ chainId: row.chain_id, seq, problem: check.problem, detail: check.detail });
  }
  return report;
}
