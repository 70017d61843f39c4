import type { ErrorObject } from 'ajv/dist/2020.js';
import { isSchema, once, openApiValidators, REF, type Schema } from './openapi-validators.ts';

// Validators for the BAG API Individuele Bevragingen 2.0.0 responses (data/bag/openapi.yaml, OpenAPI
// 3.0.0), made as strict as the BRP ones (test/support/mock-brp-schema.ts; how: openapi-validators.ts):
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

const validators = once<BagSchemaValidators>(() => {
  const { spec, validate } = openApiValidators<Spec>({
    file: new URL('../../data/bag/openapi.yaml', import.meta.url),
    id: 'bag',
    discriminators: false,
    instanceAsUriReference: false,
    fix: (schemas) => {
      const adres = schemas.Adres;
      if (isSchema(adres) && Array.isArray(adres.required)) adres.required = adres.required.map((r) => (r === 'kortNaam' ? 'korteNaam' : r));
    },
  });
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
  return {
    validate,
    responseSchema,
    validateResponse: (specPath, status, body) => validate(responseSchema(specPath, status), body),
  };
});

export function bagSchemaValidators(): BagSchemaValidators {
  return validators();
}
