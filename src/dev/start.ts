// Development entry of `npm start`. With no configuration it runs on its embedded defaults: the
// BRP mock, the Edu-V mock and the development identity provider on their own ports, over real
// HTTP, with the sandbox. Each external setting (BRP_URL, AUTH_ISSUER, EDUV_URL) overrides its
// embedded part. Never part of the build: production starts src/main.ts.
import { randomUUID } from 'node:crypto';
import { runApplication, type EmbeddedParts } from '../application.ts';
import { createAuthConfig } from '../base/auth/config.ts';
import { AUTH_VARIABLES } from '../base/auth/variables.ts';
import { readVariables } from '../base/config/variables.ts';
import { createLogger } from '../base/log/logger.ts';

const logger = createLogger();

const embedded: EmbeddedParts = {
  // Each part is loaded when it is needed: a configured BRP_URL or AUTH_ISSUER loads no mock or IdP.
  async brp(config) {
    const { startBrpMock } = await import('./mocks/brp/server.ts');
    const mock = await startBrpMock({ port: config.embedded.brpMockPort, host: '127.0.0.1', logger: logger.child({ service: 'mock-brp' }) });
    logger.info({ url: mock.url }, 'embedded BRP mock started (development)');
    return { url: mock.url, close: () => mock.close() };
  },
  async historie(config) {
    const { startHistorieMock } = await import('./mocks/historie/server.ts');
    const mock = await startHistorieMock({ port: config.embedded.historieMockPort, host: '127.0.0.1', logger: logger.child({ service: 'mock-brp-historie' }) });
    logger.info({ url: mock.url }, 'embedded BRP Verblijfplaatshistorie mock started (development)');
    return { url: mock.url, close: () => mock.close() };
  },
  async reisdocumenten(config) {
    const { startReisdocumentenMock } = await import('./mocks/reisdocumenten/server.ts');
    const mock = await startReisdocumentenMock({ port: config.embedded.reisdocumentenMockPort, host: '127.0.0.1', logger: logger.child({ service: 'mock-brp-reisdocumenten' }) });
    logger.info({ url: mock.url }, 'embedded Reisdocumenten mock started (development)');
    return { url: mock.url, close: () => mock.close() };
  },
  async bewoning(config) {
    const { startBewoningMock } = await import('./mocks/bewoning/server.ts');
    const mock = await startBewoningMock({ port: config.embedded.bewoningMockPort, host: '127.0.0.1', logger: logger.child({ service: 'mock-brp-bewoning' }) });
    logger.info({ url: mock.url }, 'embedded BRP Bewoning mock started (development)');
    return { url: mock.url, close: () => mock.close() };
  },
  async bag(config) {
    const { startBagMock } = await import('./mocks/bag/server.ts');
    // A key of its own each start: the facade is the mock's only client.
    const apiKey = randomUUID();
    const mock = await startBagMock({ port: config.embedded.bagMockPort, host: '127.0.0.1', apiKey, logger: logger.child({ service: 'mock-bag' }) });
    logger.info({ url: mock.url }, 'embedded BAG mock started (development)');
    return { url: mock.url, apiKey, close: () => mock.close() };
  },
  async auth(config, policy) {
    const { startDevIdp } = await import('./idp/server.ts');
    const { createSandboxRoute } = await import('./sandbox/route.ts');
    const idp = await startDevIdp({ port: config.embedded.devIdpPort, host: '127.0.0.1', audience: config.embedded.audience });
    const authConfig = createAuthConfig({
      issuers: [{ issuer: idp.issuer, audience: config.embedded.audience, jwksUrl: idp.jwksUrl }],
      rolesClaim: readVariables(AUTH_VARIABLES, process.env, config.mode).ROLES_CLAIM,
    });
    logger.info({ issuer: idp.issuer }, 'embedded development identity provider started; `npm run token -- <persona>` prints a token');
    // The sandbox picks personas from this IdP: development only, never with NODE_ENV=production.
    const extraRoutes = await createSandboxRoute({ idp, logger, policy });
    return { authConfig, extraRoutes, close: () => idp.close() };
  },
  async eduv(config) {
    const { startEduvMock } = await import('./mocks/eduv/server.ts');
    const { mockClientKeys } = await import('./mocks/eduv/authorization.ts');
    // The facade's participant key, made each start: the mock registers its public half and then
    // serves nothing without a token from its own endpoint, as a supplier's service would.
    const { privateKey, jwk } = await mockClientKeys('ES256');
    const clientId = 'facade-participant';
    const mock = await startEduvMock({
      port: config.embedded.eduvMockPort,
      host: '127.0.0.1',
      logger: logger.child({ service: 'mock-eduv' }),
      authorization: { clients: { [clientId]: { jwk } } },
    });
    logger.info({ url: mock.url, tokenUrl: mock.tokenUrl }, 'embedded Edu-V mock started (development); it requires the facade\'s token');
    return { url: mock.url, outbound: { clientCredentials: { tokenUrl: mock.tokenUrl!, clientId, privateKey, alg: 'ES256' } }, close: () => mock.close() };
  },
};

runApplication(embedded);
