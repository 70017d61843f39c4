// Edu-V for one request: the layer decisions, remembered per (dienst,
// aanbieder) so that the rule that authorises a root field and the resolver
// that narrows its rows see the same activation, and the registry is asked once.
import type { CursorSealer } from './cursor.ts';
import type { Gegevensdienst } from './diensten.ts';
import { checkExchange, effectiveScopes, type CallerCredentials, type ExchangeDecision, type ExchangeSettings } from './layers.ts';
import type { EduvRegistry } from './registry/registry.ts';
import type { EduvUpstream } from './upstream.ts';
import type { ChangeHub } from './changes/change-hub.ts';

export interface EduvServices {
  registry: EduvRegistry;
  upstream: EduvUpstream;
  settings: ExchangeSettings;
  cursors: CursorSealer;
  /** Change notifications for the subscriptions (absent: not served). */
  changes?: ChangeHub;
}

export class EduvRequest {
  private readonly decisions = new Map<string, Promise<ExchangeDecision>>();
  private scopeSet?: Promise<ReadonlySet<string>>;

  constructor(
    readonly services: EduvServices,
    readonly caller: CallerCredentials,
  ) {}

  exchange(dienst: Gegevensdienst, onderwijsaanbieder?: string): Promise<ExchangeDecision> {
    const key = `${dienst}|${onderwijsaanbieder ?? ''}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = checkExchange(this.services.settings, this.caller, dienst, onderwijsaanbieder);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /**
   * The same caller with nothing remembered: a subscription decides its layers again for every event,
   * since an activation or agreement may have ended since the last.
   */
  fresh(): EduvRequest {
    return new EduvRequest(this.services, this.caller);
  }

  /** Token scopes within the client's registration; empty for a client that is not an Edu-V client. */
  scopes(): Promise<ReadonlySet<string>> {
    this.scopeSet ??= this.services.registry
      .client(this.caller.principal.clientId)
      .then((client) => (client ? effectiveScopes(this.caller.principal, client) : new Set<string>()));
    return this.scopeSet;
  }
}
