import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validators for the BRP Reisdocumenten bevragen 2.0.0 schemas (data/brp-reisdocumenten/openapi.yaml,
// OpenAPI 3.0.3), made as strict as the BRP Personen ones (test/support/mock-brp-schema.ts):
//
// - `discriminator` (ReisdocumentenQueryResponse, AbstractDatum) is OpenAPI, not JSON Schema, and is
//   used for inheritance. Each discriminated base becomes a dispatcher: `type` must be a mapping key
//   and `if type = K then <subtype K>`, so the subtype's own properties are checked.
// - The spec never closes its objects. Every $ref used as a value (not as an allOf part) gets
//   `unevaluatedProperties: false`, so a property the spec does not define is an error.
// The 3.0 schemas used here (type, properties, required, allOf, pattern, format, min/max) mean the
// same in JSON Schema 2020-12; the spec has no `nullable`.

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

export function reisdocumentenSchemaValidators(): SchemaValidators {
  if (cached) return cached;
  const spec = parse(readFileSync(new URL('../../data/brp-reisdocumenten/openapi.yaml', import.meta.url), 'utf8')) as {
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
  ajv.addSchema({ $id: 'reisdocumenten', components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  cached = {
    validate(schemaName, data) {
      let fn = compiled.get(schemaName);
      if (!fn) {
        fn = ajv.compile({ $ref: `reisdocumenten${REF}${schemaName}`, unevaluatedProperties: false });
        compiled.set(schemaName, fn);
      }
      // Ajv reports a failing if/then also as 'if'; the errors under 'then' say what is wrong.
      return fn(data) ? [] : (fn.errors ?? []).filter((e) => e.keyword !== 'if');
    },
  };
  return cached;
}

/** The spec's request schema, for checking that the test's own requests are valid ones. */
export function isValidRequest(body: unknown): boolean {
  return reisdocumentenSchemaValidators().validate('ReisdocumentenQuery', body).length === 0;
}
