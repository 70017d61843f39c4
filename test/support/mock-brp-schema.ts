import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validators for the BRP Personen 2.7.0 response schemas (data/brp/openapi.yaml, OpenAPI 3.1 =
// JSON Schema 2020-12), made strict enough to catch a mock that drifts from the spec:
//
// - `discriminator` is OpenAPI, not JSON Schema, and here it is used for inheritance (subtypes
//   allOf their base). Each discriminated base becomes a dispatcher: `type` must be one of the
//   mapping keys, and `if type = K then <subtype K>`, so the subtype's own properties are checked.
// - The spec never closes its objects. Every $ref used as a value (not as an allOf part) gets
//   `unevaluatedProperties: false`, so a property the spec does not define is an error.

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = '#/components/schemas/';

/** Wraps value-position $refs with unevaluatedProperties:false; allOf parts stay open. */
function closeObjects(node: unknown, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n, inAllOf));
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'allOf' && Array.isArray(value)) out[key] = value.map((v) => closeObjects(v, true));
    else if (key === 'properties' && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeObjects(v)]));
    } else out[key] = closeObjects(value);
  }
  if (typeof out.$ref === 'string' && !inAllOf) return { ...out, unevaluatedProperties: false };
  return out;
}

function dispatchDiscriminators(schemas: Record<string, Schema>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const discriminator = schema.discriminator;
    if (!isSchema(discriminator)) continue;
    const prop = String(discriminator.propertyName);
    const mapping = discriminator.mapping as Record<string, string>;
    const { discriminator: _removed, ...base } = schema;
    const baseName = `${name}__Basis`;
    schemas[baseName] = base;
    for (const target of Object.values(mapping)) {
      const sub = schemas[target.slice(REF.length)];
      if (!sub || !Array.isArray(sub.allOf)) continue;
      sub.allOf = sub.allOf.map((part: unknown) =>
        isSchema(part) && part.$ref === `${REF}${name}` ? { $ref: `${REF}${baseName}` } : part);
    }
    schemas[name] = {
      type: 'object',
      required: [prop],
      properties: { [prop]: { enum: Object.keys(mapping) } },
      allOf: Object.entries(mapping).map(([key, target]) => ({
        if: { properties: { [prop]: { const: key } }, required: [prop] },
        then: { $ref: target },
      })),
    };
  }
}

export interface SchemaValidators {
  validate(schemaName: string, data: unknown): ErrorObject[];
}

let cached: SchemaValidators | undefined;

export function brpSchemaValidators(): SchemaValidators {
  if (cached) return cached;
  const spec = parse(readFileSync(new URL('../../data/brp/openapi.yaml', import.meta.url), 'utf8')) as {
    components: { schemas: Record<string, Schema> };
  };
  const schemas = closeObjects(spec.components.schemas) as Record<string, Schema>;
  dispatchDiscriminators(schemas);
  // RFC 7807 §3.1 defines `instance` as a URI reference; the API (and the feature files) send the
  // request path, which the spec's `format: uri` would reject.
  const foutProps = schemas.Foutbericht?.properties;
  if (isSchema(foutProps) && isSchema(foutProps.instance)) foutProps.instance = { ...foutProps.instance, format: 'uri-reference' };

  // The spec's patterns escape quotes (\'), which is invalid with the 'u' flag ajv uses by default.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  ajv.addSchema({ $id: 'brp', components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  cached = {
    validate(schemaName, data) {
      let fn = compiled.get(schemaName);
      if (!fn) {
        fn = ajv.compile({ $ref: `brp${REF}${schemaName}`, unevaluatedProperties: false });
        compiled.set(schemaName, fn);
      }
      return fn(data) ? [] : [...(fn.errors ?? [])];
    },
  };
  return cached;
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
