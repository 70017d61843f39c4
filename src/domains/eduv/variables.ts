// Edu-V settings, declared once. In development the mock services start embedded and the demo
// registry seed is applied; in production Edu-V is on when EDUV_URL is set.
import { z } from 'zod';
import { defineVariables, httpUrl, oneOf, text, wholeNumber } from '../../base/config/variables.ts';
import { CERTIFICATE_BINDINGS } from './layers.ts';
import { CLIENT_ASSERTION_ALGS } from '../../base/upstream/client-credentials.ts';
import { checkOin } from './registry/oin.ts';

export const EDUV_VARIABLES = defineVariables({
  EDUV_URL: { description: 'base URL of the supplier\'s Edu-V services; production: Edu-V is off without it; development: the embedded mock', schema: httpUrl() },
  EDUV_TIMEOUT_MS: { description: 'upstream timeout per call', schema: wholeNumber(100, 120_000), default: '5000' },
  EDUV_SENDER_OIN: {
    description: 'OIN of the participant this facade acts for (required with EDUV_URL in production; development: the seed\'s `self`)',
    schema: z.string().superRefine((v, ctx) => {
      const check = checkOin(v);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.problem });
    }),
  },
  EDUV_MAX_TOKEN_AGE_SECONDS: { description: 'maximum age of a token for confidential classes (III, IV)', schema: wholeNumber(10, 86_400), default: '300' },
  EDUV_CERTIFICATE_BINDING: {
    description: '`required`: classes III and IV only to a token bound to the request\'s client certificate (TLS or a trusted proxy\'s CLIENT_CERT_HEADER); `when-presented`: a migration setting, unbound tokens served where no certificate is presented (logged at start-up)',
    schema: oneOf(CERTIFICATE_BINDINGS),
    default: { development: 'when-presented', production: 'required' },
  },
  EDUV_TOKEN_URL: {
    description: 'the facade\'s own credentials towards the Edu-V services (NL GOV OAuth client credentials, `private_key_jwt`): the token endpoint; with EDUV_CLIENT_ID and EDUV_CLIENT_KEY_FILE',
    schema: httpUrl(),
  },
  EDUV_CLIENT_ID: { description: 'client id of the facade\'s participant at EDUV_TOKEN_URL', schema: text() },
  EDUV_CLIENT_KEY_FILE: { description: 'PEM private key (PKCS#8, RSA or EC P-256) signing the client assertion; its public key is registered with the token endpoint', schema: text() },
  EDUV_CLIENT_KEY_ID: { description: '`kid` of EDUV_CLIENT_KEY_FILE in the JWKS registered with the token endpoint', schema: text() },
  EDUV_CLIENT_ASSERTION_ALG: { description: 'signature of the client assertion: RS256, PS256 or ES256 (default: RS256 for an RSA key, ES256 for an EC key)', schema: oneOf(CLIENT_ASSERTION_ALGS) },
  EDUV_TOKEN_SCOPE: { description: 'scope asked at EDUV_TOKEN_URL (space-separated), when the authorisation server wants one', schema: text() },
  EDUV_TLS_CERT_FILE: { description: 'PEM client certificate (PKIoverheid) for mTLS towards the Edu-V services and EDUV_TOKEN_URL, with EDUV_TLS_KEY_FILE', schema: text() },
  EDUV_TLS_KEY_FILE: { description: 'PEM private key of EDUV_TLS_CERT_FILE', schema: text() },
  EDUV_TLS_CA_FILE: { description: 'PEM CA the Edu-V services\' and token endpoint\'s certificates are verified against (default: the system\'s)', schema: text() },
  EDUV_CHANGES_POLL_SECONDS: { description: 'how often the leading instance polls the Edu-V change feed for the subscriptions (studentsChanged, subjectOfferingsChanged)', schema: wholeNumber(1, 3_600), default: '5' },
  EDUV_NOTICE_MAX_ATTEMPTS: {
    description: 'consent flow: attempts to deliver an activation notice to the receiver\'s `activations` endpoint before it is marked failed (exponential back-off from 10 s to at most an hour between attempts)',
    schema: wholeNumber(1, 100),
    default: '20',
  },
  EDUV_NOTICE_MAX_AGE_HOURS: { description: 'consent flow: an activation notice not delivered within this many hours of the change is marked failed', schema: wholeNumber(1, 720), default: '24' },
  EDUV_REGISTRY_SEED: { description: 'registry seed applied at start-up (idempotent)', schema: text(), default: { development: 'data/eduv/registry-seed.yaml' } },
  EDUV_CURSOR_KEY: {
    description: '32 bytes, base64, sealing page cursors; the same on every instance (random per process when absent)',
    schema: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded').transform((v) => Buffer.from(v, 'base64')),
    secret: true,
  },
});
