// The facade with Edu-V: the Edu-V mock on a free port, the registry in a
// PGlite test store with the demo seed applied, the protocol log in the same
// store, and the BRP harness around it.
import type { ForwardedCertificateOptions } from '../../src/pipeline/1-http/client-certificate.ts';
import type { CertificateBinding } from '../../src/domains/eduv/layers.ts';
import { ClientCredentials } from '../../src/base/upstream/client-credentials.ts';
import { mockClientKeys } from '../../src/dev/mocks/eduv/authorization.ts';
import { CursorSealer } from '../../src/domains/eduv/cursor.ts';
import { createEduvRegistry, type EduvRegistry } from '../../src/domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from '../../src/domains/eduv/registry/seed.ts';
import { EduvUpstream } from '../../src/domains/eduv/upstream.ts';
import { startEduvMock, type EduvMock } from '../../src/dev/mocks/eduv/server.ts';
import { createProtocolLog, type ProtocolLog } from '../../src/engine/protocol/protocol-log.ts';
import type { Store } from '../../src/base/storage/store.ts';
import { startHarness, type Harness } from './harness.ts';
import type { QuotaPluginOptions } from '../../src/pipeline/5-authorise/quota-plugin.ts';
import { randomUUID } from 'node:crypto';
import { inProcessBroadcast, type Broadcast } from '../../src/base/storage/broadcast.ts';
import { ChangeFeed } from '../../src/domains/eduv/changes/change-feed.ts';
import { ChangeHub } from '../../src/domains/eduv/changes/change-hub.ts';
import { backends, type TestStore } from './store.ts';

export const RECEIVER_A = '00000003876543210000';
export const SENDER = '00000003123456780000';
/** The facade's client at the Edu-V mock's token endpoint. */
export const FACADE_PARTICIPANT = 'facade-participant';
export const NARROWED_OFFERING = '110A133-2026-2027-H4-WB';

/** Client-credentials claims of the demo's Edu-V clients. */
export const eduvClient = (clientId: string, scope: string, extra: Record<string, unknown> = {}) => ({ sub: clientId, client_id: clientId, roles: [], scope, ...extra });
export const receiverA = eduvClient('lvs-uitgever', 'eduv.student.basic eduv.education eduv.catalogue eduv.order');
export const beheerder = (aanbieder = '110A133', acr = 'http://eidas.europa.eu/LoA/substantial') => ({
  sub: `beheerder-${aanbieder}`,
  client_id: 'eduv-beheer',
  roles: [`applicatiebeheerder:${aanbieder}`],
  acr,
});

export interface EduvHarness extends Harness {
  eduvMock: EduvMock;
  /** The facade's credentials towards the mock. */
  credentials: ClientCredentials;
  /** The facade's Edu-V participant key (ES256): signs its client assertions and its activation notices. */
  participantKey: Awaited<ReturnType<typeof mockClientKeys>>;
  registry: EduvRegistry;
  store: Store;
  log: ProtocolLog;
  /** The change notifications: not started — a test polls (`changes.poll()`) when it has made a change. */
  changes: ChangeHub;
}

export interface EduvHarnessOptions {
  tls?: { cert: string; key: string; clientCa?: string };
  /** Behind an ingress: the forwarded client certificate. */
  forwardedCertificate?: ForwardedCertificateOptions;
  maxTokenAgeSeconds?: number;
  /** Default `when-presented`, as in development: most tests send unbound tokens over plain HTTP. */
  certificateBinding?: CertificateBinding;
  /** The store (default a PGlite copy) and how instances reach each other (default in-process): several facades on one PostgreSQL. */
  store?: () => Promise<TestStore>;
  broadcast?: Broadcast;
  /** Several facades on one store: the seed is applied once, by the first. */
  skipSeed?: boolean;
  /** Several facades: share one mock (its change feed) instead of starting one, and the participant key it knows. */
  eduvMock?: EduvMock;
  participantKey?: Awaited<ReturnType<typeof mockClientKeys>>;
  /** Browser origins allowed (CORS_ORIGINS). */
  corsOrigins?: string[];
  /** Quotas per employee and client (off when not given). */
  quota?: QuotaPluginOptions;
}

export async function startEduvHarness(options: EduvHarnessOptions = {}): Promise<EduvHarness> {
  const ts: TestStore = await (options.store ?? backends.pglite.open)();
  // As in development: the mock serves nothing without a token of its own endpoint, which the
  // facade gets with its participant key (private_key_jwt).
  const participantKey = options.participantKey ?? (await mockClientKeys('ES256'));
  const ownMock = !options.eduvMock;
  const eduvMock = options.eduvMock ?? (await startEduvMock({ port: 0, authorization: { clients: { [FACADE_PARTICIPANT]: { jwk: participantKey.jwk } } } }));
  const credentials = new ClientCredentials({ tokenUrl: eduvMock.tokenUrl!, clientId: FACADE_PARTICIPANT, privateKey: participantKey.privateKey, alg: 'ES256' });
  const registry = createEduvRegistry(ts.store);
  const seed = loadEduvSeed('data/eduv/registry-seed.yaml');
  if (!options.skipSeed) await applyEduvSeed(registry, seed);
  const upstream = new EduvUpstream({ url: eduvMock.url, timeoutMs: 5000, credentials });
  const log = await createProtocolLog(ts.store, { instanceId: `eduv-test-${process.pid}-${randomUUID().slice(0, 8)}` });
  const changes = new ChangeHub(new ChangeFeed(upstream, ts.store), options.broadcast ?? inProcessBroadcast(), { intervalMs: 60_000 });
  const h = await startHarness({
    protocol: log,
    protocolReady: () => log.ready(),
    facade: {
      tls: options.tls,
      forwardedCertificate: options.forwardedCertificate,
      eduv: {
        registry,
        upstream,
        settings: { registry, senderOin: seed.self, maxTokenAgeSeconds: options.maxTokenAgeSeconds ?? 300, certificateBinding: options.certificateBinding ?? 'when-presented' },
        cursors: new CursorSealer(),
        changes,
      },
      corsOrigins: options.corsOrigins,
      quota: options.quota,
    },
  });
  return {
    ...h,
    eduvMock,
    credentials,
    participantKey,
    registry,
    store: ts.store,
    log,
    changes,
    async close() {
      await h.close();
      await changes.close();
      await upstream.close();
      if (ownMock) await eduvMock.close();
      await log.close();
      await ts.close();
    },
  };
}
