import { once, openApiValidators, type SchemaValidators } from './openapi-validators.ts';

// Validators for the BRP Reisdocumenten bevragen 2.0.0 schemas (data/brp-reisdocumenten/openapi.yaml,
// OpenAPI 3.0.3), made as strict as the BRP Personen ones (test/support/mock-brp-schema.ts; how:
// openapi-validators.ts): the discriminated bases (ReisdocumentenQueryResponse, AbstractDatum)
// dispatch on `type`, so the subtype's own properties are checked, and objects are closed.
// The 3.0 schemas used here (type, properties, required, allOf, pattern, format, min/max) mean the
// same in JSON Schema 2020-12; the spec has no `nullable`.

export type { SchemaValidators };

const validators = once<SchemaValidators>(() => {
  const base = openApiValidators({
    file: new URL('../../data/brp-reisdocumenten/openapi.yaml', import.meta.url),
    id: 'reisdocumenten',
    discriminators: true,
    instanceAsUriReference: true,
  });
  return {
    // Ajv reports a failing if/then also as 'if'; the errors under 'then' say what is wrong.
    validate: (schemaName, data) => base.validate(schemaName, data).filter((e) => e.keyword !== 'if'),
  };
});

export function reisdocumentenSchemaValidators(): SchemaValidators {
  return validators();
}

/** The spec's request schema, for checking that the test's own requests are valid ones. */
export function isValidRequest(body: unknown): boolean {
  return reisdocumentenSchemaValidators().validate('ReisdocumentenQuery', body).length === 0;
}
