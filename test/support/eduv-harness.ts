// The facade with Edu-V: the Edu-V mock on a free port, the registry in a
// PGlite test store with the demo seed applied, the protocol log in the same
// store, and the BRP harness around it.
import type { ForwardedCertificateOptions } from '../../src/pipeline/1-http/client-certificate.ts';
import type { CertificateBinding } from '../../src/domains/eduv/layers.ts';
import { CursorSealer } from '../../src/domains/eduv/cursor.ts';
import { createEduvRegistry, type EduvRegistry } from '../../src/domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from '../../src/domains/eduv/registry/seed.ts';
import { EduvUpstream } from '../../src/domains/eduv/upstream.ts';
import { startEduvMock, type EduvMock } from '../../src/dev/mocks/eduv/server.ts';
import { createProtocolLog, type ProtocolLog } from '../../src/engine/protocol/protocol-log.ts';
import type { Store } from '../../src/base/storage/store.ts';
import { startHarness, type Harness } from './harness.ts';
import { backends, type TestStore } from './store.ts';

export const RECEIVER_A = '00000003876543210000';
export const SENDER = '00000003123456780000';
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
  registry: EduvRegistry;
  store: Store;
  log: ProtocolLog;
}

export interface EduvHarnessOptions {
  tls?: { cert: string; key: string; clientCa?: string };
  /** Behind an ingress: the forwarded client certificate. */
  forwardedCertificate?: ForwardedCertificateOptions;
  maxTokenAgeSeconds?: number;
  /** Default `when-presented`, as in development: most tests send unbound tokens over plain HTTP. */
  certificateBinding?: CertificateBinding;
}

export async function startEduvHarness(options: EduvHarnessOptions = {}): Promise<EduvHarness> {
  const ts: TestStore = await backends.pglite.open();
  const eduvMock = await startEduvMock({ port: 0 });
  const registry = createEduvRegistry(ts.store);
  const seed = loadEduvSeed('data/eduv/registry-seed.yaml');
  await applyEduvSeed(registry, seed);
  const upstream = new EduvUpstream({ url: eduvMock.url, timeoutMs: 5000 });
  const log = await createProtocolLog(ts.store, { instanceId: `eduv-test-${process.pid}` });
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
      },
    },
  });
  return {
    ...h,
    eduvMock,
    registry,
    store: ts.store,
    log,
    async close() {
      await h.close();
      await upstream.close();
      await eduvMock.close();
      await log.close();
      await ts.close();
    },
  };
}
