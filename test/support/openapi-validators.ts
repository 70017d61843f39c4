import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// What the validators of the mocks' OpenAPI specs share (mock-brp-schema.ts, mock-historie-schema.ts,
// mock-bewoning-schema.ts, mock-reisdocumenten-schema.ts, mock-bag-schema.ts): the spec's
// components.schemas under Ajv2020, made strict enough to catch a mock that drifts from the spec:
//
// - The specs never close their objects. Every $ref used as a value (not as an allOf part) gets
//   `unevaluatedProperties: false`, so a property the spec does not define is an error.
// - `discriminator` is OpenAPI, not JSON Schema, and the BRP specs use it for inheritance (subtypes
//   allOf their base). With `discriminators`, each discriminated base becomes a dispatcher: `type`
//   must be one of the mapping keys, and `if type = K then <subtype K>`, so the subtype's own
//   properties are checked.
// - With `instanceAsUriReference`, Foutbericht.instance is checked as a URI reference (RFC 7807
//   §3.1): the APIs (and the feature files) send the request path, which the spec's `format: uri`
//   would reject.
// - Patterns are compiled without the 'u' flag ajv uses by default: the specs' patterns escape quotes
//   (\') or use \uXXXX escapes and ranges that flag rejects.

export type Schema = Record<string, unknown>;

export const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
export const REF = '#/components/schemas/';

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

export interface OpenApiSpec {
  components: { schemas: Record<string, Schema> };
}

export interface OpenApiValidatorOptions {
  /** The spec file (YAML). */
  file: URL;
  /** The $id the schemas are added under. */
  id: string;
  /** Turn each discriminated base into a dispatcher. */
  discriminators: boolean;
  /** Check Foutbericht.instance as format uri-reference. */
  instanceAsUriReference: boolean;
  /** A fix of the (closed, dispatched) schemas before they are compiled. */
  fix?: (schemas: Record<string, Schema>) => void;
}

/** Validators of the spec's components.schemas (closed); `spec` is the parsed file as read. */
export function openApiValidators<S extends OpenApiSpec = OpenApiSpec>(
  options: OpenApiValidatorOptions,
): SchemaValidators & { spec: S } {
  const spec = parse(readFileSync(options.file, 'utf8')) as S;
  const schemas = closeObjects(spec.components.schemas) as Record<string, Schema>;
  if (options.discriminators) dispatchDiscriminators(schemas);
  if (options.instanceAsUriReference) {
    const foutProps = schemas.Foutbericht?.properties;
    if (isSchema(foutProps) && isSchema(foutProps.instance)) foutProps.instance = { ...foutProps.instance, format: 'uri-reference' };
  }
  options.fix?.(schemas);

  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  ajv.addSchema({ $id: options.id, components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  return {
    spec,
    validate(schemaName, data) {
      let fn = compiled.get(schemaName);
      if (!fn) {
        fn = ajv.compile({ $ref: `${options.id}${REF}${schemaName}`, unevaluatedProperties: false });
        compiled.set(schemaName, fn);
      }
      return fn(data) ? [] : [...(fn.errors ?? [])];
    },
  };
}

/** `make` run on the first call only; later calls get the same validators. */
export function once<T>(make: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: make() }).value;
}
