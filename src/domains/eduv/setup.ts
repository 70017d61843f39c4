// Brings up Edu-V for the facade: the upstream at `url` (in development the
// wiring starts the mock and passes its URL), the registry in the shared store
// with its seed applied, the layer settings, and the deliverer of the consent flow's activation
// notices (activation-notices.ts), stopped in close() after its attempt in flight.
import type { UpstreamObserver } from '../../base/upstream/observed-call.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { Store } from '../../base/storage/store.ts';
import { ConfigError } from '../../base/config/env.ts';
import { Agent } from 'undici';
import { ClientCredentials } from '../../base/upstream/client-credentials.ts';
import type { EduvConfig, EduvOutbound } from './config.ts';
import { CursorSealer } from './cursor.ts';
import { createEduvRegistry } from './registry/registry.ts';
import { noticeSigner, startNoticeDelivery, type NoticeDelivery } from './activation-notices.ts';
import { applyEduvSeed, loadEduvSeed } from './registry/seed.ts';
import type { EduvServices } from './request-access.ts';
import { EduvUpstream } from './upstream.ts';
import { inProcessBroadcast, type Broadcast } from '../../base/storage/broadcast.ts';
import { ChangeFeed } from './changes/change-feed.ts';
import { ChangeHub } from './changes/change-hub.ts';

/** `outbound`: how to authenticate towards the service at `url` (the configuration's, or the embedded mock's in development). */
export async function startEduv(
  config: EduvConfig,
  { url, outbound }: { url: string; outbound: EduvOutbound },
  store: Store,
  logger: Logger,
  observe?: UpstreamObserver,
  /** Reaches every instance (PostgreSQL LISTEN/NOTIFY; in-process with the embedded store): the change notifications. */
  broadcast: Broadcast = inProcessBroadcast(),
): Promise<{ services: EduvServices; close(): Promise<void> }> {
  const closers: Array<() => Promise<void>> = [];
  let notices: NoticeDelivery | undefined;
  // A notice written by this process is sent at once; those of other instances and the CLI at the next poll.
  const registry = createEduvRegistry(store, { onNotice: () => notices?.nudge() });
  let senderOin = config.senderOin;
  if (config.seedFile) {
    const seed = loadEduvSeed(config.seedFile);
    await applyEduvSeed(registry, seed);
    senderOin ??= seed.self;
    logger.info({ seed: config.seedFile }, 'Edu-V registry seed applied');
  }
  if (!senderOin) throw new ConfigError('EDUV_SENDER_OIN', 'required: the OIN of the participant this facade acts for');
  if (config.certificateBinding === 'when-presented') {
    logger.warn('Edu-V classes III and IV are served to tokens that are not certificate-bound where no client certificate is presented (EDUV_CERTIFICATE_BINDING=when-presented)');
  }
  // The token endpoint is reached with the same certificate as the service (RFC 8705 may bind the token to it).
  const tokenDispatcher = outbound.clientCredentials && outbound.tls ? new Agent({ connect: { ...outbound.tls } }) : undefined;
  if (tokenDispatcher) closers.push(() => tokenDispatcher.close());
  const credentials = outbound.clientCredentials
    ? new ClientCredentials({ ...outbound.clientCredentials, dispatcher: tokenDispatcher, timeoutMs: config.timeoutMs })
    : undefined;
  if (credentials) logger.info({ tokenUrl: outbound.clientCredentials!.tokenUrl, clientId: outbound.clientCredentials!.clientId, mtls: Boolean(outbound.tls) }, 'Edu-V services are called with the participant\'s client credentials (private_key_jwt)');
  else logger.warn({ mtls: Boolean(outbound.tls) }, 'Edu-V services are called without an access token (no EDUV_TOKEN_URL)');
  const upstream = new EduvUpstream({ url, timeoutMs: config.timeoutMs, credentials, tls: outbound.tls }, observe);
  closers.push(() => upstream.close());
  // Notices are signed with the participant key of the client assertions; without one they wait in the outbox.
  const participantKey = outbound.clientCredentials;
  if (participantKey) {
    const noticeDispatcher = outbound.tls ? new Agent({ connect: { cert: outbound.tls.cert, key: outbound.tls.key } }) : undefined;
    if (noticeDispatcher) closers.push(() => noticeDispatcher.close());
    const delivery = startNoticeDelivery({
      store,
      logger,
      senderOin,
      signer: await noticeSigner(participantKey),
      requireHttps: config.notices?.requireHttps ?? true,
      maxAttempts: config.notices?.maxAttempts,
      maxAgeMs: config.notices?.maxAgeMs,
      dispatcher: noticeDispatcher,
    });
    notices = delivery;
    closers.push(() => delivery.stop());
  } else {
    logger.warn('Edu-V activation notices are kept in the outbox, not sent: no participant key to sign them (EDUV_TOKEN_URL with EDUV_CLIENT_KEY_FILE)');
  }
  // Closed before the upstream (closers run in reverse): the poll in flight finishes first.
  const changes = new ChangeHub(new ChangeFeed(upstream, store), broadcast, {
    intervalMs: config.changesPollMs,
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'Edu-V change feed: poll failed; the next poll tries again'),
  });
  changes.start();
  closers.push(() => broadcast.close(), () => changes.close());
  return {
    services: {
      registry,
      upstream,
      settings: { registry, senderOin, maxTokenAgeSeconds: config.maxTokenAgeSeconds, certificateBinding: config.certificateBinding },
      cursors: new CursorSealer(config.cursorKey),
      changes,
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}
