import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// Validators for the BAG API Individuele Bevragingen 2.0.0 responses (data/bag/openapi.yaml, OpenAPI
// 3.0.0), made as strict as the BRP ones (test/support/mock-brp-schema.ts):
//
// - The spec never closes its objects. Every $ref used as a value (not as an allOf part) gets
//   `unevaluatedProperties: false`, so a property the spec does not define is an error.
// - `AdresseerbaarObject` has a `discriminator` without a mapping; it needs no dispatching here
//   (AdresseerbaarObjectIOHal names ligplaats, standplaats and verblijfsobject as properties of their
//   own) and is left as it is (Ajv ignores it when not strict).
// - One fix of the spec: `Adres.required` lists `kortNaam`, a property that does not exist (the
//   property is `korteNaam`). With closed objects that schema could never be met; the validator
//   requires `korteNaam` instead, which is what the typo means.
// The 3.0 schemas use no `nullable`, no boolean exclusiveMinimum and no other keyword that JSON
// Schema 2020-12 reads differently, so Ajv2020 validates them as they are.

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

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

export interface BagSchemaValidators {
  /** Errors of `data` against components.schemas[schemaName] (closed). */
  validate(schemaName: string, data: unknown): ErrorObject[];
  /** The schema name the spec declares for GET `specPath` answering `status` (else its `default`). */
  responseSchema(specPath: string, status: number): string;
  /** Errors of a response body against what the spec declares for that operation and status. */
  validateResponse(specPath: string, status: number, body: unknown): ErrorObject[];
}

let cached: BagSchemaValidators | undefined;

export function bagSchemaValidators(): BagSchemaValidators {
  if (cached) return cached;
  const spec = parse(readFileSync(new URL('../../data/bag/openapi.yaml', import.meta.url), 'utf8')) as Spec;
  const schemas = closeObjects(spec.components.schemas) as Record<string, Schema>;
  const adres = schemas.Adres;
  if (isSchema(adres) && Array.isArray(adres.required)) adres.required = adres.required.map((r) => (r === 'kortNaam' ? 'korteNaam' : r));

  // The spec's patterns use \uXXXX escapes and ranges Ajv's default 'u' flag rejects.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  ajv.addSchema({ $id: 'bag', components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  const validate = (schemaName: string, data: unknown): ErrorObject[] => {
    let fn = compiled.get(schemaName);
    if (!fn) {
      fn = ajv.compile({ $ref: `bag${REF}${schemaName}`, unevaluatedProperties: false });
      compiled.set(schemaName, fn);
    }
    return fn(data) ? [] : [...(fn.errors ?? [])];
  };
  const responseSchema = (specPath: string, status: number): string => {
    const responses = spec.paths[specPath]?.get?.responses;
    if (!responses) throw new Error(`no GET ${specPath} in the spec`);
    const response = responses[String(status)] ?? responses.default;
    const content = response?.content ?? {};
    const media = content['application/hal+json'] ?? content['application/problem+json'];
    const ref = media?.schema?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(REF)) throw new Error(`GET ${specPath} ${status}: no schema reference`);
    return ref.slice(REF.length);
  };
  cached = {
    validate,
    responseSchema,
    validateResponse: (specPath, status, body) => validate(responseSchema(specPath, status), body),
  };
  return cached;
}
