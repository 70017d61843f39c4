// Canonical JSON: one byte sequence per value, so a hash computed when a record is written can be
// recomputed from the stored row years later, by another program if need be. It follows RFC 8785
// (JSON Canonicalization Scheme) for the values the protocol log uses: object keys sorted by UTF-16
// code units, no whitespace, strings escaped as JSON.stringify does (which matches JCS for
// well-formed strings), integers only (no floats: their rendering is where implementations differ).
// `undefined` and `null` members are both omitted, so an optional field stored as NULL and the same
// field absent in memory serialise alike.

export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

export function canonicalize(value: CanonicalValue): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON carries safe integers only, got ${value}`);
      return String(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    // A list of strings (a record's fields) in one native call: JSON.stringify renders it exactly as
    // the element-wise join below would (each string as JSON.stringify renders it, commas, no spaces).
    if ((value as readonly CanonicalValue[]).every((v) => typeof v === 'string')) return JSON.stringify(value);
    return `[${(value as readonly CanonicalValue[]).map((v) => canonicalize(v === undefined ? null : v)).join(',')}]`;
  }
  const object = value as { readonly [key: string]: CanonicalValue };
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined || member === null) continue;
    members.push(`${JSON.stringify(key)}:${canonicalize(member)}`);
  }
  return `{${members.join(',')}}`;
}
