import { once, openApiValidators, type SchemaValidators } from './openapi-validators.ts';

// Validators for the BRP historie bevragen 2.0 response schemas (data/brp-historie/openapi.yaml,
// OpenAPI 3.0.3), made as strict as test/support/mock-brp-schema.ts makes the personen ones (how:
// openapi-validators.ts): discriminators dispatch, objects are closed, Foutbericht.instance is a
// URI reference. The 3.0 schemas use no keyword that JSON Schema 2020-12 reads differently (no
// nullable, no exclusiveMinimum), so Ajv2020 validates them as they are.

export type { SchemaValidators };

const validators = once<SchemaValidators>(() =>
  openApiValidators({
    file: new URL('../../data/brp-historie/openapi.yaml', import.meta.url),
    id: 'historie',
    discriminators: true,
    instanceAsUriReference: true,
  }),
);

export function historieSchemaValidators(): SchemaValidators {
  return validators();
}
