import { once, openApiValidators, type SchemaValidators } from './openapi-validators.ts';

// Validators for the BRP Bewoning 2.1 response schemas (data/brp-bewoning/openapi.yaml, OpenAPI 3.1 =
// JSON Schema 2020-12), made as strict as test/support/mock-brp-schema.ts makes the personen ones (how:
// openapi-validators.ts): each discriminated base (AbstractDatum) dispatches on `type`, and a property
// the spec does not define (on a Bewoning, a Bewoner, a Periode, a problem) is an error.

export type { SchemaValidators };

const validators = once<SchemaValidators>(() =>
  openApiValidators({
    file: new URL('../../data/brp-bewoning/openapi.yaml', import.meta.url),
    id: 'bewoning',
    discriminators: true,
    instanceAsUriReference: true,
  }),
);

export function bewoningSchemaValidators(): SchemaValidators {
  return validators();
}
