// The protocol's keys, outside the database (PROTOCOL_SUBJECT_KEYS): they pseudonymise and seal the
// data subjects, and seal the evidence of what a request asked for (envelope encryption).
//
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

export class ProtocolKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolKeyError';
  }
}

export interface ProtectedSubject {
  subjectId: string;
  subjectSealed: string;
}

export class ProtocolKeyring {
  readonly #keys: ReadonlyArray<{ id: string; mac: Buffer; seal: Buffer; kek: Buffer }>;

  constructor(keys: readonly SubjectKey[]) {
    if (keys.length === 0) throw new ProtocolKeyError('at least one key is needed');
    const seen = new Set<string>();
    this.#keys = keys.map((k) => {
      if (!KEY_ID.test(k.id)) throw new ProtocolKeyError(`key id "${k.id.slice(0, 40)}" is not 1–32 of A-Z a-z 0-9 _ -`);
      if (seen.has(k.id)) throw new ProtocolKeyError(`key id "${k.id}" is listed twice`);
      seen.add(k.id);
      if (k.secret.length !== 32) throw new ProtocolKeyError(`key "${k.id}" must be 32 bytes (base64 of 32 random bytes), not ${k.secret.length}`);
      // Separate keys for the two uses, derived from the one secret.
      const derive = (info: string) => Buffer.from(hkdfSync('sha256', k.secret, Buffer.alloc(0), info, 32));
      return { id: k.id, mac: derive('protocol subject pseudonym v1'), seal: derive('protocol subject seal v1'), kek: derive('protocol evidence kek v1') };
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

  /**
   * Evidence sealed by envelope encryption: a fresh data key per value encrypts it (AES-256-GCM, bound
   * to its kind), and the key-encryption key of the ring wraps that data key — so a key-encryption key
   * can be rotated by re-wrapping data keys, without touching the values.
   * Format: `e1.<key id>.<wrap iv>.<wrapped data key>.<wrap tag>.<iv>.<ciphertext>.<tag>` (base64url).
   */
  sealEvidence(kind: string, value: unknown): string {
    const key = this.#keys[0];
    const b64 = (b: Buffer) => b.toString('base64url');
    const dataKey = randomBytes(32);
    const wrapIv = randomBytes(12);
    const wrap = createCipheriv('aes-256-gcm', key.kek, wrapIv);
    const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(Buffer.from(kind, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['e1', key.id, b64(wrapIv), b64(wrapped), b64(wrap.getAuthTag()), b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
  }

  /** The value sealed as `kind`; undefined when no key of the ring opens it (or it was sealed as another kind). */
  openEvidence(kind: string, sealed: string): unknown {
    const [v, keyId, wrapIv, wrapped, wrapTag, iv, ciphertext, tag] = sealed.split('.');
    const key = this.#keys.find((k) => k.id === keyId);
    if (v !== 'e1' || !key || tag === undefined) return undefined;
    const bytes = (s: string) => Buffer.from(s, 'base64url');
    try {
      const unwrap = createDecipheriv('aes-256-gcm', key.kek, bytes(wrapIv));
      unwrap.setAuthTag(bytes(wrapTag));
      const dataKey = Buffer.concat([unwrap.update(bytes(wrapped)), unwrap.final()]);
      const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes(iv));
      decipher.setAAD(Buffer.from(kind, 'utf8'));
      decipher.setAuthTag(bytes(tag));
      return JSON.parse(Buffer.concat([decipher.update(bytes(ciphertext)), decipher.final()]).toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
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
export function parseProtocolKeys(text: string): ProtocolKeyring {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) throw new ProtocolKeyError('each key is written <id>:<base64 of 32 bytes>');
      return { id: entry.slice(0, at), secret: Buffer.from(entry.slice(at + 1), 'base64') };
    });
  return new ProtocolKeyring(keys);
}
