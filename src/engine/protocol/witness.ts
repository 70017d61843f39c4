// Anchored chain heads. The chains prove that no record inside them was changed, but their heads
// live in the same database: whoever can rewrite a chain's tail can rewrite its head with it, and
// the chain verifies again. So the facade signs its chains' heads now and then (every N records or
// T seconds, Ed25519 — the key of the retention checkpoints) and hands them to a witness outside
// the database: a directory, meant to be a write-once volume, one file per signed head that is
// never overwritten. `protocol:verify` with the witness checks that every witnessed head is still
// in its chain with the same hash — a rewritten tail is found back to the last head witnessed
// before it. What was written after the last witnessed head is covered by the chain alone: the
// anchoring interval is the window an operator accepts.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalize } from './canonical.ts';
import { keyFingerprint } from './checkpoint.ts';

/** The folder of the witness where the issuer keys of kept tokens live (issuer-keys.ts): no chain. */
export const ISSUER_KEYS_DIR = 'issuer-keys';

/** A chain head as the facade signed it. */
export interface SignedHead {
  type: 'protocol-head';
  v: 1;
  chain: string;
  seq: number;
  hash: string;
  /** When it was signed (ISO-8601 UTC). */
  at: string;
  /** Fingerprint of the signing key (sha256:<hex> of its SPKI DER). */
  key: string;
  /** The signing key's public half, SPKI DER base64: checkable without key distribution; pin it with the verify key. */
  publicKey: string;
  signature: string;
}

type Unsigned = Omit<SignedHead, 'publicKey' | 'signature'>;

const message = (h: Unsigned) => canonicalize({ type: h.type, v: h.v, chain: h.chain, seq: h.seq, hash: h.hash, at: h.at, key: h.key });

export function signHead(head: { chain: string; seq: number; hash: string }, at: Date, signingKey: KeyObject): SignedHead {
  const publicKey = createPublicKey(signingKey);
  const unsigned: Unsigned = { type: 'protocol-head', v: 1, chain: head.chain, seq: head.seq, hash: head.hash, at: at.toISOString(), key: keyFingerprint(publicKey) };
  return {
    ...unsigned,
    publicKey: (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    signature: sign(null, Buffer.from(message(unsigned), 'utf8'), signingKey).toString('base64'),
  };
}

export type HeadCheck = { ok: true } | { ok: false; problem: 'signature_invalid' | 'untrusted_key'; detail: string };

/** The signature covers the head, the key is the one named, and — when given — a trusted one. */
export function checkSignedHead(head: SignedHead, trustedFingerprints?: ReadonlySet<string>): HeadCheck {
  try {
    const publicKey = createPublicKey({ key: Buffer.from(head.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyType !== 'ed25519' || keyFingerprint(publicKey) !== head.key) {
      return { ok: false, problem: 'signature_invalid', detail: 'the head names another key than it carries' };
    }
    if (!verify(null, Buffer.from(message(head), 'utf8'), publicKey, Buffer.from(head.signature, 'base64'))) {
      return { ok: false, problem: 'signature_invalid', detail: 'the signature does not match the head' };
    }
  } catch {
    return { ok: false, problem: 'signature_invalid', detail: 'the head does not parse' };
  }
  if (trustedFingerprints && !trustedFingerprints.has(head.key)) {
    return { ok: false, problem: 'untrusted_key', detail: `signed by ${head.key}, which is not a trusted key` };
  }
  return { ok: true };
}

/** Where signed heads are kept, outside the database. */
export interface Witness {
  /** Keeps the heads; never replaces one already kept. */
  write(heads: readonly SignedHead[]): Promise<void>;
  /** Every head kept, with the file (or entry) it came from; unreadable entries as problems. */
  read(): Promise<{ heads: Array<{ head: SignedHead; source: string }>; unreadable: string[] }>;
  /** For messages. */
  description: string;
}

/** One file per head, `<dir>/<chain>/<seq, 20 digits>.json`, created exclusively (never overwritten). */
export function directoryWitness(dir: string): Witness {
  const chainDir = (chain: string) => join(dir, encodeURIComponent(chain));
  return {
    description: `witness directory ${dir}`,
    async write(heads) {
      for (const head of heads) {
        await mkdir(chainDir(head.chain), { recursive: true });
        const file = join(chainDir(head.chain), `${String(head.seq).padStart(20, '0')}.json`);
        try {
          await writeFile(file, `${JSON.stringify(head)}\n`, { flag: 'wx', mode: 0o444 });
        } catch (error) {
          // The same head witnessed before (a restart at an unchanged head): it is kept as it was.
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    },
    async read() {
      const heads: Array<{ head: SignedHead; source: string }> = [];
      const unreadable: string[] = [];
      let chains: string[];
      try {
        chains = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { heads, unreadable: [`${dir} does not exist`] };
        throw error;
      }
      for (const chain of chains.filter((name) => name !== ISSUER_KEYS_DIR).sort()) {
        for (const name of (await readdir(join(dir, chain))).sort()) {
          const source = join(dir, chain, name);
          try {
            const head = JSON.parse(await readFile(source, 'utf8')) as SignedHead;
            if (head.type !== 'protocol-head' || head.v !== 1 || typeof head.seq !== 'number' || typeof head.hash !== 'string') throw new Error('no head');
            heads.push({ head, source });
          } catch {
            unreadable.push(source);
          }
        }
      }
      return { heads, unreadable };
    },
  };
}
