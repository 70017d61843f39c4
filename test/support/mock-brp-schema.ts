import { isSchema, once, openApiValidators, type SchemaValidators } from './openapi-validators.ts';

// Validators for the BRP Personen 2.7.0 response schemas (data/brp/openapi.yaml, OpenAPI 3.1 =
// JSON Schema 2020-12), made strict enough to catch a mock that drifts from the spec (how, shared
// with the historie, bewoning, reisdocumenten and BAG validators: openapi-validators.ts):
//
// - `discriminator` is OpenAPI, not JSON Schema, and here it is used for inheritance (subtypes
//   allOf their base). Each discriminated base becomes a dispatcher: `type` must be one of the
//   mapping keys, and `if type = K then <subtype K>`, so the subtype's own properties are checked.
// - The spec never closes its objects. Every $ref used as a value (not as an allOf part) gets
//   `unevaluatedProperties: false`, so a property the spec does not define is an error.

export type { SchemaValidators };

const validators = once<SchemaValidators>(() =>
  openApiValidators({
    file: new URL('../../data/brp/openapi.yaml', import.meta.url),
    id: 'brp',
    discriminators: true,
    instanceAsUriReference: true,
  }),
);

export function brpSchemaValidators(): SchemaValidators {
  return validators();
}

/** Value at a JSON pointer (ajv instancePath). */
export function atPointer(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isSchema(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** The first character class of a pattern such as ^[a-zA-Z0-9À-ž \.\-\']{1,200}$. */
function characterClass(pattern: string): RegExp | undefined {
  const m = /\[((?:\\.|[^\]])*)\]/.exec(pattern);
  return m ? new RegExp(`^[${m[1]}]$`) : undefined;
}

/**
 * Characters of `value` that the pattern's character class does not allow. Used to recognise
 * pattern errors caused by the official test data itself (e.g. "Onbemind" with quotes): those
 * characters must occur in the stored person, so the mock cannot have introduced them.
 */
export function offendingCharacters(value: string, pattern: string): string[] {
  const cls = characterClass(pattern);
  if (!cls) return [];
  return [...new Set(Array.from(value).filter((ch) => !cls.test(ch)))];
}
