// Signed checkpoints: the anchor a chain keeps when retention pruning removes its oldest records.
//
// A checkpoint states "records first_seq..last_seq of chain C (count of them) were removed; the
// last one had hash H", signed with Ed25519. The remaining chain links to H, so it still verifies
// from its new first record.
//
// Key choice: each checkpoint stores the public key it was signed with (SPKI DER, base64) and its
// fingerprint, so the verifier can always check the signature — no key material has to travel to
// whoever verifies. That alone only proves the checkpoint was not altered after signing; a DBA
// could sign a forged checkpoint with a key of their own. So the verifier also reports each
// fingerprint, and when it is given the trusted public key (PROTOCOL_VERIFY_KEY[_FILE], or derived
// from PROTOCOL_SIGNING_KEY[_FILE]) it rejects checkpoints signed by any other key.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from './canonical.ts';

export interface CheckpointRow {
  chain_id: string;
  last_seq: number;
  first_seq: number;
  last_hash: string;
  removed_count: number;
  cutoff: Date;
  created_at: Date;
  public_key: string;
  key_fingerprint: string;
  signature: string;
}

export type CheckpointFields = Omit<CheckpointRow, 'public_key' | 'key_fingerprint' | 'signature'>;

export class KeyError extends Error {
  readonly code = 'KEY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/** What is signed: every field of the checkpoint except the signature, canonically serialised. */
export function checkpointMessage(fields: CheckpointFields, keyFingerprint: string): string {
  return canonicalize({
    type: 'protocol-checkpoint',
    v: 1,
    chain: fields.chain_id,
    firstSeq: fields.first_seq,
    lastSeq: fields.last_seq,
    lastHash: fields.last_hash,
    count: fields.removed_count,
    cutoff: fields.cutoff.toISOString(),
    createdAt: fields.created_at.toISOString(),
    key: keyFingerprint,
  });
}

/** `sha256:<hex>` of the public key's SPKI DER encoding. */
export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** An Ed25519 private key from PKCS8 PEM (or an existing KeyObject). */
export function toSigningKey(key: KeyObject | string): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey({ key, format: 'pem' }) : key;
  } catch {
    throw new KeyError('not a PKCS8 PEM private key');
  }
  if (object.type !== 'private' || object.asymmetricKeyType !== 'ed25519') {
    throw new KeyError('not an Ed25519 private key');
  }
  return object;
}

/** An Ed25519 public key from SPKI PEM, or derived from a private key. */
export function toVerifyKey(key: KeyObject | string): KeyObject {
  let object: KeyObject;
  try {
    if (typeof key !== 'string') object = key;
    else if (key.includes('PRIVATE KEY')) object = createPublicKey(createPrivateKey({ key, format: 'pem' }));
    else object = createPublicKey({ key, format: 'pem' });
  } catch {
    throw new KeyError('not an SPKI PEM public key');
  }
  if (object.type === 'private') object = createPublicKey(object);
  if (object.asymmetricKeyType !== 'ed25519') throw new KeyError('not an Ed25519 key');
  return object;
}

export function signCheckpoint(
  fields: CheckpointFields,
  signingKey: KeyObject,
): Pick<CheckpointRow, 'public_key' | 'key_fingerprint' | 'signature'> {
  const publicKey = createPublicKey(signingKey);
  const fingerprint = keyFingerprint(publicKey);
  const signature = sign(null, Buffer.from(checkpointMessage(fields, fingerprint), 'utf8'), signingKey);
  return {
    public_key: (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    key_fingerprint: fingerprint,
    signature: signature.toString('base64'),
  };
}

export type CheckpointCheck =
  | { ok: true; fingerprint: string }
  | { ok: false; fingerprint: string; problem: 'signature_invalid' | 'untrusted_key'; detail: string };

/**
 * Checks a stored checkpoint: the stored key parses, its fingerprint is the stored one, the
 * signature covers the stored fields, and — when trusted keys are given — the key is one of them.
 */
export function checkCheckpoint(row: CheckpointRow, trustedFingerprints?: ReadonlySet<string>): CheckpointCheck {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return { ok: false, fingerprint: row.key_fingerprint, problem: 'signature_invalid', detail: 'the stored public key does not parse' };
  }
  const fingerprint = keyFingerprint(publicKey);
  if (publicKey.asymmetricKeyType !== 'ed25519' || fingerprint !== row.key_fingerprint) {
    return { ok: false, fingerprint, problem: 'signature_invalid', detail: 'the stored key does not match its fingerprint' };
  }
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(checkpointMessage(row, fingerprint), 'utf8'),
      publicKey,
      Buffer.from(row.signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid) {
    return { ok: false, fingerprint, problem: 'signature_invalid', detail: 'the signature does not match the checkpoint' };
  }
  if (trustedFingerprints && !trustedFingerprints.has(fingerprint)) {
    return { ok: false, fingerprint, problem: 'untrusted_key', detail: `signed by ${fingerprint}, which is not a trusted key` };
  }
  return { ok: true, fingerprint };
}
