// Which personal data leaves with the exported records (PROTOCOL_EXPORT_FIELDS), and in what form.
//
// A SIEM is another system with other administrators: what the protocol log holds about people only
// leaves when the municipality chose so, field by field. By default only pseudonyms leave:
//   subject.pseudonym  the data subject as stored — `hmac:<key id>:<hex>` (keyring.ts); a record of before
//                      pseudonymisation (plain subject_id) is pseudonymised here with the current key;
//   user.pseudonym     the employee (principal subject), `hmac:<key id>:<hex>` of "PRINCIPAL:<id>" under a
//   actor.pseudonym    key derived (HKDF) from the current PROTOCOL_SUBJECT_KEYS key, for this use only:
//                      the same employee gets the same pseudonym as user and as actor, and across records,
//                      so a SIEM can correlate one employee's requests without learning who it is.
// On request also the plain values: user.id, actor.id (an actor is a client_id, else a subject), the free
// text task_description (it may name a person), and subject.id — the plain BSN / ECK iD, opened from
// subject_sealed with PROTOCOL_SUBJECT_KEYS. Never leave: what a request asked (asked_sealed), addresses,
// the kept token; they are only opened by protocol:query. A pseudonym follows the current key: after a key
// rotation the same person gets a new pseudonym.
import { createHmac, hkdfSync } from 'node:crypto';
import { ConfigError } from '../../../base/config/env.ts';
import { parseProtocolKeys, type ProtocolKeyring } from '../keyring.ts';
import type { SubjectType } from '../types.ts';

/** The selectable personal fields and the ECS field each fills (README). */
export const EXPORT_FIELDS = {
  'subject.pseudonym': 'facade.subject.hash',
  'subject.id': 'facade.subject.id',
  'user.pseudonym': 'user.hash',
  'user.id': 'user.id',
  'actor.pseudonym': 'facade.actor.hash',
  'actor.id': 'facade.actor.id',
  task_description: 'facade.task_description',
} as const;

export type ExportField = keyof typeof EXPORT_FIELDS;

export const DEFAULT_EXPORT_FIELDS = 'subject.pseudonym,user.pseudonym,actor.pseudonym';

/** The names of a PROTOCOL_EXPORT_FIELDS value, or a problem naming the unknown one. `none`: nothing personal. */
export function parseExportFields(text: string): ReadonlySet<ExportField> | string {
  const names = text.split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return new Set();
  const known = Object.keys(EXPORT_FIELDS);
  const chosen = new Set<ExportField>();
  for (const name of names) {
    if (!known.includes(name)) return `unknown field "${name.slice(0, 40)}" (known: ${known.join(', ')}; or none)`;
    chosen.add(name as ExportField);
  }
  if (chosen.size === 0) return `names no field (known: ${known.join(', ')}; or none)`;
  return chosen;
}

export interface SubjectForms {
  hash?: string;
  id?: string;
}

/** The forms of one identifier that leave: its pseudonym and/or its plain value, as chosen. */
export interface PersonalData {
  readonly fields: ReadonlySet<ExportField>;
  /** The data subject of a processing record, as stored. */
  subject(type: SubjectType, stored: string, sealed: string | undefined): SubjectForms;
  /** An employee or client: the user (principal subject) or an actor. */
  principal(role: 'user' | 'actor', id: string): SubjectForms;
  taskDescription(text: string | undefined): string | undefined;
  /** Values that were chosen but could not be produced (no key opens them), counted per field. */
  readonly unavailable: Readonly<Record<string, number>>;
}

const HMAC_PREFIX = 'hmac:';

/**
 * The personal-data policy of an export. `keysText` is PROTOCOL_SUBJECT_KEYS (its current key derives the
 * principal pseudonyms), `keyring` the same keys parsed (opens sealed subjects). Without keys pseudonyms that
 * must be computed are left out (counted in `unavailable`); choosing subject.id without keys is a
 * configuration error.
 */
export function personalData(fields: ReadonlySet<ExportField>, keysText?: string): PersonalData {
  let keyring: ProtocolKeyring | undefined;
  let principalKey: { id: string; mac: Buffer } | undefined;
  if (keysText?.trim()) {
    try {
      keyring = parseProtocolKeys(keysText);
    } catch (error) {
      throw new ConfigError('PROTOCOL_SUBJECT_KEYS', error instanceof Error ? error.message : String(error));
    }
    // The current key (first), as parseProtocolKeys has just validated it.
    const first = keysText.split(',').map((e) => e.trim()).filter(Boolean)[0];
    const at = first.indexOf(':');
    const secret = Buffer.from(first.slice(at + 1), 'base64');
    principalKey = { id: first.slice(0, at), mac: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'protocol export principal pseudonym v1', 32)) };
  }
  if (fields.has('subject.id') && !keyring) {
    throw new ConfigError('PROTOCOL_EXPORT_FIELDS', 'subject.id needs PROTOCOL_SUBJECT_KEYS: the subjects are stored sealed');
  }
  const unavailable: Record<string, number> = {};
  const missing = (field: ExportField) => {
    unavailable[field] = (unavailable[field] ?? 0) + 1;
    return undefined;
  };
  return {
    fields,
    unavailable,
    subject(type, stored, sealed) {
      const forms: SubjectForms = {};
      const pseudonymised = stored.startsWith(HMAC_PREFIX);
      if (fields.has('subject.pseudonym')) {
        forms.hash = pseudonymised ? stored : keyring ? keyring.lookups(type, stored)[0] : missing('subject.pseudonym');
      }
      if (fields.has('subject.id')) {
        if (!pseudonymised) forms.id = stored; // written before pseudonymisation (migration 006)
        else forms.id = (sealed && keyring?.open(stored, sealed)?.id) || missing('subject.id');
      }
      return forms;
    },
    principal(role, id) {
      const forms: SubjectForms = {};
      if (fields.has(`${role}.pseudonym`)) {
        forms.hash = principalKey
          ? `${HMAC_PREFIX}${principalKey.id}:${createHmac('sha256', principalKey.mac).update(`PRINCIPAL:${id}`, 'utf8').digest('hex')}`
          : missing(`${role}.pseudonym`);
      }
      if (fields.has(`${role}.id`)) forms.id = id;
      return forms;
    },
    taskDescription(text) {
      return fields.has('task_description') ? text : undefined;
    },
  };
}
