// How the facade reaches the BRP Personen API, declared once.
import { defineVariables, httpUrl, text, wholeNumber } from '../../base/config/variables.ts';

export const BRP_VARIABLES = defineVariables({
  BRP_URL: { description: 'base URL of BRP Personen Bevragen (`/personen` is appended); development: the embedded mock', schema: httpUrl(), requiredIn: 'production' },
  BRP_HISTORIE_URL: { description: 'base URL of BRP Verblijfplaatshistorie bevragen (`/verblijfplaatshistorie` is appended); default BRP_URL (RvIG\'s gateway serves both); development: the embedded mock', schema: httpUrl() },
  BRP_REISDOCUMENTEN_URL: { description: 'base URL of Reisdocumenten bevragen (`/reisdocumenten` is appended); default BRP_URL; development: the embedded mock', schema: httpUrl() },
  BRP_BEWONING_URL: { description: 'base URL of BRP Bewoning (`/bewoningen` is appended); default BRP_URL; development: the embedded mock', schema: httpUrl() },
  BRP_MAX_CONNECTIONS: { description: 'calls at once per BRP API at most (the persons of one level are fetched concurrently up to this); more wait', schema: wholeNumber(1, 1024), default: '64' },
  BRP_TIMEOUT_MS: { description: 'upstream timeout per call', schema: wholeNumber(100, 120_000), default: '5000' },
  BRP_TLS_CERT_FILE: { description: 'PEM client certificate for mTLS towards the gateway (PKIoverheid), with BRP_TLS_KEY_FILE', schema: text() },
  BRP_TLS_KEY_FILE: { description: 'PEM private key of BRP_TLS_CERT_FILE', schema: text() },
  BRP_TLS_CA_FILE: { description: 'PEM CA the gateway\'s certificate is verified against', schema: text() },
  BRP_API_KEY: { description: 'API key header towards the gateway', schema: text(), secret: true },
  BRP_TOKEN_URL: { description: 'the facade\'s own OAuth client credentials: token endpoint (with BRP_CLIENT_ID, BRP_CLIENT_SECRET)', schema: httpUrl() },
  BRP_CLIENT_ID: { description: 'client id of the facade\'s own client credentials', schema: text() },
  BRP_CLIENT_SECRET: { description: 'client secret of the facade\'s own client credentials', schema: text(), secret: true },
  BRP_SCOPE: { description: 'scope asked with the facade\'s own client credentials', schema: text() },
});
