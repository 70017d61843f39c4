// application/problem+json bodies (RFC 9457) as the contract's Problem schema describes them:
// a stable `code`, and for 400s the offending query parameters in `invalidParams`.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const RFC9110 = 'https://www.rfc-editor.org/rfc/rfc9110.html';

export type InvalidParamCode =
  | 'required' | 'unknownParam' | 'repeated' | 'enum' | 'pattern' | 'integer' | 'minimum' | 'maximum' | 'maxItems' | 'invalid';

export interface InvalidParam {
  name: string;
  code: InvalidParamCode;
  reason: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  invalidParams?: InvalidParam[];
}

export interface Problem {
  status: number;
  body: ProblemBody;
}

function problem(status: number, type: string, title: string, code: string, instance: string, detail?: string): Problem {
  return { status, body: { type, title, status, ...(detail === undefined ? {} : { detail }), instance, code } };
}

export function paramsValidation(instance: string, invalidParams: readonly InvalidParam[]): Problem {
  const names = [...new Set(invalidParams.map((p) => p.name))];
  const p = problem(400, `${RFC9110}#name-400-bad-request`, 'One or more parameters are not valid.', 'paramsValidation', instance,
    `Invalid parameter(s): ${names.join(', ')}.`);
  p.body.invalidParams = invalidParams.map((ip) => ({ ...ip }));
  return p;
}

export function notFound(instance: string, detail?: string): Problem {
  return problem(404, `${RFC9110}#name-404-not-found`, 'The requested resource does not exist.', 'notFound', instance, detail);
}

export function methodNotAllowed(instance: string): Problem {
  return problem(405, `${RFC9110}#name-405-method-not-allowed`, 'Method not allowed.', 'methodNotAllowed', instance, 'Only GET is supported.');
}

/** A problem for a bare status: failure injection without a body, or an unexpected error. */
export function problemForStatus(status: number, instance: string): Problem {
  switch (status) {
    case 400: return problem(400, `${RFC9110}#name-400-bad-request`, 'Bad request.', 'badRequest', instance);
    case 401: return problem(401, `${RFC9110}#name-401-unauthorized`, 'Not authenticated.', 'authentication', instance);
    case 403: return problem(403, `${RFC9110}#name-403-forbidden`, 'Not authorised for this operation.', 'authorisation', instance);
    case 404: return notFound(instance);
    case 405: return methodNotAllowed(instance);
    case 429: return problem(429, 'https://www.rfc-editor.org/rfc/rfc6585.html#section-4', 'Too many requests.', 'tooManyRequests', instance);
    case 502: return problem(502, `${RFC9110}#name-502-bad-gateway`, 'Bad gateway.', 'badGateway', instance);
    case 503: return problem(503, `${RFC9110}#name-503-service-unavailable`, 'The service is temporarily unavailable.', 'notAvailable', instance);
    case 504: return problem(504, `${RFC9110}#name-504-gateway-timeout`, 'Gateway timeout.', 'gatewayTimeout', instance);
    default:
      return status >= 500
        ? problem(status, `${RFC9110}#name-500-internal-server-error`, 'Internal server error.', 'serverError', instance)
        : problem(status, `${RFC9110}#name-400-bad-request`, 'Bad request.', 'badRequest', instance);
  }
}
