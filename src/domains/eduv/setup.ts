// Brings up Edu-V for the facade: the upstream at `url` (in development the
// wiring starts the mock and passes its URL), the registry in the shared store
// with its seed applied, and the layer settings.
import type { UpstreamObserver } from '../../base/upstream/observed-call.ts';
import type { Logger } from '../../base/log/logger.ts';
import type { Store } from '../../base/storage/store.ts';
import { ConfigError } from '../../base/config/env.ts';
import type { EduvConfig } from './config.ts';
import { CursorSealer } from './cursor.ts';
import { createEduvRegistry } from './registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from './registry/seed.ts';
import type { EduvServices } from './request-access.ts';
import { EduvUpstream } from './upstream.ts';

export async function startEduv(config: EduvConfig, url: string, store: Store, logger: Logger, observe?: UpstreamObserver): Promise<{ services: EduvServices; close(): Promise<void> }> {
  const closers: Array<() => Promise<void>> = [];
  const registry = createEduvRegistry(store);
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
  const upstream = new EduvUpstream({ url, timeoutMs: config.timeoutMs }, observe);
  closers.push(() => upstream.close());
  return {
    services: {
      registry,
      upstream,
      settings: { registry, senderOin, maxTokenAgeSeconds: config.maxTokenAgeSeconds, certificateBinding: config.certificateBinding },
      cursors: new CursorSealer(config.cursorKey),
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}
