// The facade's one error vocabulary, closed: every `extensions.code` a caller
// can see, and every `reason` of a FORBIDDEN denial with its plain message.
// A reason added without a message does not compile (DENIAL_MESSAGES is a
// complete Record); the same condition has the same reason in BRP and Edu-V.

/** Every `extensions.code` the facade answers with. */
export const ERROR_CODES = [
  'UNAUTHENTICATED', // 401: no valid access token
  'AUTHENTICATION_UNAVAILABLE', // 503: the issuer's keys cannot be fetched right now; retry
  'CLIENT_NOT_REGISTERED', // 403: the token's client is not in the client registry
  'PURPOSE_REQUIRED', // 400: several purposes held, none named (x-doelbinding)
  'PURPOSE_NOT_PERMITTED', // 403: the named purpose is not held
  'FORBIDDEN', // a denied field or operation; `reason` says why
  'BAD_USER_INPUT', // an argument was refused; `argumentName` names it
  'BAD_REQUEST', // the request itself is malformed
  'PAYLOAD_TOO_LARGE', // 413
  'QUERY_TOO_COMPLEX', // a limit; `reason` says which
  'NOT_FOUND',
  'CONFLICT',
  'UPSTREAM_BAD_REQUEST', // the upstream refused a request the facade built
  'UPSTREAM_UNAVAILABLE', // the upstream failed, timed out or answered nonsense
  'PROTOCOL_UNAVAILABLE', // 503: the protocol log cannot record; nothing is disclosed
  'RATE_LIMITED', // 429: a quota of the caller is used up; Retry-After says when to try again
  'QUOTA_UNAVAILABLE', // 503: quotas cannot be counted; no personal data
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes that refuse a caller (recorded as denied, not as an error): FORBIDDEN and the purpose phase's. */
export const DENIAL_CODES: ReadonlySet<ErrorCode> = new Set(['FORBIDDEN', 'CLIENT_NOT_REGISTERED', 'PURPOSE_REQUIRED', 'PURPOSE_NOT_PERMITTED']);

/** Why something is denied (code FORBIDDEN), with the message the caller reads. */
export const DENIAL_MESSAGES = {
  // purpose and policy (BRP)
  NO_PURPOSE: 'No purpose (doelbinding) permits personal data for this caller.',
  CLIENT_REQUIRES_USER: 'This application receives personal data only on behalf of an employee (delegated token).',
  FIELD_NOT_IN_PURPOSE: 'This field is not part of the purpose of the request.',
  QUERY_NOT_IN_PURPOSE: 'This kind of query is not part of the purpose of the request.',
  CRITERION_NOT_IN_PURPOSE: 'This search criterion reveals a field that is not part of the purpose of the request.',
  OUTSIDE_MUNICIPALITY: 'The purpose of the request is limited to the own municipality.',
  NATIONWIDE_ONLY: 'This question finds a person anywhere in the country before the purpose\'s own rules can apply: it needs a nationwide purpose.',
  NOT_COVERED_BY_POLICY: 'No rule of the policy permits this field.',
  DOCUMENT_NOT_TRUSTED: 'This operation is not one of the registered documents of this application.',
  OPERATION_REJECTED: 'The operation asks for fields that the purpose of the request does not permit.',
  UPSTREAM_FORBIDDEN: 'The upstream service refused access for this request.',
  // registration (BRP and Edu-V alike)
  CLIENT_NOT_REGISTERED: 'This application is not registered for this exchange.',
  // Edu-V layers, in order (src/domains/eduv/layers.ts)
  EDUV_NOT_CONFIGURED: 'This facade does not serve Edu-V exchanges.',
  PARTICIPANT_UNKNOWN: 'The organisation of this application is not a known Edu-V participant.',
  SCOPE_NOT_REGISTERED: 'The registration of this application does not include the scope this needs.',
  SCOPE_MISSING: 'The access token does not carry the scope this needs.',
  TOKEN_NOT_CERTIFICATE_BOUND: 'This exchange needs a token bound to the TLS client certificate it is presented with.',
  TOKEN_TOO_OLD: 'This exchange needs a more recently issued access token.',
  ONDERWIJSAANBIEDER_UNKNOWN: 'The onderwijsaanbieder is not known.',
  ACTIVATION_REQUIRED: 'The school has not activated this exchange for this application.',
  ACTIVATION_PENDING: 'The activation of this exchange waits for the receiver to confirm it.',
  PROCESSING_AGREEMENT_REQUIRED: 'No valid processing agreement covers this exchange.',
  // Edu-V activation management
  NOT_APPLICATIEBEHEERDER: 'Only an applicatiebeheerder of this onderwijsaanbieder manages its activations.',
  NOT_BEHEER_APPLICATION: 'Activations are managed only through a registered beheer application.',
  ACR_TOO_LOW: 'Managing activations needs a login at eIDAS substantial or high.',
  NOT_RECEIVER: 'Only the receiving participant confirms an activation.',
  // the privacy officer's view of the protocol
  OVERSIGHT_PURPOSE_REQUIRED: 'Only the purpose of protocol oversight (the privacy officer\'s) reads the protocol log.',
  OVERSIGHT_BY_EMPLOYEE_ONLY: 'The protocol log is read by an employee, not by an application on its own.',
} as const satisfies Record<string, string>;

export type DenialReason = keyof typeof DENIAL_MESSAGES;

export function isDenialReason(value: unknown): value is DenialReason {
  return typeof value === 'string' && Object.hasOwn(DENIAL_MESSAGES, value);
}
