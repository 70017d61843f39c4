import type { Problem } from '../brp/errors.ts';

// problem+json bodies of the historie API. The BRP Personen mock's bodies fit where the historie
// feature files (fout-cases.feature) spell them alike: paramsValidation, 406, 415, 404, invalid JSON
// and the bare-status bodies of failure injection. The 405 title differs
// ('Gebruikte bevragingsmethode is niet toegestaan.'), so it is made here.

export {
  invalidJson,
  notAcceptable,
  notFound,
  ONDERSTEUND_CONTENT_TYPE,
  paramsValidation,
  PROBLEM_CONTENT_TYPE,
  problemVoorStatus,
  unsupportedMediaType,
  type InvalidParam,
  type Problem,
} from '../brp/errors.ts';

export function methodNotAllowed(instance: string): Problem {
  return {
    status: 405,
    body: {
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5',
      title: 'Gebruikte bevragingsmethode is niet toegestaan.',
      status: 405,
      instance,
      code: 'methodNotAllowed',
    },
  };
}
