import type { JsonObject } from '../brp/json.ts';

// application/problem+json bodies (RFC 7807) as the Reisdocumenten API returns them. They are the
// BRP API's (zoek-fout-cases.feature and fields-fout-cases.feature prescribe the same titles, codes,
// details and reasons), except the title of 405, which the reisdocumenten features word differently.

export {
  invalidJson,
  notAcceptable,
  notFound,
  ONDERSTEUND_CONTENT_TYPE,
  paramsValidation,
  PROBLEM_CONTENT_TYPE,
  problemVoorStatus,
  REASON,
  unsupportedMediaType,
  type InvalidParam,
  type Problem,
} from '../brp/errors.ts';
import type { Problem } from '../brp/errors.ts';

export function methodNotAllowed(instance: string): Problem {
  const body: JsonObject = {
    type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5',
    title: 'Gebruikte bevragingsmethode is niet toegestaan.',
    status: 405,
    instance,
    code: 'methodNotAllowed',
  };
  return { status: 405, body };
}
