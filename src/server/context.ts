// What every resolver gets: who is asking, and the per-request upstream access.
// Built once per request by the authenticate phase (src/server/request-context.ts).
import type { Principal } from '../auth/principal.ts';
import type { BrpClient } from '../brp/client.ts';
import type { PersonLoader } from '../brp/person-loader.ts';

export interface RequestContext {
  principal: Principal;
  /** W3C traceparent sent to the upstream. */
  traceparent?: string;
  brp: {
    client: BrpClient;
    /** Per-request: batches and de-duplicates BSN look-ups. */
    persons: PersonLoader;
  };
}
