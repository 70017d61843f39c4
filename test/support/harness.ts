// A whole facade for black-box tests: the BRP mock and a token issuer on free
// ports, the facade in front of them, and a small GraphQL client over HTTP.
import { startBrpMock, type BrpMock } from '../../src/dev/mocks/brp/server.ts';
import { startHistorieMock, type HistorieMock } from '../../src/dev/mocks/historie/server.ts';
import { startReisdocumentenMock, type ReisdocumentenMock } from '../../src/dev/mocks/reisdocumenten/server.ts';
import { startBewoningMock, type BewoningMock } from '../../src/dev/mocks/bewoning/server.ts';
import { startBagMock, type BagMock } from '../../src/dev/mocks/bag/server.ts';
import { BagClient } from '../../src/domains/bag/client.ts';
import { createAccessTokenVerifier } from '../../src/base/auth/verify-access-token.ts';
import { BrpClient } from '../../src/domains/brp/client.ts';
import { startFacade, type FacadeOptions, type RunningFacade } from '../../src/pipeline/facade.ts';
import { silentLogger, type Logger } from '../../src/base/log/logger.ts';
import type { UpstreamObserver } from '../../src/base/upstream/observed-call.ts';
import { startTestIssuer } from './token-issuer.ts';
import { loadPolicy } from '../../rules/policy.ts';
import type { ProtocolWriter } from '../../src/pipeline/7-protocol/protocol-plugin.ts';
import type { AccessRecord, ProcessingRecord } from '../../src/engine/protocol/types.ts';

/** The shipped example policy: the demo and the contract of the tests. */
export const examplePolicy = loadPolicy('rules/policy.yaml');

export type TestIssuer = Awaited<ReturnType<typeof startTestIssuer>>;

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
}

/**
 * Records what the protocol phase writes, in memory: for tests about other phases. The real
 * store-backed log is tested on its own and end to end in test/protocol-http.test.ts.
 */
export class RecordingProtocol implements ProtocolWriter {
  readonly access: AccessRecord[] = [];
  readonly processing: ProcessingRecord[] = [];
  async record(access: AccessRecord, processing: readonly ProcessingRecord[]): Promise<void> {
    this.access.push(access);
    this.processing.push(...processing);
  }
}

export interface Harness {
  /** The protocol writer the facade uses (a RecordingProtocol unless one was given). */
  protocol: ProtocolWriter;
  facade: RunningFacade;
  mock: BrpMock;
  /** The BRP Verblijfplaatshistorie and Reisdocumenten mocks. */
  historie: HistorieMock;
  reisdocumenten: ReisdocumentenMock;
  /** The BRP Bewoning and BAG mocks. */
  bewoning: BewoningMock;
  bag: BagMock;
  issuer: TestIssuer;
  brp: BrpClient;
  /** Token for a user of `procesapp` with the given roles (or other claims). */
  token(claims?: Record<string, unknown>): Promise<string>;
  query<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** The `fields` of every RaadpleegMetBurgerservicenummer/Zoek call the mock received since the last clear. */
  upstreamRequests(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  protocol?: ProtocolWriter;
  protocolReady?: () => Promise<boolean>;
  facade?: Partial<Omit<FacadeOptions, 'verifier' | 'brp' | 'brpApis' | 'bag' | 'logger'>>;
  brpTimeoutMs?: number;
  /** Trust this issuer instead of a new one: several facades behind one IdP. Not closed by this harness. */
  issuer?: TestIssuer;
  /** How the issuer's tokens are read (AUTH_PROFILE); default rfc9068. */
  authProfile?: 'rfc9068' | 'keycloak' | 'entra';
  /** ROLES_CLAIM; default `roles`, null for unset (the profile's own). */
  rolesClaim?: string | null;
  /** The facade's logger; default silent. */
  logger?: Logger;
  /** Told of every BRP call (the metrics). */
  upstreamObserver?: UpstreamObserver;
  /** Calls at once per BRP API beside Personen (BRP_MAX_CONNECTIONS). */
  brpMaxConnections?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const mock = await startBrpMock({ port: 0 });
  const issuer = options.issuer ?? (await startTestIssuer());
  const verifier = createAccessTokenVerifier({
    issuers: [{ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: issuer.audience, ...(options.authProfile ? { profile: options.authProfile } : {}) }],
    ...(options.rolesClaim === null ? {} : { rolesClaim: options.rolesClaim ?? 'roles' }),
    clockToleranceSeconds: 30,
  });
  const brp = new BrpClient({ url: mock.url, timeoutMs: options.brpTimeoutMs ?? 5000 }, options.upstreamObserver);
  // The documents' validity against a fixed day, so that expiry does not change the tests' answers.
  const [historie, reisdocumenten, bewoning, bag] = await Promise.all([
    startHistorieMock({ port: 0 }),
    startReisdocumentenMock({ port: 0, now: () => new Date('2026-06-01T12:00:00Z') }),
    startBewoningMock({ port: 0 }),
    startBagMock({ port: 0, apiKey: 'bag-test-key' }),
  ]);
  const bagClient = new BagClient({ url: bag.url, apiKey: 'bag-test-key', timeoutMs: options.brpTimeoutMs ?? 5000 }, options.upstreamObserver);
  const brpApis = {
    historie: new BrpClient({ url: historie.url, timeoutMs: options.brpTimeoutMs ?? 5000, maxConnections: options.brpMaxConnections }, options.upstreamObserver, 'brp-historie', '/verblijfplaatshistorie'),
    reisdocumenten: new BrpClient({ url: reisdocumenten.url, timeoutMs: options.brpTimeoutMs ?? 5000, maxConnections: options.brpMaxConnections }, options.upstreamObserver, 'brp-reisdocumenten', '/reisdocumenten'),
    bewoning: new BrpClient({ url: bewoning.url, timeoutMs: options.brpTimeoutMs ?? 5000, maxConnections: options.brpMaxConnections }, options.upstreamObserver, 'brp-bewoning', '/bewoningen'),
  };
  const protocol = options.protocol ?? new RecordingProtocol();
  const facade = await startFacade({
    port: 0,
    host: '127.0.0.1',
    verifier,
    brp,
    brpApis,
    bag: bagClient,
    logger: options.logger ?? silentLogger,
    introspection: true,
    policy: examplePolicy,
    gemeenteCode: '0599',
    authzMode: 'filter',
    explain: true,
    protocol,
    protocolReady: options.protocolReady ?? (async () => true),
    ...options.facade,
  });
  const token = (claims: Record<string, unknown> = {}) =>
    issuer.sign({ sub: 'medewerker-test', client_id: 'procesapp', roles: ['burgerzaken'], ...claims });

  return {
    protocol,
    facade,
    mock,
    historie,
    reisdocumenten,
    bewoning,
    bag,
    issuer,
    brp,
    token,
    async query(query, { variables, token: given, headers = {} } = {}) {
      const bearer = given === undefined ? await token() : given;
      const response = await fetch(`${facade.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] } as never;
    },
    upstreamRequests: () => mock.requests.map((r: { body: unknown }) => r.body as Record<string, unknown>),
    async close() {
      await facade.close();
      await brp.close();
      await Promise.all([brpApis.historie.close(), brpApis.reisdocumenten.close(), brpApis.bewoning.close(), bagClient.close()]);
      await Promise.all([mock.close(), historie.close(), reisdocumenten.close(), bewoning.close(), bag.close()]);
      if (!options.issuer) await issuer.close();
    },
  };
}
