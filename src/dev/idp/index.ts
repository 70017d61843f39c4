// Public surface of the development identity provider.
export { startDevIdp, DevIdpRefusedError, type DevIdp, type DevIdpOptions } from './server.ts';
export { DEV_CLIENTS, findDevClient, type DevClient, type DevGrant } from './clients.ts';
export { DEFAULT_DEV_CLIENT_KEY_SEED } from './client-keys.ts';
export { GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_ACCESS_TOKEN } from './grant-types.ts';
export {
  DevTokenRequestError,
  UnknownPersonaError,
  discoverDevIdp,
  requestPersonaToken,
  requestTokenExchange,
  tokenRequest,
  type DevIdpEndpoint,
} from './token-client.ts';
