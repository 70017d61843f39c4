// Pseudonymised data subjects. The processing log names whose data was disclosed, but a dump of the
// database must not be a list of BSNs (Logboek Dataverwerkingen asks for an encrypted
// data_subject_id). So each subject id is stored twice over, neither in plain text:
//   subject_id      `hmac:<key id>:<hex>` — HMAC-SHA256 of "<type>:<id>": equal ids give equal
//                   pseudonyms, so look-ups (protocol:query --bsn) find a person by computing it;
//   subject_sealed  `v1.<key id>.<iv>.<ciphertext>.<tag>` — AES-256-GCM of the id, bound to its
//                   pseudonym: to answer who it was, e.g. for an access request.
// The keys live outside the database (PROTOCOL_SUBJECT_KEYS); both forms are hashed into the chain
// as stored, so verification needs no key. Rotation: put a new key first — new records use it, and
// the older keys stay in the list for look-ups and opening; records written before pseudonymisation
// keep their plain ids and are found by them too.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SubjectType } from './types.ts';

export interface SubjectKey {
  /** Short name of the key, stored with every pseudonym: [A-Za-z0-9_-]{1,32}. */
  id: string;
  /** 32 random bytes. */
  secret: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class SubjectKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubjectKeyError';
  }
}

export interface ProtectedSubject {
  subjectId: string;
  subjectSealed: string;
}

export class SubjectKeyring {
  readonly #keys: ReadonlyArray<{ id: string; mac: Buffer; seal: Buffer }>;

  constructor(keys: readonly SubjectKey[]) {
    if (keys.length === 0) throw new SubjectKeyError('at least one key is needed');
    const seen = new Set<string>();
    this.#keys = keys.map((k) => {
      if (!KEY_ID.test(k.id)) throw new SubjectKeyError(`key id "${k.id.slice(0, 40)}" is not 1–32 of A-Z a-z 0-9 _ -`);
      if (seen.has(k.id)) throw new SubjectKeyError(`key id "${k.id}" is listed twice`);
      seen.add(k.id);
      if (k.secret.length !== 32) throw new SubjectKeyError(`key "${k.id}" must be 32 bytes (base64 of 32 random bytes), not ${k.secret.length}`);
      // Separate keys for the two uses, derived from the one secret.
      const derive = (info: string) => Buffer.from(hkdfSync('sha256', k.secret, Buffer.alloc(0), info, 32));
      return { id: k.id, mac: derive('protocol subject pseudonym v1'), seal: derive('protocol subject seal v1') };
    });
  }

  /** The key new records use. */
  get currentKeyId(): string {
    return this.#keys[0].id;
  }

  protect(type: SubjectType, id: string): ProtectedSubject {
    const key = this.#keys[0];
    const subjectId = pseudonym(key, type, id);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.seal, iv);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(`${type}:${id}`, 'utf8'), cipher.final()]);
    const b64 = (b: Buffer) => b.toString('base64url');
    return { subjectId, subjectSealed: `v1.${key.id}.${b64(iv)}.${b64(ciphertext)}.${b64(cipher.getAuthTag())}` };
  }

  /** Every form the subject may be stored under: its pseudonym under each key, and its plain id (older records). */
  lookups(type: SubjectType, id: string): string[] {
    return [...this.#keys.map((k) => pseudonym(k, type, id)), id];
  }

  /** The subject behind a sealed id, checked against its pseudonym; undefined when no key of the ring opens it. */
  open(subjectId: string, sealed: string): { type: SubjectType; id: string } | undefined {
    const [v, keyId, iv, ciphertext, tag] = sealed.split('.');
    const key = this.#keys.find((k) => k.id === keyId);
    if (v !== 'v1' || !key || !iv || !ciphertext || !tag) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.seal, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(subjectId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      const at = text.indexOf(':');
      return { type: text.slice(0, at) as SubjectType, id: text.slice(at + 1) };
    } catch {
      return undefined;
    }
  }
}

function pseudonym(key: { id: string; mac: Buffer }, type: SubjectType, id: string): string {
  return `hmac:${key.id}:${createHmac('sha256', key.mac).update(`${type}:${id}`, 'utf8').digest('hex')}`;
}

/** `id:base64,id2:base64` (the current key first), as PROTOCOL_SUBJECT_KEYS holds it. */
export function parseSubjectKeys(text: string): SubjectKeyring {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) throw new SubjectKeyError('each key is written <id>:<base64 of 32 bytes>');
      return { id: entry.slice(0, at), secret: Buffer.from(entry.slice(at + 1), 'base64') };
    });
  return new SubjectKeyring(keys);
}
