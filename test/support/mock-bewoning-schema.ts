import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validators for the BRP Bewoning 2.1 response schemas (data/brp-bewoning/openapi.yaml, OpenAPI 3.1 =
// JSON Schema 2020-12), made as strict as test/support/mock-brp-schema.ts makes the personen ones:
//
// - `discriminator` is used for inheritance (subtypes allOf their base: AbstractDatum). Each
//   discriminated base becomes a dispatcher: `type` must be a mapping key, and `if type = K then <subtype K>`.
// - Every $ref used as a value (not as an allOf part) gets `unevaluatedProperties: false`, so a
//   property the spec does not define (on a Bewoning, a Bewoner, a Periode, a problem) is an error.

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = '#/components/schemas/';

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

export function bewoningSchemaValidators(): SchemaValidators {
  if (cached) return cached;
  const spec = parse(readFileSync(new URL('../../data/brp-bewoning/openapi.yaml', import.meta.url), 'utf8')) as {
    components: { schemas: Record<string, Schema> };
  };
  const schemas = closeObjects(spec.components.schemas) as Record<string, Schema>;
  dispatchDiscriminators(schemas);
  // RFC 7807 §3.1: `instance` is a URI reference; the API (and fout-cases.feature) send the path.
  const foutProps = schemas.Foutbericht?.properties;
  if (isSchema(foutProps) && isSchema(foutProps.instance)) foutProps.instance = { ...foutProps.instance, format: 'uri-reference' };

  // The spec's patterns escape quotes (\'), which is invalid with the 'u' flag ajv uses by default.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  ajv.addSchema({ $id: 'bewoning', components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  cached = {
    validate(schemaName, data) {
      let fn = compiled.get(schemaName);
      if (!fn) {
        fn = ajv.compile({ $ref: `bewoning${REF}${schemaName}`, unevaluatedProperties: false });
        compiled.set(schemaName, fn);
      }
      return fn(data) ? [] : [...(fn.errors ?? [])];
    },
  };
  return cached;
}
